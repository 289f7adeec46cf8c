// Sub-projects that compile imports differently, linted through the packed plugin by ESLint 8,
// 9 and 10 and oxlint: each reports a type-only import exactly where that sub-project's build
// keeps it, and all four agree to the message.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEslintJson, fromOxlintJson, RULE, type Finding } from './support/findings.js';
import { packedPlugin, REPO, scratchCopy } from './support/package.js';
import { npm, run, runOrThrow } from './support/run.js';
import { CACHE_ROOT, sharedDirectory, touch } from './support/shared.js';
import { VERSIONS } from './support/versions.js';

const FIXTURE = path.join(REPO, 'tests/fixtures/integration/compile-semantics');

/** Sub-projects whose build keeps imports that no value uses, and those whose build removes them. */
const KEPT = ['verbatim', 'from-package', 'no-tsconfig', 'override', 'broken-extends'];
const ELIDED = ['default', 'isolated', 'relative-off'];

/** Lines of `app.ts` reported where imports are kept: the inline type import, the import used as a type, the type re-export, the value import. */
const KEPT_LINES = [1, 2, 3, 4];
/** Where they are removed, only the import with a value use loads. */
const ELIDED_LINES = [4];

function filesOf(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative)).flatMap((name) => {
    const file = path.join(relative, name);
    if (name === 'node_modules') return [];
    return statSync(path.join(dir, file)).isDirectory() ? filesOf(dir, file) : [file];
  });
}

/** The fixture with the packed plugin, the three ESLint majors (8 and 9 under aliases), the parser and oxlint. */
async function installedFixture(): Promise<string> {
  const plugin = await packedPlugin();
  const packages = [
    VERSIONS.eslint10,
    `eslint9@npm:${VERSIONS.eslint9}`,
    `eslint8@npm:${VERSIONS.eslint8}`,
    VERSIONS.tsParser,
    VERSIONS.typescript,
    VERSIONS.oxlint,
  ];
  const hash = createHash('sha256');
  for (const part of [plugin.hash, ...packages]) hash.update(`${part}\0`);
  for (const file of filesOf(FIXTURE).sort()) hash.update(`${file}\0`).update(readFileSync(path.join(FIXTURE, file)));
  const dir = path.join(CACHE_ROOT, `compile-semantics-${hash.digest('hex').slice(0, 16)}`);
  await sharedDirectory(dir, async (target) => {
    cpSync(FIXTURE, target, { recursive: true });
    await npm(['install', '--save-dev', '--prefer-offline', plugin.tarball, ...packages], target);
  });
  touch(dir);
  return dir;
}

function expectedFindings(project: string): { file: string; line: number }[] {
  return [
    ...KEPT.flatMap((dir) => KEPT_LINES.map((line) => ({ file: `${dir}/app.ts`, line }))),
    ...ELIDED.flatMap((dir) => ELIDED_LINES.map((line) => ({ file: `${dir}/app.ts`, line }))),
    // JavaScript always keeps them.
    { file: 'default/plain.js', line: 2 },
  ]
    .filter(({ file }) => existsSync(path.join(project, file)))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

describe('compile semantics through the packed plugin', () => {
  let project: string;
  const eslint = (bin: string, args: readonly string[], env: Record<string, string> = {}) =>
    run(process.execPath, [path.join(project, 'node_modules', bin, 'bin/eslint.js'), '--format', 'json', ...args], {
      cwd: project,
      env,
    });

  beforeAll(async () => {
    project = await installedFixture();
  }, 300_000);

  it('has no tsconfig.json above the project, so no-tsconfig/ has none', () => {
    for (let dir = project; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'tsconfig.json'))).toBe(false);
    }
  });

  let reference: Finding[] = [];

  it(
    'ESLint 10 reports type-only imports only where the sub-project keeps them',
    async () => {
      const result = await eslint('eslint', ['.']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      reference = fromEslintJson(result.stdout, project);
      expect(reference.map(({ file, line }) => ({ file, line }))).toEqual(expectedFindings(project));
      expect(new Set(reference.map((finding) => finding.ruleId))).toEqual(new Set([RULE]));
    },
    120_000,
  );

  it.each([
    ['ESLint 9', 'eslint9', {}],
    ['ESLint 8 with .eslintrc.json', 'eslint8', { ESLINT_USE_FLAT_CONFIG: 'false' }],
  ] as const)(
    '%s gives the same findings',
    async (_, bin, env) => {
      const result = await eslint(bin, ['.'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(fromEslintJson(result.stdout, project)).toEqual(reference);
    },
    120_000,
  );

  it(
    'oxlint gives the same findings, with the setting in a nested config',
    async () => {
      const result = await run(process.execPath, [path.join(project, 'node_modules/oxlint/bin/oxlint'), '--format', 'json'], {
        cwd: project,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(fromOxlintJson(result.stdout).filter((finding) => finding.ruleId === RULE)).toEqual(reference);
    },
    120_000,
  );

  describe('an editor session', () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-edited-tsconfig-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    // One ESLint instance, as the editor's server keeps: lint, edit the tsconfig, lint again.
    const SCRIPT = `
      import { writeFileSync } from 'node:fs';
      import { ESLint } from 'eslint';
      const eslint = new ESLint();
      const lines = async () => (await eslint.lintFiles(['default/app.ts']))[0].messages.map((message) => message.line);
      // A read tsconfig is trusted for a second before its files are looked at again.
      const aSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));
      const before = await lines();
      writeFileSync('default/tsconfig.json', '{ "compilerOptions": { "verbatimModuleSyntax": true } }');
      await aSecond();
      const edited = await lines();
      writeFileSync('default/tsconfig.json', '{ "extends": "../bases/off.json" }');
      await aSecond();
      const extended = await lines();
      console.log(JSON.stringify({ before, edited, extended }));
    `;

    it(
      'honours a tsconfig edited while it runs on the lints of a file a second later',
      async () => {
        const copy = scratchCopy(project, path.join(scratch, 'project'));
        const { stdout } = await runOrThrow(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: copy });
        expect(JSON.parse(stdout)).toEqual({ before: ELIDED_LINES, edited: KEPT_LINES, extended: ELIDED_LINES });
      },
      120_000,
    );
  });
});
