import type { ESLint, Linter } from 'eslint';
import { rules, type RuleName } from './rules/index.js';

/** The plugin's namespace: rules are `lazy-imports/<rule>`, settings `settings['lazy-imports']`. */
export const NAMESPACE = 'lazy-imports';

type RuleEntries = Partial<Record<`${typeof NAMESPACE}/${RuleName}`, Linter.RuleSeverity>>;

function ruleEntries(filter: (name: RuleName) => boolean): RuleEntries {
  const entries: RuleEntries = {};
  for (const name of Object.keys(rules) as RuleName[]) {
    if (filter(name)) entries[`${NAMESPACE}/${name}`] = 'error';
  }
  return entries;
}

/** The configs, derived from rule meta: `recommended` has the rules marked so, `strict` every rule. */
export type LazyImportsConfigs = {
  readonly recommended: Linter.Config;
  readonly strict: Linter.Config;
  readonly 'legacy-recommended': Linter.LegacyConfig;
  readonly 'legacy-strict': Linter.LegacyConfig;
};

/** Builds the flat and legacy configs for the plugin object they belong to. */
export function createConfigs(plugin: ESLint.Plugin): LazyImportsConfigs {
  const recommended = ruleEntries((name) => rules[name].meta.docs?.recommended === true);
  const strict = ruleEntries(() => true);
  return {
    recommended: { name: `${NAMESPACE}/recommended`, plugins: { [NAMESPACE]: plugin }, rules: recommended },
    strict: { name: `${NAMESPACE}/strict`, plugins: { [NAMESPACE]: plugin }, rules: strict },
    'legacy-recommended': { plugins: [NAMESPACE], rules: recommended },
    'legacy-strict': { plugins: [NAMESPACE], rules: strict },
  };
}
