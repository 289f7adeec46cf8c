// ESLint 10 and 9 with a flat config, run through the CLI as a user and CI run it, against the
// packed plugin installed into a fixture project.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFixtureFindings, fromEslintJson, referenceFindings, RULE } from './support/findings.js';
import { eslint, fixtureProject, pluginFacts } from './support/package.js';
import { eslintProjectPackages, VERSIONS } from './support/versions.js';

const INSTALL_TIMEOUT = 300_000;
const LINT_TIMEOUT = 120_000;
const POOR_CONCURRENCY_WARNING =
  /^\(node:\d+\) ESLintPoorConcurrencyWarning: .*\n\(Use `node --trace-warnings \.\.\.` .*\n/m;

describe.each([
  { label: 'ESLint 10', eslintPackage: VERSIONS.eslint10 },
  { label: 'ESLint 9', eslintPackage: VERSIONS.eslint9 },
])('$label, flat config', ({ eslintPackage }) => {
  let project: string;

  beforeAll(async () => {
    project = await fixtureProject(eslintProjectPackages(eslintPackage));
  }, INSTALL_TIMEOUT);

  it('runs the installed ESLint of the expected major', async () => {
    const { stdout } = await eslint(project, ['--version']);
    expect(stdout.trim()).toBe(`v${eslintPackage.split('@')[1] ?? ''}`);
  });

  it(
    '`eslint .` prints each finding and exits 1',
    async () => {
      const result = await eslint(project, ['.']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(path.join(project, 'src/cli.ts'));
      expect(result.stdout).toMatch(/^\s+2:20\s+error\s+Module-level import of heavy 'stripe'/m);
      expect(result.stdout).toContain(RULE);
      expect(result.stdout).toContain('✖ 12 problems (12 errors, 0 warnings)');
    },
    LINT_TIMEOUT,
  );

  it(
    '`--format json` gives the expected findings, the same as ESLint 10',
    async () => {
      const result = await eslint(project, ['--format', 'json', '.']);
      expect(result.code).toBe(1);
      const findings = fromEslintJson(result.stdout, project);
      expectFixtureFindings(findings);
      expect(findings).toEqual(await referenceFindings());
    },
    LINT_TIMEOUT,
  );

  it(
    '`--concurrency 2` gives the same findings',
    async () => {
      const result = await eslint(project, ['--concurrency', '2', '--format', 'json', '.']);
      // On a project this small ESLint advises against threads; anything else is an error.
      expect(result.stderr.replace(POOR_CONCURRENCY_WARNING, '')).toBe('');
      expect(result.code).toBe(1);
      expect(fromEslintJson(result.stdout, project)).toEqual(await referenceFindings());
    },
    LINT_TIMEOUT,
  );

  it(
    'at `warn`, the run passes, and fails with `--max-warnings 0`',
    async () => {
      const lenient = await eslint(project, ['--config', 'eslint.warn.config.js', '--format', 'json', '.']);
      expect(lenient.code).toBe(0);
      expectFixtureFindings(fromEslintJson(lenient.stdout, project), 'warning');

      const strict = await eslint(project, ['--config', 'eslint.warn.config.js', '--max-warnings', '0', '.']);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain('✖ 12 problems (0 errors, 12 warnings)');
      expect(strict.stderr).toContain('ESLint found too many warnings (maximum: 0).');
    },
    LINT_TIMEOUT,
  );

  it('links each rule to a documentation page shipped in the package', async () => {
    const facts = await pluginFacts(project);
    expect(facts.name).toBe('eslint-plugin-lazy-imports');
    expect(facts.configs).toEqual(expect.arrayContaining(['recommended', 'strict', 'legacy-recommended', 'legacy-strict']));
    for (const [name, rule] of Object.entries(facts.rules)) {
      expect(rule.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(existsSync(path.join(project, 'node_modules/eslint-plugin-lazy-imports/docs/rules', `${name}.md`))).toBe(true);
    }
  });
});
