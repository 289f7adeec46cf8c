// The SDK fixture (tests/fixtures/optional-sdk): its optional peer `openai` and optional dependency
// `fast-native`, imported at module level. The suggestion's output runs where the package is
// installed (the same result), where it is not (the clear error, at the call, not at import) and
// where it is installed but misses a module of its own (that error, rethrown).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/banned-module-level-imports.js';
import { runOrThrow } from '../integration/support/run.js';
import { temporaryDir } from '../support/files.js';
import { applySuggestion } from './support/lint.js';

const SDK = 'tests/fixtures/optional-sdk';
const work = temporaryDir('optional-sdk');
afterAll(work.remove);

/** The module's suggested lazy form, from the rule as ESLint runs it on the fixture's file. */
function suggested(file: string): string {
  const code = readFileSync(path.join(SDK, file), 'utf8');
  const linter = new Linter({ configType: 'flat' });
  const [message, ...rest] = linter.verify(
    code,
    [
      {
        files: ['**/*.js', '**/*.cjs'],
        plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
        settings: { 'lazy-imports': { optionalDependencies: true } },
        rules: { 'lazy-imports/banned-module-level-imports': ['error', { autofix: true }] },
        languageOptions: { sourceType: file.endsWith('.cjs') ? 'commonjs' : 'module' },
      },
    ],
    path.join(SDK, file),
  );
  expect(rest).toEqual([]);
  expect(message?.fix).toBeUndefined();
  const [suggestion] = message?.suggestions ?? [];
  if (!suggestion) throw new Error(`no suggestion for ${file}: ${JSON.stringify(message)}`);
  return applySuggestion(code, suggestion);
}

type Install = 'installed' | 'missing' | 'broken';

/** A package folder holding `file` as `code`, with `name` installed as asked, and an ES and a CommonJS build. */
function project(name: string, install: Install, file: string, code: string): string {
  const dir = path.join(work.dir, `${name}-${install}-${path.basename(file)}`);
  work.write(path.relative(work.dir, path.join(dir, 'package.json')), JSON.stringify({ name: '@acme/sdk', type: 'module' }));
  work.write(path.relative(work.dir, path.join(dir, file)), code);
  if (install !== 'missing') {
    const stub = path.join(dir, 'node_modules', name);
    const head = install === 'broken' ? "import 'missing-inside';\n" : '';
    const cjsHead = install === 'broken' ? "require('missing-inside');\n" : '';
    const write = (relative: string, text: string) => work.write(path.relative(work.dir, path.join(stub, relative)), text);
    write('package.json', JSON.stringify({ name, exports: { import: './index.mjs', require: './index.cjs' } }));
    write('index.mjs', `${head}export default class OpenAI { complete(prompt) { return 'completed ' + prompt; } }\nexport const hash = (text) => 'hashed ' + text;\n`);
    write('index.cjs', `${cjsHead}module.exports = { hash: (text) => 'hashed ' + text };\n`);
  }
  return dir;
}

const CALL_CHAT = `
try {
  const { chat } = await import('./src/chat.js');
  console.log(await chat('hi').catch((error) => 'call: ' + error.message.split('\\n')[0]));
} catch (error) {
  console.log('import: ' + error.message.split('\\n')[0]);
}`;

const CALL_DIGEST = `
const { createRequire } = await import('node:module');
try {
  const { digest } = createRequire(process.cwd() + '/')('./src/native.cjs');
  try { console.log(digest('hi')); } catch (error) { console.log('call: ' + error.message.split('\\n')[0]); }
} catch (error) {
  console.log('import: ' + error.message.split('\\n')[0]);
}`;

async function outcome(dir: string, script: string): Promise<string> {
  const { stdout } = await runOrThrow(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
  return stdout.trim();
}

describe.each([
  { file: 'src/chat.js', name: 'openai', script: CALL_CHAT, result: 'completed hi' },
  { file: 'src/native.cjs', name: 'fast-native', script: CALL_DIGEST, result: 'hashed hi' },
])('$file, loading optional $name', ({ file, name, script, result }) => {
  const original = readFileSync(path.join(SDK, file), 'utf8');
  const output = suggested(file);
  const run = (install: Install, code: string) => outcome(project(name, install, file, code), script);

  it('behaves the same where the package is installed', async () => {
    expect(await run('installed', original)).toBe(result);
    expect(await run('installed', output)).toBe(result);
  });

  it('where it is not, fails at the call with an error that names it and how to install it, no longer at import', async () => {
    expect(await run('missing', original)).toMatch(new RegExp(`^import: Cannot find (package|module) '${name}'`));
    expect(await run('missing', output)).toBe(
      `call: '${name}' is not installed, and @acme/sdk needs it here: install it with \`npm install ${name}\`.`,
    );
  });

  it('rethrows a module missing inside the installed package as it was', async () => {
    expect(await run('broken', output)).toMatch(/^call: Cannot find (package|module) 'missing-inside'/);
  });
});
