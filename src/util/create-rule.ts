import type { RuleContext, RuleListener, RuleMetaData, RuleMetaDataDocs, RuleModule } from '@typescript-eslint/utils/ts-eslint';

/** Where each rule's documentation lives: its page in the repository. */
export const DOCS_BASE_URL = 'https://github.com/lazy-imports/eslint-plugin-lazy-imports/blob/main/docs/rules/';

/** Documentation fields of our rules, beyond ESLint's own. */
export interface LazyImportsDocs {
  /** Whether `configs.recommended` turns the rule on (`configs.strict` turns on every rule). */
  readonly recommended?: boolean;
}

/** A rule's meta as written in its file: `docs.url` is added here, `defaultOptions` is required. */
export type NamedRuleMeta<MessageIds extends string, Options extends readonly unknown[]> = Omit<
  RuleMetaData<MessageIds, LazyImportsDocs, Options>,
  'docs' | 'defaultOptions'
> & {
  readonly docs: Omit<RuleMetaDataDocs, 'url'> & LazyImportsDocs;
  readonly defaultOptions: Options;
};

/** A rule as written in its file. */
export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: NamedRuleMeta<MessageIds, Options>;
  readonly create: (context: Readonly<RuleContext<MessageIds, Options>>, options: Readonly<Options>) => RuleListener;
}

/** A rule as the plugin exports it. */
export type LazyImportsRule<Options extends readonly unknown[], MessageIds extends string> = RuleModule<
  MessageIds,
  Options,
  LazyImportsDocs
> & { readonly name: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges user options over defaults, as ESLint ≥ 9.15 does with `meta.defaultOptions`
 * (plain objects merge, everything else replaces), so older ESLint gets the same options.
 */
export function applyDefaultOptions<Options extends readonly unknown[]>(
  defaults: Options,
  options: readonly unknown[],
): Options {
  const merge = (base: unknown, override: unknown): unknown => {
    if (override === undefined) return base;
    if (!isObject(base) || !isObject(override)) return override;
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) merged[key] = merge(base[key], value);
    return merged;
  };
  const length = Math.max(defaults.length, options.length);
  return Array.from({ length }, (_, index) => merge(defaults[index], options[index])) as unknown as Options;
}

const NO_OPTIONS = {};

/**
 * Creates a rule of this plugin: adds `meta.docs.url` (the rule's page under `docs/rules/`)
 * and hands `create` its options with `meta.defaultOptions` applied.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
}: RuleDefinition<Options, MessageIds>): LazyImportsRule<Options, MessageIds> {
  const mergedOptions = new WeakMap<object, readonly unknown[]>();
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE_URL}${name}.md` } },
    create(context) {
      // ESLint hands every file of a config block the same option objects: merge them once.
      const key = (context.options[0] ?? NO_OPTIONS) as object;
      let options = mergedOptions.get(key) as Options | undefined;
      if (!options || context.options.length > 1) {
        options = applyDefaultOptions(meta.defaultOptions, context.options);
        mergedOptions.set(key, options);
      }
      return create(context, options);
    },
  };
}
