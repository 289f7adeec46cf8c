import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { createHeavyMatcher, type HeavyMatcher } from '../analysis/heavy-matcher.js';
import { resolveHeavyList, type HeavyEntry } from '../analysis/settings.js';
import { cwdOf } from './compat.js';

/** A heavy entry in a rule option: the same two forms as in settings. */
export type HeavyOption = string | HeavyEntry;

/** JSON schema of a `heavy` option: the settings list's entry forms, checked by ESLint. */
export const heavyOptionSchema: JSONSchema4 = {
  type: 'array',
  description: "Heavy entries added to settings['lazy-imports'].heavy for this rule.",
  items: {
    oneOf: [
      { type: 'string', minLength: 1, description: 'A package, subpath, scope glob or path glob.' },
      {
        type: 'object',
        description: 'An entry with a reason for messages, and files that may load it at module level.',
        properties: {
          name: { type: 'string', minLength: 1, description: 'A package, subpath, scope glob or path glob.' },
          reason: { type: 'string', description: 'Added to every message about this entry.' },
          allowIn: {
            type: 'array',
            description: 'Globs (relative to the working directory) of files that may import the entry at module level.',
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

/**
 * Matchers by settings object (shared by every file a config block applies to), then by working
 * directory and rule options: a rule runs this for every file, so a hit must cost no more than
 * a lookup.
 */
const matchers = new WeakMap<object, Map<string, HeavyMatcher>>();

/**
 * The heavy matcher for the file being linted: the shared settings list plus the rule's own
 * `heavy` option. Throws a one-line error that names a bad settings entry, or a bad option
 * entry by its place in the rule's config (`rules['lazy-imports/x'][1].heavy[0]`).
 */
export function heavyMatcherFor(
  context: { readonly settings: Readonly<Record<string, unknown>>; readonly cwd?: string; readonly id?: string },
  optionEntries: readonly HeavyOption[] | undefined,
): HeavyMatcher {
  const cwd = cwdOf(context);
  const key = optionEntries && optionEntries.length > 0 ? `${cwd}\0${JSON.stringify(optionEntries)}` : cwd;
  const settings = context.settings ?? NO_SETTINGS;
  let byKey = matchers.get(settings);
  if (!byKey) {
    byKey = new Map();
    matchers.set(settings, byKey);
  }
  let matcher = byKey.get(key);
  if (!matcher) {
    const optionsWhere = context.id ? `rules['${context.id}'][1].heavy` : 'options.heavy';
    matcher = createHeavyMatcher(resolveHeavyList(settings, optionEntries, optionsWhere), cwd);
    byKey.set(key, matcher);
  }
  return matcher;
}
