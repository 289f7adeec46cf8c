import { isGlob } from './glob.js';
import { isPathSpecifier, withoutNodePrefix } from './resolve.js';

/** Where an entry made from the package manifest comes from: an optional dependency of the linted file's package. */
export interface OptionalDependency {
  /** The `name` of the package that declares it. */
  readonly owner: string;
  /** Declared as a peer marked optional in `peerDependenciesMeta`, rather than in `optionalDependencies`. */
  readonly peer: boolean;
}

/** One entry of the heavy list, as written by the user. */
export interface HeavyEntry {
  /** Package name, scope glob (`@aws-sdk/*`), subpath (`lodash/fp`) or path glob (`./src/x.ts`). */
  readonly name: string;
  /** Added to every message about this entry. */
  readonly reason?: string;
  /** Globs (relative to the working directory) of files that may import the entry at module level. */
  readonly allowIn?: readonly string[];
  /** Package names and globs the entry does not cover (`{ name: '**', except: ['commander'] }`). */
  readonly except?: readonly string[];
  /** Set on the entries `optionalDependencies: true` makes from the package manifest, never written by the user. */
  readonly optional?: OptionalDependency;
}

/** `settings['lazy-imports'].optionalDependencies`, once turned on. */
export interface OptionalDependenciesSetting {
  readonly reason?: string;
  readonly allowIn?: readonly string[];
}

/** Everything `settings['lazy-imports']` says about which modules load when. */
export interface LazyImportsSettings {
  readonly heavy: readonly HeavyEntry[];
  /** Modules that must load at start-up, whatever `heavy` says. */
  readonly eager: readonly HeavyEntry[];
  /** `undefined` when the optional dependencies of a file's package are not heavy for it. */
  readonly optionalDependencies: OptionalDependenciesSetting | undefined;
}

/**
 * An error in the user's settings or options. ESLint prints the message of an error thrown
 * while a rule is created; the stack would only point into the plugin, so it is left out.
 */
export class LazyImportsConfigError extends Error {
  constructor(message: string) {
    super(`lazy-imports: ${message}`);
    this.name = 'LazyImportsConfigError';
    this.stack = this.message;
  }
}

const SETTINGS_KEY = 'lazy-imports';
const SETTINGS_KEYS = new Set(['heavy', 'eager', 'optionalDependencies', 'verbatimModuleSyntax']);
const ENTRY_KEYS = ['name', 'reason', 'allowIn', 'except'];
/** An eager entry has no `allowIn`: every file may (and should) load it at module level. */
const EAGER_ENTRY_KEYS = ['name', 'reason', 'except'];
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a name or glob cannot be used, if it cannot: empty, or padded so it never matches. */
function badText(text: string): string | undefined {
  if (text.trim() === '') return 'must not be empty';
  if (text.trim() !== text) return `must not start or end with spaces, got ${show(text)}`;
  return undefined;
}

/**
 * Names that look right but would match nothing, or everything: a negation (picomatch reads
 * `!x` as "all but x"), a bare scope, a directory path.
 */
