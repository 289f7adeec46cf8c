// oxlint loading the packed plugin through `jsPlugins` in `.oxlintrc.json`, with the same
// settings as the ESLint configs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFixtureFindings, fromOxlintJson, referenceFindings, RULE } from './support/findings.js';
import { fixtureProject } from './support/package.js';
import { run } from './support/run.js';
import { VERSIONS } from './support/versions.js';

describe('oxlint, jsPlugins', () => {
  let project: string;
  const oxlint = (args: readonly string[]) =>
    run(process.execPath, [path.join(project, 'node_modules/oxlint/bin/oxlint'), ...args], { cwd: project });

  beforeAll(async () => {
    // No parser and no TypeScript: a project that lints with oxlint alone installs only these.
    project = await fixtureProject([VERSIONS.oxlint]);
  }, 300_000);

  it('reads the heavy list from the same settings as the ESLint configs', () => {
    const read = (file: string) => (JSON.parse(readFileSync(path.join(project, file), 'utf8')) as { settings: unknown }).settings;
    expect(read('.oxlintrc.json')).toEqual(read('.eslintrc.json'));
  });

  it(
    '`oxlint` exits 1 with the same findings as ESLint',
    async () => {
      const result = await oxlint(['--format', 'json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      // oxlint's own default rules run too; this door is about the plugin's.
      const findings = fromOxlintJson(result.stdout).filter((finding) => finding.ruleId === RULE);
      expectFixtureFindings(findings);
      expect(findings).toEqual(await referenceFindings());
    },
    120_000,
  );

  it(
    'prints what a terminal user reads',
    async () => {
      const result = await oxlint([]);
      expect(result.code).toBe(1);
      // oxlint colours its report when it sees CI=true, whatever NO_COLOR says.
      const text = result.stdout.replace(/\u001b\[[\d;]*m/g, '');
      expect(text).toContain(`lazy-imports(banned-module-level-imports): Module-level import of heavy 'stripe'`);
      expect(text).toContain('[src/cli.ts:2:20]');
    },
    120_000,
  );
});
