import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
import { EMITTED_TO_SOURCE, projectTree, toPosix } from '../analysis/resolve.js';
import { stampedCache, type EDIT_CHECK_MS } from '../analysis/file-stamp.js';
import { resolveLoad, sourcePathsOf } from '../analysis/resolver.js';

/** The entry points of a program: the files its start-up path begins at. */
export interface EntryFiles {
  /** Whether a file is one of the entry points (it may not exist on disk yet). */
  matches(file: string): boolean;
  /** The entry files on disk, absolute. */
  files(): readonly string[];
  /**
   * Where the entry points were taken from: `'entries'` for the rule's option, else the
   * `package.json` (absolute) whose `bin`, `main` and `exports` name them.
   */
  readonly from: string;
}

const GLOB_CHARS = /[*?[\]{}!]/;
/** How long a listing of the entry globs is trusted: an editor session adds files. */
const LISTING_MS = 5000;

const cache = new Map<string, EntryFiles>();

function create(globs: readonly string[], cwd: string, from: string): EntryFiles {
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  const patterns = globs.map((glob) => path.posix.normalize(toPosix(path.isAbsolute(glob) ? path.relative(cwd, glob) : glob)));
  const test = picomatch(patterns, { dot: true });
  const matches = (file: string): boolean => test(toPosix(path.relative(cwd, file)));
  let listed: { at: number; files: readonly string[] } | undefined;
  return {
    from,
    matches,
    files() {
      const now = Date.now();
      if (listed && now - listed.at < LISTING_MS) return listed.files;
      const found: string[] = [];
      for (const pattern of patterns) {
        if (!GLOB_CHARS.test(pattern)) {
          const file = path.resolve(cwd, pattern);
          if (statSync(file, { throwIfNoEntry: false })?.isFile()) found.push(file);
          continue;
        }
        found.push(...projectTree(path.resolve(cwd, picomatch.scan(pattern).base || '.')).files.filter(matches));
      }
      listed = { at: now, files: [...new Set(found)].sort() };
      return listed.files;
    },
  };
}

/**
 * The entry points named by `entries` globs (relative to `cwd`), cached per list: the files
 * are listed again after a few seconds, so an editor session sees a new entry file.
 */
function entryFilesFor(globs: readonly string[], cwd: string): EntryFiles {
  const key = JSON.stringify([cwd, globs]);
  let entries = cache.get(key);
  if (!entries) {
    entries = create(globs, cwd, 'entries');
    cache.set(key, entries);
  }
  return entries;
}

/** Every target of a `bin`, `main` or `exports` field: strings, objects of subpaths and conditions, arrays. */
function targetsIn(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (Array.isArray(field)) return field.flatMap(targetsIn);
  if (field !== null && typeof field === 'object') return Object.values(field).flatMap(targetsIn);
  return [];
}

/** A target a program can start at: a module (or an extensionless script), not types, JSON or styles. */
function isModuleTarget(target: string): boolean {
  if (/\.d\.[cm]?ts$/.test(target)) return false;
  const extension = path.extname(target);
  return extension === '' || /^\.[cm]?[jt]sx?$/.test(extension);
}

/**
 * A glob for the files a target may be once built from source: `*` of a subpath pattern
 * matches across folders, as in `exports`, and an output extension stands for the sources
 * that compile to it (`.js` → `.ts`, `.tsx`, `.js`).
 */
function targetGlob(target: string): string {
  const extension = path.extname(target);
  const sources = EMITTED_TO_SOURCE[extension];
  const stem = sources ? target.slice(0, -extension.length) : target;
  const extensions = sources ? `.{${[...sources, extension].map((ext) => ext.slice(1)).join(',')}}` : '';
  return `${stem}${extensions}`
    .split('/')
    .map((segment) => (segment === '*' ? '**' : segment.includes('*') ? `**/${segment}` : segment))
    .join('/');
}

/**
 * The entry point a target names, in source: the file a load of it finds, from the source
 * folder when it is build output; globs of what it may be when it names no file yet.
 */
function entriesOfTarget(manifest: string, target: string): string[] {
  const file = path.resolve(path.dirname(manifest), target);
  if (!file.includes('*')) {
    const found = resolveLoad(manifest, file, 'import')?.project;
    if (found) return [found];
  }
  const sources = sourcePathsOf(file);
  return (sources.length > 0 ? sources : [file]).map((source) => targetGlob(toPosix(source)));
}

/**
 * The entry points a package.json names, or `undefined` when it names none, none of them is
 * on disk (a build output whose source cannot be told: checking every file is then the safe
 * answer), or it cannot be read.
 */
function readManifestEntries(manifest: string, cwd: string): EntryFiles | undefined {
  let fields: { bin?: unknown; main?: unknown; exports?: unknown };
  try {
    fields = JSON.parse(readFileSync(manifest, 'utf8')) as typeof fields;
  } catch {
    return undefined;
  }
  if (fields === null || typeof fields !== 'object') return undefined;
  const targets = [fields.bin, fields.main, fields.exports].flatMap(targetsIn).filter(isModuleTarget);
  if (targets.length === 0) return undefined;
  const entries = create([...new Set(targets.flatMap((target) => entriesOfTarget(manifest, target)))], cwd, manifest);
  return entries.files().length > 0 ? entries : undefined;
}

/** The nearest package.json at or above each directory (`null`: none). */
const manifestOfDirectory = new Map<string, string | null>();
/** Entries by package.json and working directory. */
const manifestEntries = stampedCache<EntryFiles | undefined>();

function nearestManifest(directory: string): string | undefined {
  let manifest = manifestOfDirectory.get(directory);
  if (manifest === undefined) {
    const candidate = path.join(directory, 'package.json');
    const parent = path.dirname(directory);
    manifest = statSync(candidate, { throwIfNoEntry: false })?.isFile()
      ? candidate
      : parent === directory
        ? null
        : (nearestManifest(parent) ?? null);
    manifestOfDirectory.set(directory, manifest);
  }
  return manifest ?? undefined;
}

/**
 * The entry points of the program `filename` belongs to: the `entries` option's globs
 * (relative to `cwd`) when given; else the targets of the nearest package.json's `bin`, `main`
 * and `exports` (every subpath and condition), mapped from build output back to the source it
 * is built from (`outDir` → `rootDir` of any tsconfig of the package); `undefined` where that
 * package.json names none, or there is none. Cached per package.json, read again once it
 * changes (looked at, at most, every {@link EDIT_CHECK_MS}).
 */
export function startupEntries(filename: string, cwd: string, globs: readonly string[] | undefined): EntryFiles | undefined {
  if (globs) return entryFilesFor(globs, cwd);
  const manifest = nearestManifest(path.dirname(path.resolve(cwd, filename)));
  if (!manifest) return undefined;
  const key = `${manifest}\0${cwd}`;
  return manifestEntries.get(key, manifest, () => readManifestEntries(manifest, cwd));
}
