// Workspace packages without node_modules links: the chain rule's findings on the workspace
// monorepo (tests/fixtures/chains-monorepo) are the same whether npm linked its packages under
// node_modules, nothing is installed yet, or Yarn Plug'n'Play installed it (no node_modules, a
// .pnp.cjs). The plugin and ESLint come from an npm install of the packed package; the trees
// without links use them through a config that imports them by path.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEslintJson, type Finding } from './support/findings.js';
import { fixtureProject, installedTool, REPO } from './support/package.js';
import { run, runOrThrow } from './support/run.js';
import { eslintProjectPackages, VERSIONS } from './support/versions.js';

const FIXTURE = path.join(REPO, 'tests/fixtures/chains-monorepo');

const INSTALL_TIMEOUT = 300_000;
const LINT_TIMEOUT = 120_000;

/** What is linted: the sources, not the install (`.pnp.cjs`, `.yarn/`). */
const LINTED = ['src', 'packages'];

let project: string;
let scratch: string;
let linked: Finding[];

/** Lints a tree with the ESLint the installed project has, from the tree's own folder. */
async function lint(cwd: string): Promise<Finding[]> {
  const result = await run(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...LINTED], {
    cwd,
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  return fromEslintJson(result.stdout, cwd);
}

/**
 * The fixture's own files in a new folder, with no node_modules: its config imports the
 * plugin and the parser from the installed project, by path.
 */
function treeWithoutLinks(name: string): string {
  const tree = path.join(scratch, name);
  cpSync(FIXTURE, tree, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  const installed = createRequire(path.join(project, 'package.json'));
  const config = readFileSync(path.join(FIXTURE, 'eslint.config.js'), 'utf8')
    .replace("'eslint-plugin-lazy-imports'", `'${pathToFileURL(path.join(project, 'node_modules/eslint-plugin-lazy-imports/dist/index.js')).href}'`)
    .replace("'@typescript-eslint/parser'", `'${pathToFileURL(installed.resolve('@typescript-eslint/parser')).href}'`);
  writeFileSync(path.join(tree, 'eslint.config.js'), config);
  return tree;
}

beforeAll(async () => {
  project = await fixtureProject(eslintProjectPackages(VERSIONS.eslint10), FIXTURE);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-workspaces-'));
  linked = await lint(project);
}, INSTALL_TIMEOUT);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('workspace packages without node_modules links', () => {
  it('npm links them: chains run through their exports, to unbuilt output and by a custom condition', () => {
    const messages = linked.map((finding) => finding.message);
    expect(messages).toContainEqual(expect.stringContaining("'@acme/server' loads heavy 'express' at start-up: packages/server/src/index.ts → express."));
    expect(messages).toContainEqual(
      expect.stringContaining("'@acme/ui' loads heavy 'echarts' at start-up: packages/ui/src/index.ts → packages/ui/src/chart.ts → echarts."),
    );
  });

  it(
    'a tree not yet installed gives the same findings, from the workspace declaration',
    async () => {
      const tree = treeWithoutLinks('unlinked');
      expect(existsSync(path.join(tree, 'node_modules'))).toBe(false);
      expect(await lint(tree)).toEqual(linked);
    },
    LINT_TIMEOUT,
  );

  it(
    "Yarn Plug'n'Play gives the same findings",
    async () => {
      const yarn = path.join(await installedTool(VERSIONS.yarn), 'bin/yarn.js');
      const tree = treeWithoutLinks('pnp');
      writeFileSync(path.join(tree, '.yarnrc.yml'), 'nodeLinker: pnp\nenableTelemetry: false\nenableGlobalCache: false\n');
      // The workspace has no dependencies of its own: the install fetches nothing.
      await runOrThrow(process.execPath, [yarn, 'install'], { cwd: tree, env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' } });
      expect(existsSync(path.join(tree, '.pnp.cjs'))).toBe(true);
      expect(existsSync(path.join(tree, 'node_modules'))).toBe(false);
      expect(await lint(tree)).toEqual(linked);
    },
    INSTALL_TIMEOUT,
  );
});
