// The ESLint 10 flat-config check on the other supported Node majors (Node 20 runs the rest of
// the suite), with Node binaries installed from npm.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eslint10Project, fromEslintJson, referenceFindings } from './support/findings.js';
import { eslint, installedTool } from './support/package.js';
import { run } from './support/run.js';
import { VERSIONS } from './support/versions.js';

describe.each([VERSIONS.node22, VERSIONS.node24])('ESLint 10 on %s', (spec) => {
  let node: string;
  let project: string;

  beforeAll(async () => {
    [node, project] = await Promise.all([
      installedTool(spec).then((dir) => path.join(dir, 'bin/node')),
      eslint10Project(),
    ]);
  }, 300_000);

  it('runs that Node', async () => {
    const { stdout } = await run(node, ['--version'], { cwd: project });
    expect(stdout.trim()).toBe(`v${spec.split('@')[1] ?? ''}`);
  });

  it(
    '`eslint .` exits 1 with the same findings',
    async () => {
      const result = await eslint(project, ['--format', 'json', '.'], { node });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(fromEslintJson(result.stdout, project)).toEqual(await referenceFindings());
    },
    120_000,
  );
});
