import { isPathSpecifier } from './resolve.js';

/** One entry of the heavy list, as written by the user. */
export interface HeavyEntry {
  /** Package name, scope glob (`@aws-sdk/*`), subpath (`lodash/fp`) or path glob (`./src/x.ts`). */
  readonly name: string;
  /** Added to every message about this entry. */
  readonly reason?: string;
  /** Globs (relative to the working directory) of files that may import the entry at module level. */
  readonly allowIn?: readonly string[];
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
const SETTINGS_KEYS = new Set(['heavy', 'verbatimModuleSyntax']);
const ENTRY_KEYS = new Set(['name', 'reason', 'allowIn']);

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

function parseEntry(value: unknown, where: string): HeavyEntry {
  if (typeof value === 'string') {
    const problem = badName(value);
    if (problem) throw new LazyImportsConfigError(`${where} ${problem}`);
    return { name: value };
  }
  if (!isPlainObject(value)) {
    throw new LazyImportsConfigError(`${where} must be a string or { name }, got ${show(value)}`);
  }
  // A misspelt key is the likeliest mistake in an object entry, so it is named first.
  for (const key of Object.keys(value)) {
    if (!ENTRY_KEYS.has(key)) {
      throw new LazyImportsConfigError(`${where} has an unknown key '${key}' (allowed: name, reason, allowIn)`);
    }
  }
  const { name, reason, allowIn } = value;
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
  if (allowIn !== undefined && !Array.isArray(allowIn)) {
    throw new LazyImportsConfigError(`${where}.allowIn must be a list of globs, got ${show(allowIn)}`);
  }
  const globs: string[] = [];
  for (const [index, glob] of (allowIn ?? []).entries()) {
    if (typeof glob !== 'string') {
      throw new LazyImportsConfigError(`${where}.allowIn[${index}] must be a glob string, got ${show(glob)}`);
    }
    const globProblem = badText(glob);
    if (globProblem) throw new LazyImportsConfigError(`${where}.allowIn[${index}] ${globProblem}`);
    globs.push(glob);
  }
  return {
    name,
    ...(reason === undefined ? {} : { reason }),
    ...(allowIn === undefined ? {} : { allowIn: globs }),
  };
}

/**
 * Parses a list of heavy-style entries (settings, a rule's `heavy` or `allow` option), or throws
 * a {@link LazyImportsConfigError} that names the bad entry by `where` and its index.
 */
export function parseList(value: unknown, where: string): HeavyEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new LazyImportsConfigError(`${where} must be a list, got ${show(value)}`);
  }
  return value.map((entry, index) => parseEntry(entry, `${where}[${index}]`));
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

/**
 * Reads `settings['lazy-imports'].heavy`, which ESLint does not validate, and returns the
 * entries, or throws a {@link LazyImportsConfigError} that names the bad setting.
 */
export function readHeavySettings(settings: Readonly<Record<string, unknown>> | undefined): HeavyEntry[] {
  const own = ownSettings(settings);
  return own ? parseList(own.heavy, `${WHERE}.heavy`) : [];
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

const parsedSettings = new WeakMap<object, HeavyEntry[]>();

/**
 * The heavy list a rule works with: the shared settings list followed by the rule's own
 * `heavy` option (already checked by the rule's schema, parsed again for one shape and for
 * what a schema says poorly, such as a blank name). `optionsWhere` names that option in
 * errors. Settings objects are shared by every file a config applies to, so they are
 * parsed once.
 */
export function resolveHeavyList(
  settings: Readonly<Record<string, unknown>> | undefined,
  optionEntries: readonly unknown[] | undefined,
  optionsWhere = 'options.heavy',
): HeavyEntry[] {
  let shared = settings ? parsedSettings.get(settings) : [];
  if (!shared) {
    shared = readHeavySettings(settings);
    parsedSettings.set(settings as object, shared);
  }
  if (!optionEntries || optionEntries.length === 0) return shared;
  return [...shared, ...parseList(optionEntries, optionsWhere)];
}
