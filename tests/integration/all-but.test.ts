// A command-line app that makes every dependency lazy but a few: `{ name: '**', except }` and an
// eager list, through the packed plugin. One `eslint --fix` with autofix takes the rest off
// start-up and leaves the excepted, eager and built-in imports in place; `lazy-imports trace
// --check` proves it, the program prints the same, and oxlint reads the same list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEslintJson, fromOxlintJson, RULE } from './support/findings.js';
import { eslint, fixtureProject, REPO, scratchCopy } from './support/package.js';
import { run, runOrThrow } from './support/run.js';
import { VERSIONS } from './support/versions.js';

const FIXTURE = path.join(REPO, 'tests/fixtures/integration/all-but');

describe('everything lazy but a few, with eager packages', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-all-but-'));
  let project: string;
  let dir: string;
  const cli = (args: readonly string[]) => run(process.execPath, ['src/cli.js', ...args], { cwd: dir });
  const trace = (args: readonly string[]) =>
    run(process.execPath, [path.join(dir, 'node_modules/eslint-plugin-lazy-imports/dist/command/main.js'), 'trace', ...args], {
      cwd: dir,
      timeout: 120_000,
    });

  beforeAll(async () => {
    project = await fixtureProject([VERSIONS.eslint10, VERSIONS.oxlint], FIXTURE);
    dir = scratchCopy(project, path.join(scratch, 'project'));
  }, 300_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it(
    'reports the covered imports only, with ESLint and oxlint alike',
    async () => {
      const linted = await eslint(project, ['--format', 'json', '.']);
      expect(linted.stderr).toBe('');
      const findings = fromEslintJson(linted.stdout, project);
      expect(findings.map(({ file, line, ruleId }) => ({ file, line, ruleId }))).toEqual([
        { file: 'src/cli.js', line: 5, ruleId: RULE },
        { file: 'src/cli.js', line: 6, ruleId: RULE },
      ]);
      const oxlint = await run(process.execPath, [path.join(project, 'node_modules/oxlint/bin/oxlint'), '--format', 'json'], { cwd: project });
      expect(oxlint.stderr).toBe('');
      const oxlintFindings = fromOxlintJson(oxlint.stdout).filter((finding) => finding.ruleId === RULE);
      expect(oxlintFindings.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual(
        findings.map(({ file, line, column, message }) => ({ file, line, column, message })),
      );
    },
    180_000,
  );

  it(
    'one eslint --fix takes the rest off start-up, trace --check proves it, and the program prints the same',
    async () => {
      const before = await runOrThrow(process.execPath, ['src/cli.js', 'pay', 'order.yaml'], { cwd: dir });
      const hello = await runOrThrow(process.execPath, ['src/cli.js', 'hello'], { cwd: dir });
      expect(before.stdout).toBe('*charged 42 with sk_test*\n');
      expect(hello.stdout).toBe('*hello, metadata yes*\n');
      const failing = await trace(['--check', '--json', '--', process.execPath, 'src/cli.js', 'hello']);
      expect(failing.code).toBe(1);
      const loaded = (JSON.parse(failing.stdout) as { heavyLoaded: { package: string; phase: string }[] }).heavyLoaded;
      expect(loaded.map(({ package: name, phase }) => `${name} ${phase}`).sort()).toEqual(['stripe start-up', 'yaml start-up']);

      const fixed = await eslint(dir, ['--fix', '--format', 'json', '.']);
      expect(fixed.stderr).toBe('');
      expect(fromEslintJson(fixed.stdout, dir)).toEqual([]);
      expect(fixed.code).toBe(0);
      const source = readFileSync(path.join(dir, 'src/cli.js'), 'utf8');
      expect(source.split('\n').slice(0, 5)).toEqual([
        "import 'reflect-metadata';",
        "import { program } from 'commander';",
        "import chalk from 'chalk';",
        "import fs from 'node:fs';",
        '',
      ]);
      expect(source).toContain("program.command('pay').action(async (file) => {\n  const { parse } = await import('yaml');\n  const { default: Stripe } = await import('stripe');\n");

      // `hello` no longer pays for what only `pay` uses.
      const passing = await trace(['--check', '--json', '--', process.execPath, 'src/cli.js', 'hello']);
      expect(passing.stderr).toContain('*hello, metadata yes*');
      expect(passing.code).toBe(0);
      const result = JSON.parse(passing.stdout) as { heavyLoaded: unknown[]; packages: { name: string; phase: string }[] };
      expect(result.heavyLoaded).toEqual([]);
      expect(result.packages.map(({ name, phase }) => `${name} ${phase}`).sort()).toEqual([
        'chalk start-up',
        'commander start-up',
        'reflect-metadata start-up',
      ]);
      expect((await cli(['pay', 'order.yaml'])).stdout).toBe(before.stdout);
      expect((await cli(['hello'])).stdout).toBe(hello.stdout);
      // A second run changes nothing.
      const again = await eslint(dir, ['--fix', '.']);
      expect(again.code).toBe(0);
      expect(readFileSync(path.join(dir, 'src/cli.js'), 'utf8')).toBe(source);
    },
    300_000,
  );
});
