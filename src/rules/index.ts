import bannedImportChains from './banned-import-chains.js';
import bannedModuleLevelImports from './banned-module-level-imports.js';
import importOutsideToplevel from './import-outside-toplevel.js';
import noIneffectiveLazyImports from './no-ineffective-lazy-imports.js';

/** Every rule of the plugin, by name. */
export const rules = {
  'banned-import-chains': bannedImportChains,
  'banned-module-level-imports': bannedModuleLevelImports,
  'import-outside-toplevel': importOutsideToplevel,
  'no-ineffective-lazy-imports': noIneffectiveLazyImports,
};

export type RuleName = keyof typeof rules;
