import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm, run, runOrThrow, type CommandResult } from './run.js';
import { CACHE_ROOT, pruneCache, sharedDirectory, touch } from './shared.js';

/** The repository, whose package is packed. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The fixture project every door lints: sources, and the config each tool reads. */
export const FIXTURE = path.join(REPO, 'tests/fixtures/integration/project');

/** The packed plugin, as `npm publish` would upload it. */
export interface PackedPlugin {
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** Names what went into it: the same sources give the same hash. */
  readonly hash: string;
}

function filesUnder(root: string, relative: string): string[] {
  const absolute = path.join(root, relative);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [relative];
  return readdirSync(absolute).flatMap((name) => filesUnder(root, path.join(relative, name)));
}

function hashFiles(root: string, files: readonly string[], salt: readonly string[] = []): string {
  const hash = createHash('sha256');
  for (const part of salt) hash.update(`${part}\0`);
  for (const file of [...files].sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * What building and packing the package reads: the manifest, the build configs and script, the
 * sources and whatever else `files` ships (the build output itself is made anew).
 */
function packageInputs(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { files?: string[] };
  const topLevel = readdirSync(REPO).filter((name) => /^(readme|licen[cs]e|changelog)|^tsconfig.*\.json$/i.test(name));
  const shipped = (manifest.files ?? []).filter(
    (entry) => !entry.startsWith('!') && !/^\.?\/?dist(\/|$)/.test(entry) && !/[*?]/.test(entry),
  );
  return [
    ...new Set(['package.json', ...topLevel, 'src', 'scripts/build.js', 'scripts/inline-ast-types.js', ...shipped].flatMap((entry) => filesUnder(REPO, entry))),
  ];
}

async function pack(): Promise<PackedPlugin> {
  mkdirSync(CACHE_ROOT, { recursive: true });
  const files = packageInputs();
  const hash = hashFiles(REPO, files);
  const dir = path.join(CACHE_ROOT, `plugin-${hash}`);
  await sharedDirectory(dir, async (target) => {
    // A copy, so the build neither reads nor writes the checkout's dist/.
    const stage = path.join(target, 'package');
    for (const file of files) cpSync(path.join(REPO, file), path.join(stage, file));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    // `npm pack` runs the package's own `prepare` (the build), as `npm publish` does.
    await npm(['pack', '--pack-destination', target], stage);
  });
  touch(dir);
  pruneCache();
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${dir}`);
  return { tarball: path.join(dir, tarball), hash };
}

let packing: Promise<PackedPlugin> | undefined;

/** Builds and packs the plugin once for every test file and run that sees the same sources. */
export function packedPlugin(): Promise<PackedPlugin> {
  packing ??= pack();
  return packing;
}

/**
 * A copy of a fixture project (by default {@link FIXTURE}) with the packed plugin and
 * `packages` installed by `npm install --save-dev`, as a user sets up a project; a fixture with
 * `workspaces` gets its packages linked under `node_modules` by that install. Shared by every
 * test that asks for the same fixture and packages; tests that change files work on a
 * {@link scratchCopy}.
 */
export async function fixtureProject(packages: readonly string[], fixture: string = FIXTURE): Promise<string> {
  const plugin = await packedPlugin();
  const key = hashFiles(fixture, filesUnder(fixture, '.'), [plugin.hash, ...packages]);
  const dir = path.join(CACHE_ROOT, `project-${key}`);
  await sharedDirectory(dir, async (target) => {
    cpSync(fixture, target, { recursive: true });
    await npm(['install', '--save-dev', '--prefer-offline', plugin.tarball, ...packages], target);
  });
  touch(dir);
  return dir;
}

/**
 * A copy of an installed project's own files that a test may change, sharing its installed
 * packages (they are only read). The workspace packages an install linked under `node_modules`
 * are linked to the copy's own folders, so the copy is a workspace of its own.
 */
export function scratchCopy(project: string, into: string): string {
  cpSync(project, into, {
    recursive: true,
    filter: (source) => path.relative(project, source).split(path.sep)[0] !== 'node_modules',
  });
  const installed = path.join(project, 'node_modules');
  const linked = workspaceLinks(project);
  if (linked.size === 0) {
    symlinkSync(installed, path.join(into, 'node_modules'), 'dir');
    return into;
  }
  for (const name of readdirSync(installed)) {
    const scoped = name.startsWith('@') ? readdirSync(path.join(installed, name)).map((inner) => `${name}/${inner}`) : [name];
    if (name.startsWith('@')) mkdirSync(path.join(into, 'node_modules', name), { recursive: true });
    for (const entry of scoped) {
      const link = path.join(into, 'node_modules', entry);
      const folder = linked.get(entry);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(folder ? path.join(into, folder) : path.join(installed, entry), link);
    }
  }
  return into;
}

/** The packages under a project's `node_modules` that link to a folder of the project: name → folder. */
function workspaceLinks(project: string): Map<string, string> {
  const links = new Map<string, string>();
  const installed = path.join(project, 'node_modules');
  const names = readdirSync(installed).flatMap((name) =>
    name.startsWith('@') ? readdirSync(path.join(installed, name)).map((inner) => `${name}/${inner}`) : [name],
  );
  for (const name of names) {
    if (!lstatSync(path.join(installed, name)).isSymbolicLink()) continue;
    const folder = path.relative(project, realpathSync(path.join(installed, name)));
    if (!folder.startsWith('..') && !folder.split(path.sep).includes('node_modules')) links.set(name, folder);
  }
  return links;
}

/**
 * An npm package installed on its own (`name@version`), for tools that are not part of the
 * user's project: other Node binaries, the editor's language server. Returns its directory.
 */
export async function installedTool(spec: string): Promise<string> {
  const name = spec.slice(0, spec.lastIndexOf('@'));
  const dir = path.join(CACHE_ROOT, `tool-${spec.replace(/[^\w.@-]/g, '_')}`);
  await sharedDirectory(dir, async (target) => {
    writeFileSync(path.join(target, 'package.json'), '{ "private": true }\n');
    await npm(['install', '--prefer-offline', spec], target);
  });
  touch(dir);
  const installed = path.join(dir, 'node_modules', name);
  if (!existsSync(installed)) throw new Error(`${spec} did not install into ${installed}`);
  return installed;
}

/** What the installed plugin says about itself and its rules. */
export interface PluginFacts {
  readonly name: string;
  readonly version: string;
  readonly configs: readonly string[];
  readonly rules: Readonly<
    Record<string, { readonly fixable: string | null; readonly hasSuggestions: boolean; readonly url: string | null }>
  >;
}

const FACTS_SCRIPT = `
import plugin from 'eslint-plugin-lazy-imports';
const rules = Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [id, {
  fixable: rule.meta.fixable ?? null,
  hasSuggestions: rule.meta.hasSuggestions === true,
  url: rule.meta.docs?.url ?? null,
}]));
console.log(JSON.stringify({ ...plugin.meta, configs: Object.keys(plugin.configs), rules }));
`;

/** Imports the plugin in a project, as a user's config does, and reads its meta. */
export async function pluginFacts(project: string): Promise<PluginFacts> {
  const { stdout } = await runOrThrow(process.execPath, ['--input-type=module', '-e', FACTS_SCRIPT], { cwd: project });
  return JSON.parse(stdout) as PluginFacts;
}

/** Runs the project's own ESLint (`npx eslint …`), optionally on another Node binary. */
export function eslint(
  project: string,
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly node?: string } = {},
): Promise<CommandResult> {
  const bin = path.join(project, 'node_modules/eslint/bin/eslint.js');
  return run(options.node ?? process.execPath, [bin, ...args], {
    cwd: project,
    ...(options.env ? { env: options.env } : {}),
  });
}