function badName(name: string): string | undefined {
  const text = badText(name);
  if (text) return text;
  if (name.startsWith('!')) return `must not be negated (list only what is heavy), got ${show(name)}`;
  const scope = /^(@[^/*]+)\/?$/.exec(name)?.[1];
  if (scope) return `names a scope, not a package: write '${scope}/*' for every package of the scope`;
  if (isPathSpecifier(name) && name.endsWith('/')) {
    return `names a directory: write '${name}**' for every file under it`;
  }
  return undefined;
}

/** Checks a list of globs (`allowIn`, `except`) and returns it, or throws naming the bad one. */
function parseGlobs(value: unknown, where: string, what: string, check: (glob: string) => string | undefined): string[] {
  if (!Array.isArray(value)) throw new LazyImportsConfigError(`${where} must be a list of ${what}, got ${show(value)}`);
  return value.map((glob: unknown, index) => {
    if (typeof glob !== 'string') {
      throw new LazyImportsConfigError(`${where}[${index}] must be a glob string, got ${show(glob)}`);
    }
    const problem = check(glob);
    if (problem) throw new LazyImportsConfigError(`${where}[${index}] ${problem}`);
    return glob;
  });
}

/** Why a name cannot be an `except` of a package entry: it must itself name packages. */
function badExcept(name: string): string | undefined {
  const problem = badName(name);
  if (problem) return problem;
  if (isPathSpecifier(name)) return `names a file, but except lists packages (package names or globs), got ${show(name)}`;
  return undefined;
}

/** Which entries a list holds: `allowIn` means nothing in the eager list. */
type ListKind = 'heavy' | 'eager';

function parseEntry(value: unknown, where: string, kind: ListKind): HeavyEntry {
  if (typeof value === 'string') {
    const problem = badName(value);
    if (problem) throw new LazyImportsConfigError(`${where} ${problem}`);
    return { name: value };
  }
  if (!isPlainObject(value)) {
    throw new LazyImportsConfigError(`${where} must be a string or { name }, got ${show(value)}`);
  }
  // A misspelt key is the likeliest mistake in an object entry, so it is named first.
  const keys = kind === 'eager' ? EAGER_ENTRY_KEYS : ENTRY_KEYS;
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new LazyImportsConfigError(`${where} has an unknown key '${key}' (allowed: ${keys.join(', ')})`);
    }
  }
  const { name, reason, allowIn, except } = value;
  if (name === undefined) {
    throw new LazyImportsConfigError(`${where} must be a string or { name }, got ${show(value)}`);
  }
  if (typeof name !== 'string') {
    throw new LazyImportsConfigError(`${where}.name must be a string, got ${show(name)}`);
  }
  const nameProblem = badName(name);
  if (nameProblem) throw new LazyImportsConfigError(`${where}.name ${nameProblem}`);
  if (reason !== undefined && typeof reason !== 'string') {
    throw new LazyImportsConfigError(`${where}.reason must be a string, got ${show(reason)}`);
  }
  if (except !== undefined && isPathSpecifier(name)) {
    throw new LazyImportsConfigError(`${where}.except lists packages, so it applies to package entries only, not to ${show(name)}`);
  }
  return {
    name,
    ...(reason === undefined ? {} : { reason }),
    ...(allowIn === undefined ? {} : { allowIn: parseGlobs(allowIn, `${where}.allowIn`, 'globs', badText) }),
    ...(except === undefined
      ? {}
      : { except: parseGlobs(except, `${where}.except`, 'package names or globs', badExcept) }),
  };
}

/**
 * Parses a list of heavy-style entries (settings, a rule's `heavy` or `allow` option), or throws
 * a {@link LazyImportsConfigError} that names the bad entry by `where` and its index.
 */
export function parseList(value: unknown, where: string, kind: ListKind = 'heavy'): HeavyEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new LazyImportsConfigError(`${where} must be a list, got ${show(value)}`);
  }
  return value.map((entry, index) => parseEntry(entry, `${where}[${index}]`, kind));
}

const WHERE = `settings['${SETTINGS_KEY}']`;

