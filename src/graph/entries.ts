import { statSync } from 'node:fs';
import path from 'node:path';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { EMITTED_TO_SOURCE, toPosix } from '../analysis/resolve.js';
import { EDIT_CHECK_MS } from '../analysis/file-stamp.js';
import { globCandidates, globTest } from '../analysis/glob.js';
import { nearestManifest, readManifest, type Manifest } from '../analysis/manifest.js';
import { resolveLoad, sourcePathsOf } from '../analysis/resolver.js';

/** The entry points of a program: the files its start-up path begins at. */
export interface EntryFiles {
  /** Whether a file is one of the entry points (it may not exist on disk yet). */
  matches(file: string): boolean;
  /** The entry files on disk, absolute. */
  files(): readonly string[];
}

/** How long a listing of the entry globs is trusted: an editor session adds files. */
const LISTING_MS = 5000;

const cache = new Map<string, EntryFiles>();

function create(globs: readonly string[], cwd: string): EntryFiles {
  const patterns = globs.map((glob) => path.posix.normalize(toPosix(path.isAbsolute(glob) ? path.relative(cwd, glob) : glob)));
  const test = globTest(patterns, { dot: true });
  const matches = (file: string): boolean => test(toPosix(path.relative(cwd, file)));
  let listed: { at: number; files: readonly string[] } | undefined;
  return {
    matches,
    files() {
      const now = Date.now();
      if (listed && now - listed.at < LISTING_MS) return listed.files;
      const { named, tree } = globCandidates(cwd, patterns);
      const found = [...named.filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile()), ...tree.files.filter(matches)];
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
    entries = create(globs, cwd);
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
 * What each reading of a package.json names, by working directory, and when it found that its
 * entry points named are not on disk (looked for again after {@link EDIT_CHECK_MS}: they may be
 * created while an editor lints).
 */
const manifestEntries = new WeakMap<Manifest, Map<string, { readonly entries: EntryFiles | undefined; readonly missingAt?: number }>>();

/**
 * The entry points a reading of a package.json names, or `undefined` when it names none, or
 * none of them is on disk (a build output whose source cannot be told: checking every file is
 * then the safe answer).
 */
function entriesOfManifest(manifest: string, fields: Manifest, cwd: string): EntryFiles | undefined {
  let byCwd = manifestEntries.get(fields);
  if (!byCwd) {
    byCwd = new Map();
    manifestEntries.set(fields, byCwd);
  }
  const known = byCwd.get(cwd);
  const now = Date.now();
  if (known && (known.missingAt === undefined || now - known.missingAt < EDIT_CHECK_MS)) return known.entries;
  const targets = [fields.bin, fields.main, fields.exports].flatMap(targetsIn).filter(isModuleTarget);
  if (targets.length === 0) {
    byCwd.set(cwd, { entries: undefined });
    return undefined;
  }
  const entries = create([...new Set(targets.flatMap((target) => entriesOfTarget(manifest, target)))], cwd);
  const found = entries.files().length > 0;
  byCwd.set(cwd, found ? { entries } : { entries: undefined, missingAt: now });
  return found ? entries : undefined;
}

/**
 * The `entries` option of the graph rules, whose own words say what happens without entry
 * points (`withoutAny`): globs of the entry files, or those of the nearest package.json.
 */
export function entriesOptionSchema(purpose: string, withoutAny: string): JSONSchema4 {
  return {
    type: 'array',
    description: `Globs (relative to the working directory) of the entry points${purpose}. Without it, the entry points of the nearest package.json (\`bin\`, \`main\`, \`exports\`); where it names none, ${withoutAny}.`,
    items: { type: 'string', minLength: 1 },
  };
}

/**
 * The entry points of the program `filename` belongs to: the `entries` option's globs
 * (relative to `cwd`) when given; else the targets of the nearest package.json's `bin`, `main`
 * and `exports` (every subpath and condition), mapped from build output back to the source it
 * is built from (`outDir` → `rootDir` of any tsconfig of the package); `undefined` where that
 * package.json names none, cannot be read, or there is none. Cached per package.json, read
 * again once it changes or one is added nearer (looked at, at most, every {@link EDIT_CHECK_MS}).
 */
export function startupEntries(filename: string, cwd: string, globs: readonly string[] | undefined): EntryFiles | undefined {
  if (globs) return entryFilesFor(globs, cwd);
  const manifest = nearestManifest(path.dirname(path.resolve(cwd, filename)));
  const fields = manifest === undefined ? undefined : readManifest(manifest);
  return manifest === undefined || fields === undefined ? undefined : entriesOfManifest(manifest, fields, cwd);
}
