import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { createHeavyMatcher, type HeavyMatcher } from '../analysis/heavy-matcher.js';
import { optionalDependenciesFor, withOptionalEntries, type OptionalDependencies } from '../analysis/optional-dependencies.js';
import { readSettings, resolveHeavyList, type HeavyEntry } from '../analysis/settings.js';
import { cwdOf } from './compat.js';

/** A heavy entry in a rule option: the same two forms as in settings. */
export type HeavyOption = string | Omit<HeavyEntry, 'optional'>;

/** JSON schema of a `heavy` option: the settings list's entry forms, checked by ESLint. */
export const heavyOptionSchema: JSONSchema4 = {
  type: 'array',
  description: "Heavy entries added to settings['lazy-imports'].heavy for this rule.",
  items: {
    oneOf: [
      { type: 'string', minLength: 1, description: 'A package, subpath, scope glob or path glob.' },
      {
        type: 'object',
        description: 'An entry with a reason for messages, files that may load it at module level, and packages it does not cover.',
        properties: {
          name: { type: 'string', minLength: 1, description: 'A package, subpath, scope glob or path glob.' },
          reason: { type: 'string', description: 'Added to every message about this entry.' },
          allowIn: {
            type: 'array',
            description: 'Globs (relative to the working directory) of files that may import the entry at module level.',
            items: { type: 'string', minLength: 1 },
          },
          except: {
            type: 'array',
            description: "Package names and globs the entry does not cover, as in `{ name: '**', except: ['commander'] }`.",
            items: { type: 'string', minLength: 1 },
          },
        },
        required: ['name'],
        additionalProperties: false,
      },
    ],
  },
};

const NO_SETTINGS: Readonly<Record<string, unknown>> = {};

/** A matcher, and the manifest reading its optional-dependency entries were made from. */
interface Built {
  readonly matcher: HeavyMatcher;
  readonly from: OptionalDependencies | undefined;
}

/**
 * Matchers by settings object (shared by every file a config block applies to), then by working
 * directory, rule options and package manifest: a rule runs this for every file, so a hit must
 * cost no more than a few lookups.
 */
const matchers = new WeakMap<object, Map<string, Built>>();

/**
 * The heavy matcher for the file being linted: the shared settings list plus the rule's own
 * `heavy` option, the optional dependencies of the file's package where
 * `optionalDependencies` is on, and the eager list over them all. Throws a one-line error
 * that names a bad settings entry, or a bad option entry by its place in the rule's config
 * (`rules['lazy-imports/x'][1].heavy[0]`).
 */
export function heavyMatcherFor(
  context: {
    readonly settings: Readonly<Record<string, unknown>>;
    readonly cwd?: string;
    readonly id?: string;
    readonly filename?: string;
  },
  optionEntries: readonly HeavyOption[] | undefined,
): HeavyMatcher {
  const cwd = cwdOf(context);
  const settings = context.settings ?? NO_SETTINGS;
  const { eager, optionalDependencies } = readSettings(settings);
  const optional = optionalDependenciesFor(optionalDependencies, context.filename, cwd);
  const options = optionEntries && optionEntries.length > 0 ? JSON.stringify(optionEntries) : '';
  const key = `${cwd}\0${options}\0${optional?.manifest ?? ''}`;
  let byKey = matchers.get(settings);
  if (!byKey) {
    byKey = new Map();
    matchers.set(settings, byKey);
  }
  let built = byKey.get(key);
  // A manifest read again after an edit is a new reading: its entries may have changed.
  if (!built || built.from !== optional) {
    const optionsWhere = context.id ? `rules['${context.id}'][1].heavy` : 'options.heavy';
    const heavy = resolveHeavyList(settings, optionEntries, optionsWhere);
    const entries = withOptionalEntries(heavy, optional, optionalDependencies);
    built = { matcher: createHeavyMatcher(entries, cwd, eager), from: optional };
    byKey.set(key, built);
  }
  return built.matcher;
}
