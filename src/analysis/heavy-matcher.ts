import { createRequire } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
import type { HeavyEntry } from './settings.js';
import { candidateFiles, isPathSpecifier, resolvePathSpecifier, toPosix } from './resolve.js';

/** A load that matched the heavy list. */
export interface HeavyMatch {
  readonly entry: HeavyEntry;
  /**
   * Set when the specifier names a file that wraps the entry (a file in the entry's
   * `allowIn`), rather than the entry itself.
   */
  readonly carrier?: true;
}

/** Answers, for one linted file, whether a specifier loads a heavy entry. */
export interface HeavyMatcher {
  /** True when the list is empty, so a rule can return no visitor at all. */
  readonly isEmpty: boolean;
  /** The entry `specifier` loads when imported from `importer`, if any. */
  match(specifier: string, importer: string): HeavyMatch | undefined;
}

type Test = (value: string) => boolean;

let picomatchModule: typeof picomatchType | undefined;

/**
 * picomatch, loaded on the first glob: it is a third of the plugin's import time, and a
 * heavy list without globs never needs it.
 */
function picomatch(patterns: string | string[], options?: picomatchType.PicomatchOptions): Test {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return picomatchModule(patterns, options);
}

interface CompiledEntry {
  readonly entry: HeavyEntry;
  readonly allowIn: Test | undefined;
}

const GLOB_CHARS = /[*?[\]{}!]/;

function stripNodePrefix(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`; a scope never stands alone (`@s/p/x` → `@s/p`, `@s/p/x`). */
function packagePrefixes(specifier: string): string[] {
  const parts = specifier.split('/');
  const first = specifier.startsWith('@') ? 2 : 1;
  const prefixes: string[] = [];
  for (let end = first; end <= parts.length; end += 1) prefixes.push(parts.slice(0, end).join('/'));
  return prefixes;
}

function compileGlobs(globs: readonly string[], cwd: string): Test {
  const absolute = globs.map((glob) => toPosix(path.resolve(cwd, glob)));
  return picomatch(absolute, { dot: true });
}

function compile(entries: readonly HeavyEntry[], cwd: string): HeavyMatcher {
  const exact = new Map<string, CompiledEntry>();
  const globs: { test: Test; compiled: CompiledEntry }[] = [];
  const files: { test: Test; compiled: CompiledEntry }[] = [];
  const carriers: { test: Test; compiled: CompiledEntry }[] = [];

  for (const entry of entries) {
    const compiled: CompiledEntry = {
      entry,
      allowIn: entry.allowIn && entry.allowIn.length > 0 ? compileGlobs(entry.allowIn, cwd) : undefined,
    };
    if (compiled.allowIn) carriers.push({ test: compiled.allowIn, compiled });
    if (isPathSpecifier(entry.name)) {
      files.push({ test: compileGlobs([entry.name], cwd), compiled });
    } else if (GLOB_CHARS.test(entry.name)) {
      globs.push({ test: picomatch(stripNodePrefix(entry.name)), compiled });
    } else {
      const key = stripNodePrefix(entry.name.replace(/\/+$/, ''));
      if (!exact.has(key)) exact.set(key, compiled);
    }
  }

  const allowed = (compiled: CompiledEntry, importer: string): boolean =>
    compiled.allowIn !== undefined && compiled.allowIn(toPosix(importer));

  function matchPackage(specifier: string, importer: string): HeavyMatch | undefined {
    const prefixes = packagePrefixes(stripNodePrefix(specifier));
    for (const prefix of prefixes) {
      const compiled = exact.get(prefix);
      if (compiled && !allowed(compiled, importer)) return { entry: compiled.entry };
    }
    for (const { test, compiled } of globs) {
      if (prefixes.some(test) && !allowed(compiled, importer)) return { entry: compiled.entry };
    }
    return undefined;
  }

  function matchFile(specifier: string, importer: string): HeavyMatch | undefined {
    if (files.length === 0 && carriers.length === 0) return undefined;
    const resolved = resolvePathSpecifier(importer, specifier);
    // A file that does not exist yet (an editor buffer, a generated file) still matches
    // a glob that names one of the places it could be.
    const names = (resolved ? [resolved] : candidateFiles(importer, specifier)).map(toPosix);
    for (const { test, compiled } of files) {
      if (names.some(test) && !allowed(compiled, importer)) return { entry: compiled.entry };
    }
    for (const { test, compiled } of carriers) {
      if (names.some(test) && !allowed(compiled, importer)) return { entry: compiled.entry, carrier: true };
    }
    return undefined;
  }

  return {
    isEmpty: entries.length === 0,
    match(specifier, importer) {
      return isPathSpecifier(specifier) ? matchFile(specifier, importer) : matchPackage(specifier, importer);
    },
  };
}

const cache = new Map<string, HeavyMatcher>();

/**
 * Compiles a heavy list into a matcher. Globs are relative to `cwd`. The result is cached
 * by content, so a rule may call this for every file and compile each list once.
 */
export function createHeavyMatcher(entries: readonly HeavyEntry[], cwd: string): HeavyMatcher {
  const key = JSON.stringify([cwd, entries]);
  let matcher = cache.get(key);
  if (!matcher) {
    matcher = compile(entries, cwd);
    cache.set(key, matcher);
  }
  return matcher;
}

/**
 * How messages name a match: `heavy 'stripe'`, `heavy 'stripe/lib/x' (matches 'stripe')`,
 * `'./vendors/openai' (loads heavy 'openai')`, each with the entry's reason.
 */
export function describeMatch(specifier: string, match: HeavyMatch): string {
  const { name, reason } = match.entry;
  if (match.carrier) return `'${specifier}' (loads heavy '${name}'${reason ? `; ${reason}` : ''})`;
  if (specifier === name) return `heavy '${name}'${reason ? ` (${reason})` : ''}`;
  return `heavy '${specifier}' (matches '${name}'${reason ? `; ${reason}` : ''})`;
}
