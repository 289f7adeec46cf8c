import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
import { toPosix } from '../analysis/resolve.js';

/** The entry points an `entries` option names. */
export interface EntryFiles {
  /** Whether a file is one of the entry points (it may not exist on disk yet). */
  matches(file: string): boolean;
  /** The entry files on disk, absolute. */
  files(): readonly string[];
}

const GLOB_CHARS = /[*?[\]{}!]/;
/** How long a listing of the entry globs is trusted: an editor session adds files. */
const LISTING_MS = 5000;

const cache = new Map<string, EntryFiles>();

function walk(directory: string, found: string[]): void {
  let names;
  try {
    names = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of names) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) walk(full, found);
    else if (entry.isFile()) found.push(full);
  }
}

function create(globs: readonly string[], cwd: string): EntryFiles {
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  const patterns = globs.map((glob) => path.posix.normalize(toPosix(path.isAbsolute(glob) ? path.relative(cwd, glob) : glob)));
  const test = picomatch(patterns, { dot: true });
  const matches = (file: string): boolean => test(toPosix(path.relative(cwd, file)));
  let listed: { at: number; files: readonly string[] } | undefined;
  return {
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
        const candidates: string[] = [];
        walk(path.resolve(cwd, picomatch.scan(pattern).base || '.'), candidates);
        found.push(...candidates.filter(matches));
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
export function entryFilesFor(globs: readonly string[], cwd: string): EntryFiles {
  const key = JSON.stringify([cwd, globs]);
  let entries = cache.get(key);
  if (!entries) {
    entries = create(globs, cwd);
    cache.set(key, entries);
  }
  return entries;
}
