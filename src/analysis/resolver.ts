import { readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type * as OxcResolver from 'oxc-resolver';
import { isPathSpecifier, packageNameOf } from './resolve.js';
import { recheckTsconfigs, tsconfigAt, tsconfigFor } from './tsconfig.js';
import type { LoadKind } from './module-loads.js';
import { fileStamp } from './file-stamp.js';
import { forgetManifestFolders, manifestsAbove, nearestManifest } from './manifest.js';
import { declaredWorkspacePackage, forgetWorkspaces } from './workspaces.js';

/**
 * What a specifier names, seen from the project: one of its own files, or anything else
 * (an installed package, a built-in, a file that does not exist).
 */
export type Resolution = { readonly project: string } | undefined;

type Factory = OxcResolver.ResolverFactory;

/** Extensions tried for a specifier written without one, sources first. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/**
 * TypeScript's output-to-source mapping: `./x.js` in a source file names `./x.ts`. No
 * declaration files: a package's `exports` naming `index.js` must not land on `index.d.ts`,
 * which loads nothing.
 */
const EXTENSION_ALIAS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

let oxcResolver: typeof OxcResolver | undefined;

/** oxc-resolver, a native package: loaded on the chain rule's first use, never at plugin import. */
function resolverModule(): typeof OxcResolver {
  oxcResolver ??= createRequire(import.meta.url)('oxc-resolver') as typeof OxcResolver;
  return oxcResolver;
}

/** The resolvers of one set of conditions: with the importer's tsconfig, and without it. */
interface Resolvers {
  readonly withTsconfig: Factory;
  readonly plain: Factory;
  /** Per workspace package: the plain resolver that maps its missing build output to source. */
  readonly toSource: Map<string, Factory | null>;
}

const resolversByConditions = new Map<string, Resolvers>();

function optionsFor(conditions: readonly string[]): OxcResolver.NapiResolveOptions {
  return {
    conditionNames: [...conditions],
    extensions: EXTENSIONS,
    extensionAlias: EXTENSION_ALIAS,
    mainFields: ['module', 'main'],
    builtinModules: false,
  };
}

function resolversFor(conditions: readonly string[]): Resolvers {
  const key = conditions.join('\0');
  let resolvers = resolversByConditions.get(key);
  if (!resolvers) {
    const { ResolverFactory } = resolverModule();
    const plain = new ResolverFactory(optionsFor(conditions));
    resolvers = {
      plain,
      withTsconfig: plain.cloneWithOptions({ ...optionsFor(conditions), tsconfig: 'auto' }),
      toSource: new Map(),
    };
    resolversByConditions.set(key, resolvers);
  }
  return resolvers;
}

/** The tsconfig of each directory (its path) and its `customConditions`, read once between checks for edits. */
const directoryConfigs = new Map<string, { readonly path: string; readonly customConditions: readonly string[] }>();
/** The tsconfig files (and workspace declarations) resolution read, with what they looked like then. */
const configStamps = new Map<string, string>();

function directoryConfigOf(importer: string): { readonly path: string; readonly customConditions: readonly string[] } {
  const directory = path.dirname(importer);
  let config = directoryConfigs.get(directory);
  if (!config) {
    const tsconfig = tsconfigFor(importer);
    if (tsconfig && !configStamps.has(tsconfig.path)) configStamps.set(tsconfig.path, fileStamp(tsconfig.path));
    config = { path: tsconfig?.path ?? '', customConditions: tsconfig?.compilerOptions.customConditions ?? [] };
    directoryConfigs.set(directory, config);
  }
  return config;
}

/** Conditions of a load: the tsconfig's `customConditions` first, as TypeScript tries them. */
function conditionsFor(importer: string, kind: LoadKind): string[] {
  const style = kind === 'require' || kind === 'import-equals' ? 'require' : 'import';
  return [...directoryConfigOf(importer).customConditions, style, 'node', 'default'];
}

function isDirectory(directory: string): boolean {
  return statSync(directory, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * A workspace package: where an install links it, and the folder of the repository it is (the
 * same folder for one found from the workspace declarations, which nothing links).
 */
interface WorkspacePackage {
  readonly linked: string;
  readonly real: string;
}

/** The nearest `node_modules/<name>` folder at or above a directory, by directory and name. */
const linkedFolders = new Map<string, string | null>();

function linkedFolderOf(directory: string, name: string): string | undefined {
  const key = `${directory}\0${name}`;
  let linked = linkedFolders.get(key);
  if (linked === undefined) {
    const candidate = path.join(directory, 'node_modules', name);
    const parent = path.dirname(directory);
    // Files of sibling folders look up through the same parents: each is asked once.
    linked = isDirectory(candidate) ? candidate : parent === directory ? null : (linkedFolderOf(parent, name) ?? null);
    linkedFolders.set(key, linked);
  }
  return linked ?? undefined;
}

/** What each linked folder is: a workspace package, or `null` for an installed one. */
const linkedPackages = new Map<string, WorkspacePackage | null>();

/**
 * The folder of a workspace package as an install links it: `node_modules/<name>` above the
 * importer, followed to a folder of the repository. `undefined` for an installed package.
 */
function workspacePackageOf(importer: string, name: string): WorkspacePackage | undefined {
  const linked = linkedFolderOf(path.dirname(importer), name);
  if (!linked) return undefined;
  let workspace = linkedPackages.get(linked);
  if (workspace === undefined) {
    const real = realpathSync(linked);
    workspace = real.includes(NODE_MODULES) ? null : { linked, real };
    linkedPackages.set(linked, workspace);
  }
  return workspace ?? undefined;
}

/**
 * A build output folder (a tsconfig's `outDir`) and the source folders it may be built from,
 * most likely first: its `rootDir`, or where unset, the config's folder (TypeScript 6) and the
 * folder every `include` pattern lies in (the common folder of the sources, before 6).
 */
interface OutputFolder {
  readonly built: string;
  readonly sources: readonly string[];
}

/** `tsconfig.json`, `tsconfig.build.json`, `tsconfig.esm.json`, … */
const TSCONFIG_NAME = /^tsconfig(?:\..+)?\.json$/;

/** The output folders of each package folder. */
const outputFolders = new Map<string, readonly OutputFolder[]>();

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The build output folders of a package, from every tsconfig in its folder (the build often
 * has one of its own, `tsconfig.build.json`) and the tsconfig that governs it.
 */
function outputFoldersOf(packageDir: string): readonly OutputFolder[] {
  let folders = outputFolders.get(packageDir);
  if (folders) return folders;
  let names: string[] = [];
  try {
    names = readdirSync(packageDir).filter((name) => TSCONFIG_NAME.test(name));
  } catch {
    // A folder that cannot be listed builds nothing we can see.
  }
  const configs = new Set(names.sort().map((name) => path.join(packageDir, name)));
  const nearest = tsconfigFor(path.join(packageDir, 'package.json'))?.path;
  if (nearest) configs.add(path.resolve(nearest));
  const found: OutputFolder[] = [];
  for (const configPath of configs) {
    const tsconfig = tsconfigAt(configPath);
    const outDir = tsconfig?.compilerOptions.outDir;
    if (!tsconfig || !outDir) continue;
    if (!configStamps.has(configPath)) configStamps.set(configPath, fileStamp(configPath));
    const configDir = path.dirname(configPath);
    const built = path.resolve(configDir, outDir);
    const { rootDir } = tsconfig.compilerOptions;
    const candidates = rootDir === undefined ? [configDir, includedFolder(configDir, tsconfig.include)] : [path.resolve(configDir, rootDir)];
    // An output folder that holds its sources (`outDir: '.'`) maps nothing.
    const sources = [...new Set(candidates)].filter((source): source is string => source !== undefined && source !== built && !isInside(source, built));
    if (sources.length > 0) found.push({ built, sources });
  }
  folders = found;
  outputFolders.set(packageDir, folders);
  return folders;
}

/** The folder that every `include` pattern lies in (`src` for `src` or `src/**`), or `undefined` without `include`. */
function includedFolder(configDir: string, include: readonly string[] | undefined): string | undefined {
  const folders = (include ?? []).map((pattern) => {
    const segments = pattern.split(/[\\/]/);
    const glob = segments.findIndex((segment) => /[*?[{]/.test(segment));
    // A pattern without a glob names a folder, or a file (with an extension) in one.
    const fixed = glob === -1 ? (path.extname(pattern) === '' ? segments : segments.slice(0, -1)) : segments.slice(0, glob);
    return path.resolve(configDir, fixed.join(path.sep));
  });
  const [first, ...rest] = folders;
  if (first === undefined) return undefined;
  let common = first;
  while (!rest.every((folder) => folder === common || isInside(folder, common))) common = path.dirname(common);
  return common;
}

/**
 * Where a path into a build output folder comes from: the same path under each source folder
 * it may be built from, most likely first (`dist/commands/main.js` → `src/commands/main.js`,
 * which resolution reads as `main.ts`), by any tsconfig of the package, or of an enclosing
 * one, whose `outDir` holds it. None for a path in no output folder. The paths need not
 * exist: an output that has not been built still names its source.
 */
export function sourcePathsOf(file: string): string[] {
  if (file.includes(NODE_MODULES)) return [];
  for (const manifest of manifestsAbove(path.dirname(file))) {
    for (const { built, sources } of outputFoldersOf(path.dirname(manifest))) {
      if (isInside(file, built)) return sources.map((source) => path.join(source, path.relative(built, file)));
    }
  }
  return [];
}

/** The first of `paths` that resolves to a file, from `importer`. */
function firstResolved(factory: Factory, importer: string, paths: readonly string[]): string | undefined {
  for (const candidate of paths) {
    const found = factory.resolveFileSync(importer, candidate).path;
    if (found) return found;
  }
  return undefined;
}

/**
 * A resolver that reads a workspace package's build output (named by its `exports` but not
 * built) as the source it is built from, or `null` when no tsconfig of the package has an `outDir`.
 */
function toSourceResolver(resolvers: Resolvers, conditions: readonly string[], workspace: WorkspacePackage): Factory | null {
  let factory = resolvers.toSource.get(workspace.linked);
  if (factory !== undefined) return factory;
  factory = null;
  const folders = outputFoldersOf(workspace.real);
  if (folders.length > 0) {
    // `exports` targets are read under the linked folder, before links are followed.
    const alias: Record<string, string[]> = {};
    for (const { built, sources } of folders) {
      const inPackage = path.relative(workspace.real, built);
      alias[path.join(workspace.linked, inPackage)] = [...sources];
      alias[built] = [...sources];
    }
    factory = resolvers.plain.cloneWithOptions({ ...optionsFor(conditions), alias });
  }
  resolvers.toSource.set(workspace.linked, factory);
  return factory;
}

function projectFile(file: string): Resolution {
  if (file.includes(NODE_MODULES)) return undefined;
  // A declaration file loads nothing at run time.
  if (/\.d\.[cm]?ts$/.test(file)) return undefined;
  return { project: file };
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('#') && !specifier.includes(':');
}

/**
 * Resolves a load of `importer` to a file of the project, as TypeScript and Node would find
 * it: relative and absolute paths with the output-to-source mapping, the importer's tsconfig
 * `paths`/`baseUrl` (through `extends`), package `imports`, and workspace packages (linked
 * under `node_modules`, or declared by the workspace where nothing links them) through their
 * `exports` with the tsconfig's `customConditions`. A path into a package's build output
 * folder, built or not, gives the source it is built from. Installed packages, built-ins and
 * specifiers that name no file give `undefined`.
 *
 * A tsconfig that cannot be read (an `extends` naming a package that is not installed) would
 * fail every specifier: those are resolved again without it.
 */
export function resolveLoad(importer: string, specifier: string, kind: LoadKind): Resolution {
  if (isBuiltin(specifier)) return undefined;
  const style = styleOf(kind);
  const key = keyOf(importer, specifier, style);
  if (resolved.has(key)) return resolved.get(key);
  const shared = sharedKeyOf(importer, specifier, style);
  let resolution: Resolution;
  if (shared !== undefined && resolved.has(shared)) {
    resolution = resolved.get(shared);
  } else {
    resolution = resolveUncached(importer, specifier, kind);
    if (shared !== undefined) resolved.set(shared, resolution);
  }
  resolved.set(key, resolution);
  return resolution;
}

const resolved = new Map<string, Resolution>();

function styleOf(kind: LoadKind): 'r' | 'i' {
  return kind === 'require' || kind === 'import-equals' ? 'r' : 'i';
}

/** Files of one folder share their tsconfig, so they resolve a specifier alike. */
function keyOf(importer: string, specifier: string, style: string): string {
  return `${path.dirname(importer)}\0${style}\0${specifier}`;
}

/**
 * Takes in what another thread found a load of `importer` to resolve to (the file of the
 * project, or none): the answer this thread would find, which it then need not look for.
 */
export function rememberResolution(importer: string, specifier: string, kind: LoadKind, project: string | undefined): void {
  if (isBuiltin(specifier)) return;
  const key = keyOf(importer, specifier, styleOf(kind));
  if (!resolved.has(key)) resolved.set(key, project === undefined ? undefined : { project });
}

/**
 * For a subpath of a package (`@acme/db/client`), the key that folders resolving it alike
 * share: the same tsconfig (its `paths` and conditions), the same package scope (a package
 * may import itself by name), and the same `node_modules/<name>` folder found above them.
 * Only a folder holds a subpath, so no file of a nearer `node_modules` can answer instead.
 * A monorepo's packages import each other's subpaths from many folders: each resolves once.
 */
function sharedKeyOf(importer: string, specifier: string, style: string): string | undefined {
  if (!isBare(specifier)) return undefined;
  const name = packageNameOf(specifier);
  if (specifier.length <= name.length + 1) return undefined;
  const directory = path.dirname(importer);
  const tsconfig = directoryConfigOf(importer).path;
  return ['', tsconfig, nearestManifest(directory) ?? '', linkedFolderOf(directory, name) ?? '', style, specifier].join('\0');
}

function resolveUncached(importer: string, specifier: string, kind: LoadKind): Resolution {
  const conditions = conditionsFor(importer, kind);
  const resolvers = resolversFor(conditions);
  const found =
    resolvers.withTsconfig.resolveFileSync(importer, specifier).path ??
    ownPathsTarget(resolvers, importer, specifier) ??
    resolvers.plain.resolveFileSync(importer, specifier).path ??
    unbuiltTarget(resolvers, conditions, importer, specifier);
  return found === undefined ? undefined : projectFile(sourceFileOf(resolvers, importer, found));
}

/**
 * Where the importer's tsconfig's own `paths` lead, when its `extends` chain cannot be read
 * (the resolver then reads no tsconfig): a config keeps what it sets itself, as `tsc` does.
 */
function ownPathsTarget(resolvers: Resolvers, importer: string, specifier: string): string | undefined {
  const tsconfig = tsconfigFor(importer);
  if (tsconfig?.problem === undefined || !isBare(specifier)) return undefined;
  return firstResolved(resolvers.plain, importer, tsconfig.pathsMatcher()?.(specifier) ?? []);
}

/**
 * What a specifier whose target is not on disk names: a path into a build output folder that
 * has not been built names its source; so does a workspace package's `exports` naming one.
 */
function unbuiltTarget(resolvers: Resolvers, conditions: readonly string[], importer: string, specifier: string): string | undefined {
  if (isPathSpecifier(specifier)) {
    return firstResolved(resolvers.plain, importer, sourcePathsOf(path.resolve(path.dirname(importer), specifier)));
  }
  if (!isBare(specifier)) return undefined;
  const name = packageNameOf(specifier);
  const linked = workspacePackageOf(importer, name);
  if (linked) return toSourceResolver(resolvers, conditions, linked)?.resolveFileSync(importer, specifier).path;
  const declared = declaredWorkspacePackage(importer, name);
  if (!declared) return undefined;
  // Edits to the declaration (a package added) change what resolves.
  if (!configStamps.has(declared.declaration)) configStamps.set(declared.declaration, fileStamp(declared.declaration));
  // A package imports itself by name through its `exports`; one without them is read as a folder.
  const manifest = path.join(declared.folder, 'package.json');
  const request = declared.hasExports ? specifier : `.${specifier.slice(name.length)}`;
  const workspace = { linked: declared.folder, real: declared.folder };
  return (
    resolvers.plain.resolveFileSync(manifest, request).path ??
    toSourceResolver(resolvers, conditions, workspace)?.resolveFileSync(manifest, request).path
  );
}

/**
 * The source a resolved file of a build output folder is built from, when it is there: the
 * graph follows what the project lints, built or not. Any other file as it is.
 */
function sourceFileOf(resolvers: Resolvers, importer: string, file: string): string {
  return firstResolved(resolvers.plain, importer, sourcePathsOf(file)) ?? file;
}

/**
 * Forgets what the resolvers learned of the file system (an editor session added or removed
 * files). Safe between lints: no resolution is running then.
 */
export function clearResolverCaches(): void {
  resolved.clear();
  linkedFolders.clear();
  linkedPackages.clear();
  forgetManifestFolders();
  outputFolders.clear();
  forgetWorkspaces();
  directoryConfigs.clear();
  configStamps.clear();
  // What a config says is read again too: resolution follows it.
  recheckTsconfigs();
  for (const resolvers of resolversByConditions.values()) {
    resolvers.plain.clearCache();
    resolvers.toSource.clear();
  }
}

let configGeneration = 0;

/**
 * Checks the tsconfig files resolution read for edits, and forgets every resolution when one
 * changed. Returns a number that changes with each such edit: what a graph built before it
 * knows of each file's loads is stale.
 */
export function resolverConfigGeneration(): number {
  for (const [file, stamp] of configStamps) {
    if (fileStamp(file) !== stamp) {
      clearResolverCaches();
      configGeneration += 1;
      break;
    }
  }
  return configGeneration;
}