/** The plugin's own settings object, checked for shape and keys, or `undefined` when absent. */
function ownSettings(settings: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | undefined {
  const own = settings?.[SETTINGS_KEY];
  if (own === undefined) return undefined;
  if (!isPlainObject(own)) {
    throw new LazyImportsConfigError(`${WHERE} must be an object like { heavy: [...] }, got ${show(own)}`);
  }
  for (const key of Object.keys(own)) {
    if (!SETTINGS_KEYS.has(key)) {
      throw new LazyImportsConfigError(`${WHERE} has an unknown key '${key}' (allowed: ${[...SETTINGS_KEYS].join(', ')})`);
    }
  }
  // Checked with the rest, so a bad value stops every rule, not only those that read it.
  const verbatim = own.verbatimModuleSyntax;
  if (verbatim !== undefined && typeof verbatim !== 'boolean') {
    throw new LazyImportsConfigError(
      `${WHERE}.verbatimModuleSyntax must be true or false (leave it out to follow tsconfig.json), got ${show(verbatim)}`,
    );
  }
  return own;
}

function parseOptionalDependencies(value: unknown): OptionalDependenciesSetting | undefined {
  const where = `${WHERE}.optionalDependencies`;
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (!isPlainObject(value)) {
    throw new LazyImportsConfigError(`${where} must be true, false or { allowIn?, reason? }, got ${show(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'allowIn' && key !== 'reason') {
      throw new LazyImportsConfigError(`${where} has an unknown key '${key}' (allowed: allowIn, reason)`);
    }
  }
  const { allowIn, reason } = value;
  if (reason !== undefined && typeof reason !== 'string') {
    throw new LazyImportsConfigError(`${where}.reason must be a string, got ${show(reason)}`);
  }
  return {
    ...(reason === undefined ? {} : { reason }),
    ...(allowIn === undefined ? {} : { allowIn: parseGlobs(allowIn, `${where}.allowIn`, 'globs', badText) }),
  };
}

/** The package (or subpath) an entry names exactly, as the matcher keys it; `undefined` for globs and paths. */
export function exactName(entry: HeavyEntry): string | undefined {
  if (isPathSpecifier(entry.name) || isGlob(entry.name)) return undefined;
  return withoutNodePrefix(entry.name.replace(/\/+$/, ''));
}

/**
 * Throws when a heavy entry names, by name, a package the eager list names: the package or a
 * subpath of it, which the eager entry would always win over. A glob that covers an eager
 * package is fine: the eager entry wins there.
 */
function checkEagerConflicts(heavy: readonly HeavyEntry[], heavyWhere: string, eager: readonly HeavyEntry[]): void {
  if (eager.length === 0) return;
  const eagerNames = eager.map(exactName);
  heavy.forEach((entry, index) => {
    const name = exactName(entry);
    if (name === undefined) return;
    const at = eagerNames.findIndex((eagerName) => eagerName !== undefined && (name === eagerName || name.startsWith(`${eagerName}/`)));
    if (at === -1) return;
    throw new LazyImportsConfigError(
      `${heavyWhere}[${index}] names '${entry.name}', which ${WHERE}.eager[${at}] says must load at start-up: remove it from one of the two lists`,
    );
  });
}

const parsedSettings = new WeakMap<object, LazyImportsSettings>();

const NO_SETTINGS: LazyImportsSettings = { heavy: [], eager: [], optionalDependencies: undefined };

/**
 * Reads `settings['lazy-imports']`, which ESLint does not validate: the heavy and eager lists
 * and the optional-dependency setting, or throws a {@link LazyImportsConfigError} that names
 * the bad setting. Settings objects are shared by every file a config applies to, so each is
 * parsed once.
 */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): LazyImportsSettings {
  if (!settings) return NO_SETTINGS;
  let parsed = parsedSettings.get(settings);
  if (parsed) return parsed;
  const own = ownSettings(settings);
  if (own) {
    const heavy = parseList(own.heavy, `${WHERE}.heavy`);
    const eager = parseList(own.eager, `${WHERE}.eager`, 'eager');
    checkEagerConflicts(heavy, `${WHERE}.heavy`, eager);
    parsed = { heavy, eager, optionalDependencies: parseOptionalDependencies(own.optionalDependencies) };
  } else {
    parsed = NO_SETTINGS;
  }
  parsedSettings.set(settings, parsed);
  return parsed;
}

/**
 * Reads `settings['lazy-imports'].heavy`, which ESLint does not validate, and returns the
 * entries, or throws a {@link LazyImportsConfigError} that names the bad setting (any part of
 * `settings['lazy-imports']`: every rule stops on it).
 */
export function readHeavySettings(settings: Readonly<Record<string, unknown>> | undefined): readonly HeavyEntry[] {
  return readSettings(settings).heavy;
}

/**
 * Reads `settings['lazy-imports'].verbatimModuleSyntax`: `true` or `false` overrides what the
 * nearest tsconfig says about imports that no value uses, `undefined` leaves it to the
 * tsconfig. Throws a {@link LazyImportsConfigError} for any other value.
 */
export function readVerbatimModuleSyntax(settings: Readonly<Record<string, unknown>> | undefined): boolean | undefined {
  if (!settings) return undefined;
  // Settings objects are shared by every file a config applies to: read each once.
  if (verbatimBySettings.has(settings)) return verbatimBySettings.get(settings);
  const verbatim = ownSettings(settings)?.verbatimModuleSyntax as boolean | undefined;
  verbatimBySettings.set(settings, verbatim);
  return verbatim;
}

const verbatimBySettings = new WeakMap<object, boolean | undefined>();

/**
 * The heavy list a rule works with: the shared settings list followed by the rule's own
 * `heavy` option (already checked by the rule's schema, parsed again for one shape and for
 * what a schema says poorly, such as a blank name, and checked against the eager list).
 * `optionsWhere` names that option in errors.
 */
export function resolveHeavyList(
  settings: Readonly<Record<string, unknown>> | undefined,
  optionEntries: readonly unknown[] | undefined,
  optionsWhere = 'options.heavy',
): readonly HeavyEntry[] {
  const { heavy, eager } = readSettings(settings);
  if (!optionEntries || optionEntries.length === 0) return heavy;
  const own = parseList(optionEntries, optionsWhere);
  checkEagerConflicts(own, optionsWhere, eager);
  return [...heavy, ...own];
}
