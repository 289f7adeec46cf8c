import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { packedPlugin } from './support/package.js';
import { npm, run } from './support/run.js';

const project = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-js-project-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

// A JavaScript-only project must not get TypeScript, and nothing the plugin depends on may
// carry a `typescript` peer (which would conflict on TypeScript 7 or pull it into oxlint users).
it('installs into a JavaScript project without bringing TypeScript, and lints there', { timeout: 300_000 }, async () => {
  const { tarball } = await packedPlugin();
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'js-app', private: true, type: 'module' }));
  await npm(['install', '--save-dev', '--prefer-offline', 'eslint@10', tarball], project);

  expect(existsSync(path.join(project, 'node_modules/eslint-plugin-lazy-imports/dist/index.js'))).toBe(true);
  expect(existsSync(path.join(project, 'node_modules/typescript'))).toBe(false);
  // The AST type names are inlined by the build: typescript-eslint's packages are for its own types and tests.
  expect(existsSync(path.join(project, 'node_modules/@typescript-eslint'))).toBe(false);
  const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { peerDependencies?: Record<string, string> }>;
  };
  const withTypescriptPeer = Object.entries(lock.packages)
    .filter(([, info]) => info.peerDependencies?.typescript !== undefined)
    .map(([name]) => name);
  expect(withTypescriptPeer).toEqual([]);

  writeFileSync(
    path.join(project, 'eslint.config.js'),
    "import lazyImports from 'eslint-plugin-lazy-imports';\n" +
      "export default [lazyImports.configs.recommended, { settings: { 'lazy-imports': { heavy: ['stripe'] } } }];\n",
  );
  writeFileSync(path.join(project, 'app.js'), "import Stripe from 'stripe';\nexport const make = () => new Stripe('k');\n");
  const eslint = path.join(project, 'node_modules/eslint/bin/eslint.js');
  const result = await run(process.execPath, [eslint, '--format', 'json', 'app.js'], { cwd: project });
  expect(result.code, result.stderr).toBe(1);
  const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
  expect(file?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
    ['lazy-imports/banned-module-level-imports', 1, 20],
  ]);
});
