// Bad settings and options as a user meets them: through ESLint's own `ESLint` class and CLI,
// with the built plugin (`npm test` builds it first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../dist/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const distDir = path.join(root, 'dist');
const eslintBin = path.join(path.dirname(createRequire(import.meta.url).resolve('eslint/package.json')), 'bin/eslint.js');
const rule = 'lazy-imports/banned-module-level-imports';
const code = "import Stripe from 'stripe';\nexport const stripe = new Stripe('key');\n";

function eslintWith(config: Linter.Config): ESLint {
  return new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended, config] });
}

/** Lints `code` and returns the error the run rejects with. */
async function rejection(config: Linter.Config): Promise<Error> {
  const error: unknown = await eslintWith(config).lintText(code, { filePath: 'src/app.js' }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Asserts the run stopped with the plugin's one-line message and nothing from inside the plugin. */
function expectConfigError(error: Error, message: string): void {
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error.name).toBe('LazyImportsConfigError');
  // ESLint puts the rule before the message and the file after it, on lines of their own.
  expect(error.message.split('\n')[0]).toBe(`Error while loading rule '${rule}': ${message}`);
  expect(error.stack).toBe(message);
  expect(error.stack).not.toContain(distDir);
}

describe('bad settings through the ESLint class', () => {
  it('lints normally with good settings', async () => {
    const [result] = await eslintWith({ settings: { 'lazy-imports': { heavy: ['stripe'] } } }).lintText(code, {
      filePath: 'src/app.js',
    });
    expect(result?.messages.map((message) => message.ruleId)).toEqual([rule]);
  });

  it.each<[string, unknown, string]>([
    [
      'an entry that is not a string or object',
      { heavy: ['stripe', 'openai', 42] },
      `lazy-imports: settings['lazy-imports'].heavy[2] must be a string or { name }, got 42`,
    ],
    [
      'a misspelt settings key',
      { heavey: ['stripe'] },
      `lazy-imports: settings['lazy-imports'] has an unknown key 'heavey' (allowed: heavy, eager, optionalDependencies, verbatimModuleSyntax)`,
    ],
    [
      'a misspelt entry key',
      { heavy: [{ name: 'openai', allowin: ['src/vendors/**'] }] },
      `lazy-imports: settings['lazy-imports'].heavy[0] has an unknown key 'allowin' (allowed: name, reason, allowIn, except)`,
    ],
    [
      'an empty name',
      { heavy: ['stripe', ''] },
      `lazy-imports: settings['lazy-imports'].heavy[1] must not be empty`,
    ],
    [
      'allowIn as one string',
      { heavy: [{ name: 'openai', allowIn: 'src/vendors/**' }] },
      `lazy-imports: settings['lazy-imports'].heavy[0].allowIn must be a list of globs, got "src/vendors/**"`,
    ],
    [
      'heavy as one string',
      { heavy: 'stripe' },
      `lazy-imports: settings['lazy-imports'].heavy must be a list, got "stripe"`,
    ],
    [
      'verbatimModuleSyntax as a string',
      { heavy: ['stripe'], verbatimModuleSyntax: 'auto' },
      `lazy-imports: settings['lazy-imports'].verbatimModuleSyntax must be true or false (leave it out to follow tsconfig.json), got "auto"`,
    ],
  ])('%s stops the run with one message', async (_, own, message) => {
    expectConfigError(await rejection({ settings: { 'lazy-imports': own } }), message);
  });

  it('names a blank option entry by its place in the rule config', async () => {
    expectConfigError(
      await rejection({ rules: { [rule]: ['error', { heavy: ['stripe', '  '] }] } }),
      `lazy-imports: rules['${rule}'][1].heavy[1] must not be empty`,
    );
  });
});

describe('bad rule options through the ESLint class', () => {
  it.each<[string, unknown, string[]]>([
    ['an unknown option', { hevy: ['stripe'] }, ['Unexpected property "hevy". Expected properties: "heavy"']],
    ['an entry that is a number', { heavy: [42] }, ['Value 42 should be string.', 'Value 42 should be object.']],
    [
      'a misspelt entry key',
      { heavy: [{ name: 'openai', alowIn: [] }] },
      ['Unexpected property "alowIn". Expected properties: "name", "reason", "allowIn", "except".'],
    ],
    ['an empty entry', { heavy: [''] }, ['should NOT be shorter than 1 characters']],
  ])("%s is rejected by the rule's schema", async (_, options, details) => {
    const error = await rejection({ rules: { [rule]: ['error', options] } });
    expect(error.name).toBe('Error');
    expect(error.message).toMatch(new RegExp(`^Key "rules": Key "${rule}":\n`));
    for (const detail of details) expect(error.message).toContain(detail);
    expect(error.message).not.toContain('lazy-imports: ');
  });
});

describe('bad settings through the eslint CLI', () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-bad-settings-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(project, 'eslint.config.js'),
    `import lazyImports from ${JSON.stringify(pathToFileURL(path.join(distDir, 'index.js')).href)};

export default [
  lazyImports.configs.recommended,
  { settings: { 'lazy-imports': { heavy: ['stripe', 'openai', 42] } } },
];
`,
  );
  writeFileSync(path.join(project, 'a.js'), code);
  writeFileSync(path.join(project, 'b.js'), code);
  const message = `lazy-imports: settings['lazy-imports'].heavy[2] must be a string or { name }, got 42`;

  function eslint(...args: string[]): { status: number | null; stderr: string; stdout: string } {
    return spawnSync(process.execPath, [eslintBin, ...args], { cwd: project, encoding: 'utf8' });
  }

  function expectOneMessage(stderr: string): void {
    expect(stderr).toContain(`\n${message}\n`);
    expect(stderr).not.toContain('TypeError');
    expect(stderr).not.toContain(distDir);
    expect(stderr).not.toMatch(/^\s+at /m);
  }

  it('exits with 2 and prints the one-line message without a stack', () => {
    const { status, stderr, stdout } = eslint('.');
    expectOneMessage(stderr);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  it('prints the same message when files are linted in worker threads', () => {
    const { status, stderr } = eslint('--concurrency', '2', 'a.js', 'b.js');
    expectOneMessage(stderr);
    expect(stderr.split(message)).toHaveLength(2);
    expect(status).toBe(2);
  });
});
