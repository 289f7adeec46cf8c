import { createRequire } from 'node:module';
import path from 'node:path';
import type * as GetTsconfig from 'get-tsconfig';
import { EDIT_CHECK_MS, fileStamp } from './file-stamp.js';

/** Compiler options of a tsconfig, merged through its `extends` chain. */
export type CompilerOptions = NonNullable<GetTsconfig.TsConfigJsonResolved['compilerOptions']>;

/** Maps a specifier through the config's `paths` (and `baseUrl`) to candidate absolute paths. */
export type PathsMatcher = GetTsconfig.PathsMatcher;

/** The tsconfig that applies to a file. */
export interface Tsconfig {
  /** The `tsconfig.json` nearest the file (absolute, forward slashes as get-tsconfig gives them). */
  readonly path: string;
  /**
   * Its compiler options merged through `extends`. Path options (`baseUrl`, `outDir`,
   * `rootDir`, `declarationDir`) are made relative to the directory of `path`, whichever
   * config in the chain set them. Where the chain could not be read (see `problem`), only
   * what the config sets itself, as `tsc` goes on; empty when the config itself cannot be read.
   */
  readonly compilerOptions: Readonly<CompilerOptions>;
  /**
   * Why the chain could not be read (an `extends` that names no file, a cycle, a file that is
   * not JSON), or `undefined`. TypeScript reports an error there; a caller that makes compile
   * decisions from what the missing base would have set should take the conservative answer.
   */
  readonly problem: string | undefined;
  /** Its `include` patterns, relative to the directory of `path`; `undefined` when none is set. */
  readonly include: readonly string[] | undefined;
  /**
   * Resolves a specifier through `paths`, relative to the config that declared them (or
   * `baseUrl`): the candidate paths in order, `[]` when no pattern matches, `null` when the
   * config has neither `paths` nor `baseUrl`. Built on first call.
   */
  readonly pathsMatcher: () => PathsMatcher | null;
}

/** A read config and what it was read from, to notice edits. */
interface Entry {
  readonly tsconfig: Tsconfig;
  /** Every file read for it (the config, each config it extends, package.json files on the way), with its stamp. */
  readonly stamps: ReadonlyMap<string, string>;
  /** When its files were last found unchanged (`Date.now()`). */
  checkedAt: number;
}

let getTsconfigModule: typeof GetTsconfig | undefined;

/** get-tsconfig, loaded when a tsconfig is first needed: importing the plugin stays cheap. */
function reader(): typeof GetTsconfig {
  getTsconfigModule ??= createRequire(import.meta.url)('get-tsconfig') as typeof GetTsconfig;
  return getTsconfigModule;
}

/** The config that governs each directory (`null`: none above it). */
const configOfDirectory = new Map<string, string | null>();
/** Read configs by path. */
const entries = new Map<string, Entry>();

// get-tsconfig caches file system calls in the map it is given, keyed `<call>:<path>[:<encoding>]`:
// the reads name every file the chain was read from, the existence checks every place an
// `extends` was looked for.
const READ_KEY = /^readFileSync:(.*):utf8$/;
const EXISTS_KEY = /^existsSync:(.*)$/;

/** The config as read, with the matcher of its `paths` made on first use. */
function tsconfigOf(configPath: string, config: GetTsconfig.TsConfigJsonResolved, problem: string | undefined): Tsconfig {
  let matcher: PathsMatcher | null | undefined;
  return {
    path: configPath,
    compilerOptions: config.compilerOptions ?? {},
    problem,
    include: config.include,
    pathsMatcher: () => (matcher === undefined ? (matcher = reader().createPathsMatcher({ path: configPath, config })) : matcher),
  };
}

/** An `extends` key of the config's text (a comment's too, which changes nothing). */
const EXTENDS_KEY = /"extends"(?=\s*:)/g;

/**
 * What a config sets itself, when its `extends` chain cannot be read: as `tsc`, which reports
 * the missing base and goes on with the rest. Its text is read with `extends` under another
 * key; `undefined` when even that fails (not JSON).
 */
