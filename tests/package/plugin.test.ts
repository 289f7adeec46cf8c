import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const root = new URL('../../', import.meta.url);
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string;
  version: string;
};
const ruleFiles = readdirSync(new URL('src/rules/', root))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length));
const ruleNames = Object.keys(plugin.rules);

describe('the plugin object', () => {
  it('carries the package name and version and the lazy-imports namespace', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'lazy-imports' });
  });

  it('exports every rule file under src/rules', () => {
    expect(ruleNames.toSorted()).toEqual(ruleFiles.toSorted());
  });

  it.each(ruleFiles)('%s has a docs page, a test file and a docs URL that points at the page', (name) => {
    expect(existsSync(new URL(`docs/rules/${name}.md`, root))).toBe(true);
    expect(existsSync(new URL(`tests/rules/${name}.test.ts`, root))).toBe(true);
    const rule = plugin.rules[name];
    expect(rule?.meta?.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    expect(rule?.meta?.docs?.description).toMatch(/^[A-Z][a-z]+ /);
  });

  it.each(ruleFiles)('%s is listed in the README rules table', (name) => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain(`docs/rules/${name}.md`);
  });
});

describe('configs', () => {
  const flat = ['recommended', 'strict'] as const;
  const legacy = ['legacy-recommended', 'legacy-strict'] as const;

  it.each(flat)('%s names the plugin and only its real rules', (name) => {
    const config = plugin.configs[name];
    expect(config.plugins?.['lazy-imports']).toBe(plugin);
    for (const rule of Object.keys(config.rules ?? {})) {
      expect(ruleNames.map((r) => `lazy-imports/${r}`)).toContain(rule);
    }
  });

  it.each(legacy)('%s names the plugin by its namespace and only its real rules', (name) => {
    const config = plugin.configs[name];
    expect(config.plugins).toEqual(['lazy-imports']);
    for (const rule of Object.keys(config.rules ?? {})) {
      expect(ruleNames.map((r) => `lazy-imports/${r}`)).toContain(rule);
    }
  });

  it('recommended turns on banned-module-level-imports; strict turns on every rule', () => {
    expect(plugin.configs.recommended.rules).toEqual({ 'lazy-imports/banned-module-level-imports': 'error' });
    expect(Object.keys(plugin.configs.strict.rules ?? {}).toSorted()).toEqual(
      ruleNames.map((r) => `lazy-imports/${r}`).toSorted(),
    );
    expect(plugin.configs['legacy-recommended'].rules).toEqual(plugin.configs.recommended.rules);
    expect(plugin.configs['legacy-strict'].rules).toEqual(plugin.configs.strict.rules);
  });

  it('recommended is a working flat config: it reports a heavy import through ESLint', () => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      "import Stripe from 'stripe';\nexport const make = () => new Stripe('key');\n",
      [plugin.configs.recommended, { settings: { 'lazy-imports': { heavy: ['stripe'] } } }],
      'src/billing.js',
    );
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['lazy-imports/banned-module-level-imports', 1, 20],
    ]);
  });
});
