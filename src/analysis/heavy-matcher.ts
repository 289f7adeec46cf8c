import { isBuiltin } from 'node:module';
import path from 'node:path';
import { exactName, type HeavyEntry } from './settings.js';
import { globTest, isGlob, type GlobTest } from './glob.js';
import { resolveLoad } from './resolver.js';
import { candidateFiles, isPathSpecifier, resolvePathSpecifier, toPosix, withoutNodePrefix } from './resolve.js';

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
  /**
   * The eager entry `specifier` matches when imported from `importer`, if any: a module that
   * must load at start-up. {@link match} never answers for one.
   */
  eager(specifier: string, importer: string): HeavyEntry | undefined;
}

interface CompiledEntry {
  readonly entry: HeavyEntry;
  readonly allowIn: GlobTest | undefined;
  /** The packages of the entry's `except`, matched as heavy names are. */
  readonly except: HeavyMatcher | undefined;
}

interface GlobEntry {
  readonly test: GlobTest;
  readonly compiled: CompiledEntry;
}

interface PackageGlob extends GlobEntry {
  /** A glob of every package (`*`, `**`), not of one scope or name prefix. */
  readonly wide: boolean;
}

/** An entry a package specifier matches, before `allowIn`, `except` and the project's own files are consulted. */
interface Candidate {
  readonly compiled: CompiledEntry;
  /** Matched by a glob of every package (`*`, `**`), which covers installed packages only. */
  readonly wide: boolean;
}

/**
 * Whether a specifier could name an installed package: not a path, a built-in, a subpath
 * import (`#db`) or a URL-like specifier (`virtual:x`, `data:`).
 */
