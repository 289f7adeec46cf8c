import { readFileSync } from 'node:fs';
import type { ESLint, Rule } from 'eslint';
import { createConfigs, NAMESPACE, type LazyImportsConfigs } from './configs.js';
import { rules } from './rules/index.js';

const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

/** The plugin object: `meta`, `rules` and `configs`, as ESLint and oxlint load it. */
export interface LazyImportsPlugin extends ESLint.Plugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  readonly rules: Record<string, Rule.RuleModule>;
  readonly configs: LazyImportsConfigs;
}

const plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as LazyImportsConfigs,
} satisfies LazyImportsPlugin;

// The configs name the plugin object itself, so they are made once it exists.
Object.assign(plugin.configs, createConfigs(plugin));

const exported: LazyImportsPlugin = plugin;

export default exported;
// `require()` of this ES module (ESLint 8 loads plugins that way, on Node ≥ 20.19) returns
// the plugin itself rather than a namespace object with `default`.
export { exported as 'module.exports' };