function ownOptions(configPath: string, cache: Map<string, unknown>): GetTsconfig.TsConfigJsonResolved | undefined {
  const text = cache.get(`readFileSync:${configPath}:utf8`);
  if (typeof text !== 'string' || !text.includes('"extends"')) return undefined;
  const own = new Map<string, unknown>([[`readFileSync:${configPath}:utf8`, text.replace(EXTENDS_KEY, '"unreadExtends"')]]);
  try {
    return reader().parseTsconfig(configPath, own as Map<string, string>);
  } catch {
    return undefined;
  }
}

function read(configPath: string): Entry {
  const cache = new Map<string, unknown>();
  let tsconfig: Tsconfig;
  try {
    tsconfig = tsconfigOf(configPath, reader().parseTsconfig(configPath, cache as Map<string, string>), undefined);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const own = ownOptions(configPath, cache);
    tsconfig = own ? tsconfigOf(configPath, own, problem) : { path: configPath, compilerOptions: {}, problem, include: undefined, pathsMatcher: () => null };
  }
  const files = new Set([configPath]);
  for (const key of cache.keys()) {
    // A chain that failed may be mended by installing the package it extends: watch where it
    // was looked for too (a working chain needs only its own files watched).
    const file = READ_KEY.exec(key)?.[1] ?? (tsconfig.problem === undefined ? undefined : EXISTS_KEY.exec(key)?.[1]);
    if (file) files.add(file);
  }
  // Stamps are taken after the read: an edit during it shows on the next check.
  return { tsconfig, stamps: new Map([...files].map((file) => [file, fileStamp(file)])), checkedAt: Date.now() };
}

function isFresh(entry: Entry, now: number): boolean {
  if (now - entry.checkedAt < EDIT_CHECK_MS) return true;
  for (const [file, stamp] of entry.stamps) {
    if (fileStamp(file) !== stamp) return false;
  }
  entry.checkedAt = now;
  return true;
}

function nearestConfig(directory: string): string | null {
  let found = configOfDirectory.get(directory);
  if (found === undefined) {
    found = reader().findTsconfig(directory) ?? null;
    configOfDirectory.set(directory, found);
  }
  return found;
}

/**
 * The nearest `tsconfig.json` above `filename`, with its compiler options merged through
 * `extends` (JSONC, arrays of extends, extends of a package in `node_modules`), or
 * `undefined` when there is none. Never throws: a chain that cannot be read comes back with
 * empty options and a `problem`.
 *
 * Cached per directory. The files the config was read from are checked again once
 * {@link EDIT_CHECK_MS} has passed since the last check, so an edit to any config of the
 * chain (or its removal) is seen by the calls after that, as an editor session needs. A
 * tsconfig created in a directory that already had an answer is not looked for.
 */
export function tsconfigFor(filename: string): Tsconfig | undefined {
  const configPath = nearestConfig(path.dirname(path.resolve(filename)));
  if (!configPath) return undefined;
  // A removed config may leave a farther one in charge of its directories.
  return tsconfigAt(configPath) ?? tsconfigFor(filename);
}

/**
 * The tsconfig at `configPath` (any name: `tsconfig.build.json` too), read and cached as
 * {@link tsconfigFor} reads the nearest one. `undefined` once it is gone.
 */
export function tsconfigAt(configPath: string): Tsconfig | undefined {
  let entry = entries.get(configPath);
  if (entry && !isFresh(entry, Date.now())) {
    entry = undefined;
    if (fileStamp(configPath) === 'missing') {
      entries.delete(configPath);
      for (const [directory, found] of configOfDirectory) {
        if (found === configPath) configOfDirectory.delete(directory);
      }
      return undefined;
    }
  }
  if (!entry) {
    entry = read(configPath);
    entries.set(configPath, entry);
  }
  return entry.tsconfig;
}

/**
 * Makes the next call for each config look at its files, however recently they were checked:
 * for a caller that has just seen one of them change (the project graph, which then reads
 * every file again and must not read it with the old options).
 */
export function recheckTsconfigs(): void {
  for (const entry of entries.values()) entry.checkedAt = Number.NEGATIVE_INFINITY;
}