function mayNameInstalledPackage(specifier: string): boolean {
  return !isPathSpecifier(specifier) && !specifier.startsWith('#') && !specifier.includes(':') && !isBuiltin(specifier);
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
function compileGlobs(globs: readonly string[], cwd: string): GlobTest {
  const relative: string[] = [];
  const absolute: string[] = [];
  for (const glob of globs) {
    if (path.isAbsolute(glob)) absolute.push(toPosix(glob));
    else relative.push(path.posix.normalize(toPosix(glob)));
  }
  const testRelative = relative.length > 0 ? globTest(relative, { dot: true }) : undefined;
  const testAbsolute = absolute.length > 0 ? globTest(absolute, { dot: true }) : undefined;
  return (file) =>
    (testAbsolute?.(toPosix(file)) ?? false) || (testRelative?.(toPosix(path.relative(cwd, file))) ?? false);
}

function compile(entries: readonly HeavyEntry[], cwd: string, eagerEntries: readonly HeavyEntry[]): HeavyMatcher {
  // Several entries may share a name (settings and options, with different allowIn): an
  // import is heavy unless every one of them allows the importer.
  const exact = new Map<string, CompiledEntry[]>();
  /** Globs of packages (`**`, `@aws-sdk/*`): installed packages only, never built-ins. */
  const globs: PackageGlob[] = [];
  /** Globs of built-ins (`node:*`): the only globs that match them. */
  const builtinGlobs: GlobEntry[] = [];
  const files: GlobEntry[] = [];
  const carriers: GlobEntry[] = [];
  const eagerMatcher = eagerEntries.length > 0 ? compile(eagerEntries, cwd, []) : undefined;

  for (const entry of entries) {
    const compiled: CompiledEntry = {
      entry,
      allowIn: entry.allowIn && entry.allowIn.length > 0 ? compileGlobs(entry.allowIn, cwd) : undefined,
      except:
        entry.except && entry.except.length > 0
          ? compile(
              entry.except.map((name) => ({ name })),
              cwd,
              [],
            )
          : undefined,
    };
    if (compiled.allowIn) carriers.push({ test: compiled.allowIn, compiled });
    if (isPathSpecifier(entry.name)) {
      files.push({ test: compileGlobs([entry.name], cwd), compiled });
    } else if (isGlob(entry.name)) {
      if (entry.name.startsWith('node:')) builtinGlobs.push({ test: globTest(entry.name), compiled });
      else globs.push({ test: globTest(entry.name), compiled, wide: entry.name === '*' || entry.name === '**' });
    } else {
      const key = exactName(entry) as string;
      const sameName = exact.get(key);
      if (sameName) sameName.push(compiled);
      else exact.set(key, [compiled]);
    }
  }

  const allowed = (compiled: CompiledEntry, importer: string): boolean =>
    compiled.allowIn !== undefined && compiled.allowIn(importer);

  /** Entries a package specifier matches, in list order, before `allowIn` is consulted. */
  const packageCandidates = new Map<string, readonly Candidate[]>();

  function candidatesFor(specifier: string): readonly Candidate[] {
    let candidates = packageCandidates.get(specifier);
    if (candidates) return candidates;
    const bare = withoutNodePrefix(specifier);
    const prefixes = packagePrefixes(bare);
    const found: Candidate[] = [];
    for (const prefix of prefixes) for (const compiled of exact.get(prefix) ?? []) found.push({ compiled, wide: false });
    if (mayNameInstalledPackage(specifier)) {
      for (const { test, compiled, wide } of globs) if (prefixes.some(test)) found.push({ compiled, wide });
    } else if (builtinGlobs.length > 0 && isBuiltin(specifier)) {
      // `node:*` matches `fs` and `node:fs` alike: both are read as `node:fs`.
      const named = packagePrefixes(`node:${bare.replace(/^node:/, '')}`);
      for (const { test, compiled } of builtinGlobs) if (named.some(test)) found.push({ compiled, wide: false });
    }
    candidates = found;
    // A project names a bounded set of packages; the bound only guards against odd input.
    if (packageCandidates.size > 50_000) packageCandidates.clear();
    packageCandidates.set(specifier, candidates);
    return candidates;
  }

  function matchPackage(specifier: string, importer: string, anywhere: boolean): HeavyMatch | undefined {
    let projectFile: boolean | undefined;
    const found = candidatesFor(specifier).find(({ compiled, wide }) => {
      if (!anywhere && allowed(compiled, importer)) return false;
      if (compiled.except?.match(specifier, importer, true)) return false;
      // A glob of every package does not cover the project's own modules that a bare specifier
      // can name (a tsconfig alias, a workspace package): the chain rule follows those. A glob
      // of a scope (`@acme/*`) names them on purpose, workspace packages included.
      if (wide) projectFile ??= resolveLoad(importer, specifier, 'import') !== undefined;
      return !(wide && projectFile);
    });
    return found ? { entry: found.compiled.entry } : undefined;
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

  function eager(specifier: string, importer: string): HeavyEntry | undefined {
    // Eager entries have no `allowIn`, so no match of theirs is a carrier's.
    return eagerMatcher?.match(specifier, importer, true)?.entry;
  }

  return {
    isEmpty: entries.length === 0,
    match(specifier, importer, anywhere = false) {
      const match = isPathSpecifier(specifier)
        ? matchFile(specifier, importer, anywhere)
        : (matchPackage(specifier, importer, anywhere) ?? matchAliased(specifier, importer, anywhere));
      // An eager module stays eager whatever glob covers it; heavy and eager by name is a settings error.
      return match && eagerMatcher && eager(specifier, importer) ? undefined : match;
    },
    eager,
  };
}

const cache = new Map<string, HeavyMatcher>();

/**
 * Compiles a heavy list into a matcher, with the eager list that overrides it. Globs are
 * relative to `cwd`. The result is cached by content, so a rule may call this for every file
 * and compile each list once.
 */
export function createHeavyMatcher(entries: readonly HeavyEntry[], cwd: string, eager: readonly HeavyEntry[] = []): HeavyMatcher {
  const key = JSON.stringify([cwd, entries, eager]);
  let matcher = cache.get(key);
  if (!matcher) {
    matcher = compile(entries, cwd, eager);
    cache.set(key, matcher);
  }
  return matcher;
}

/**
 * How messages name a match: `heavy 'stripe'`, `heavy 'stripe/lib/x' (matches 'stripe')`,
 * `'./vendors/openai' (loads heavy 'openai')`, `optional peer dependency 'openai' of
 * @acme/sdk`, each with the entry's reason.
 */
export function describeMatch(specifier: string, match: HeavyMatch): string {
  const { name, reason, optional } = match.entry;
  if (optional) {
    const dependency = `optional ${optional.peer ? 'peer ' : ''}dependency '${name}' of ${optional.owner}`;
    if (match.carrier) return `'${specifier}' (loads ${dependency}${reason ? `; ${reason}` : ''})`;
    if (specifier === name) return `${dependency}${reason ? ` (${reason})` : ''}`;
    return `'${specifier}' (${dependency}${reason ? `; ${reason}` : ''})`;
  }
  if (match.carrier) return `'${specifier}' (loads heavy '${name}'${reason ? `; ${reason}` : ''})`;
  if (specifier === name) return `heavy '${name}'${reason ? ` (${reason})` : ''}`;
  return `heavy '${specifier}' (matches '${name}'${reason ? `; ${reason}` : ''})`;
}
