import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
import type { HeavyEntry } from './settings.js';
import { resolveLoad } from './resolver.js';
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
  /**
   * The entry `specifier` loads when imported from `importer`, if any. With `anywhere`, the
   * entries' `allowIn` is not consulted: whether the module is heavy at all, wherever it is
   * loaded (what decides that a lazy load of it is right).
   */
  match(specifier: string, importer: string, anywhere?: boolean): HeavyMatch | undefined;
}

type Test = (value: string) => boolean;

let picomatchModule: typeof picomatchType | undefined;

/**
 * picomatch, loaded on the first glob: it is a third of the plugin's import time, and a
 * heavy list without globs never needs it.
 */
function picomatch(patterns: string | string[], options?: picomatchType.PicomatchOptions): Test {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  const test = picomatchModule(patterns, options);
  // picomatch's matcher takes a second argument (return details): never pass it through,
  // as `Array#some(test)` would with the index.
  return (value) => test(value);
}

interface CompiledEntry {
  readonly entry: HeavyEntry;
  readonly allowIn: Test | undefined;
}

interface GlobEntry {
  readonly test: Test;
  readonly compiled: CompiledEntry;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * `node:fs` and `fs` name the same module, but `node:test` is not the npm package `test`:
 * the prefix is dropped only where Node also accepts the bare name.
 */
function withoutNodePrefix(specifier: string): string {
  if (!specifier.startsWith('node:')) return specifier;
  const bare = specifier.slice(5);
  return isBuiltin(bare) ? bare : specifier;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`; a scope never stands alone (`@s/p/x` → `@s/p`, `@s/p/x`). */
function packagePrefixes(specifier: string): string[] {
  const parts = specifier.split('/');
  const first = specifier.startsWith('@') ? 2 : 1;
  const prefixes: string[] = [];
  for (let end = first; end <= parts.length; end += 1) prefixes.push(parts.slice(0, end).join('/'));
  return prefixes;
}

/**
 * A test over absolute file paths for globs written relative to `cwd`. Files are matched by
 * their path relative to `cwd`, so characters such as `(` in the working directory's own
 * name are never read as glob syntax.
 */
function compileGlobs(globs: readonly string[], cwd: string): Test {
  const relative: string[] = [];
  const absolute: string[] = [];
  for (const glob of globs) {
    if (path.isAbsolute(glob)) absolute.push(toPosix(glob));
    else relative.push(path.posix.normalize(toPosix(glob)));
  }
  const testRelative = relative.length > 0 ? picomatch(relative, { dot: true }) : undefined;
  const testAbsolute = absolute.length > 0 ? picomatch(absolute, { dot: true }) : undefined;
  return (file) =>
    (testAbsolute?.(toPosix(file)) ?? false) || (testRelative?.(toPosix(path.relative(cwd, file))) ?? false);
}

function compile(entries: readonly HeavyEntry[], cwd: string): HeavyMatcher {
  // Several entries may share a name (settings and options, with different allowIn): an
  // import is heavy unless every one of them allows the importer.
  const exact = new Map<string, CompiledEntry[]>();
  const globs: GlobEntry[] = [];
  const files: GlobEntry[] = [];
  const carriers: GlobEntry[] = [];

  for (const entry of entries) {
    const compiled: CompiledEntry = {
      entry,
      allowIn: entry.allowIn && entry.allowIn.length > 0 ? compileGlobs(entry.allowIn, cwd) : undefined,
    };
    if (compiled.allowIn) carriers.push({ test: compiled.allowIn, compiled });
    if (isPathSpecifier(entry.name)) {
      files.push({ test: compileGlobs([entry.name], cwd), compiled });
    } else if (GLOB_CHARS.test(entry.name)) {
      globs.push({ test: picomatch(withoutNodePrefix(entry.name)), compiled });
    } else {
      const key = withoutNodePrefix(entry.name.replace(/\/+$/, ''));
      const sameName = exact.get(key);
      if (sameName) sameName.push(compiled);
      else exact.set(key, [compiled]);
    }
  }

  const allowed = (compiled: CompiledEntry, importer: string): boolean =>
    compiled.allowIn !== undefined && compiled.allowIn(importer);

  /** Entries a package specifier matches, in list order, before `allowIn` is consulted. */
  const packageCandidates = new Map<string, readonly CompiledEntry[]>();

  function candidatesFor(specifier: string): readonly CompiledEntry[] {
    let candidates = packageCandidates.get(specifier);
    if (candidates) return candidates;
    const prefixes = packagePrefixes(withoutNodePrefix(specifier));
    const found: CompiledEntry[] = [];
    for (const prefix of prefixes) found.push(...(exact.get(prefix) ?? []));
    for (const { test, compiled } of globs) if (prefixes.some(test)) found.push(compiled);
    candidates = found;
    // A project names a bounded set of packages; the bound only guards against odd input.
    if (packageCandidates.size > 50_000) packageCandidates.clear();
    packageCandidates.set(specifier, candidates);
    return candidates;
  }

  function matchPackage(specifier: string, importer: string, anywhere: boolean): HeavyMatch | undefined {
    const compiled = candidatesFor(specifier).find((candidate) => anywhere || !allowed(candidate, importer));
    return compiled ? { entry: compiled.entry } : undefined;
  }

  function matchFile(specifier: string, importer: string, anywhere: boolean): HeavyMatch | undefined {
    if (files.length === 0 && carriers.length === 0) return undefined;
    const resolved = resolvePathSpecifier(importer, specifier);
    // A file that does not exist yet (an editor buffer, a generated file) still matches
    // a glob that names one of the places it could be.
    return matchNames(resolved ? [resolved] : candidateFiles(importer, specifier), importer, anywhere);
  }

  /** A bare specifier may still name a file of the project: a tsconfig alias, `#imports`, a workspace package. */
  function matchAliased(specifier: string, importer: string, anywhere: boolean): HeavyMatch | undefined {
    if (files.length === 0 && carriers.length === 0) return undefined;
    const resolved = resolveLoad(importer, specifier, 'import');
    return resolved ? matchNames([resolved.project], importer, anywhere) : undefined;
  }

  function matchNames(names: readonly string[], importer: string, anywhere: boolean): HeavyMatch | undefined {
    for (const { test, compiled } of files) {
      if (names.some(test) && (anywhere || !allowed(compiled, importer))) return { entry: compiled.entry };
    }
    for (const { test, compiled } of carriers) {
      if (names.some(test) && (anywhere || !allowed(compiled, importer))) return { entry: compiled.entry, carrier: true };
    }
    return undefined;
  }

  return {
    isEmpty: entries.length === 0,
    match(specifier, importer, anywhere = false) {
      return isPathSpecifier(specifier)
        ? matchFile(specifier, importer, anywhere)
        : (matchPackage(specifier, importer, anywhere) ?? matchAliased(specifier, importer, anywhere));
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
