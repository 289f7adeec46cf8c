import bannedModuleLevelImports from './banned-module-level-imports.js';

/** Every rule of the plugin, by name. */
export const rules = {
  'banned-module-level-imports': bannedModuleLevelImports,
};

export type RuleName = keyof typeof rules;
