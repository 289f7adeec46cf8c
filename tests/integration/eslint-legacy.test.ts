// ESLint 8 with a legacy `.eslintrc.json` that extends `plugin:lazy-imports/legacy-recommended`,
// against the packed plugin installed into the fixture project.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFixtureFindings, fromEslintJson, referenceFindings } from './support/findings.js';
import { eslint, fixtureProject } from './support/package.js';
import { eslintProjectPackages, VERSIONS } from './support/versions.js';

// ESLint 8.57 reads eslint.config.js when there is one; this switch makes it read .eslintrc.json.
const LEGACY = { ESLINT_USE_FLAT_CONFIG: 'false' };

describe('ESLint 8, .eslintrc.json', () => {
  let project: string;

  beforeAll(async () => {
    project = await fixtureProject(eslintProjectPackages(VERSIONS.eslint8));
  }, 300_000);

  it('runs ESLint 8', async () => {
    const { stdout } = await eslint(project, ['--version'], { env: LEGACY });
    expect(stdout.trim()).toBe(`v${VERSIONS.eslint8.split('@')[1] ?? ''}`);
  });

  it(
    '`eslint .` exits 1 with the same findings as ESLint 10 on a flat config',
    async () => {
      const result = await eslint(project, ['--format', 'json', '.'], { env: LEGACY });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const findings = fromEslintJson(result.stdout, project);
      expectFixtureFindings(findings);
      expect(findings).toEqual(await referenceFindings());
    },
    120_000,
  );
});
