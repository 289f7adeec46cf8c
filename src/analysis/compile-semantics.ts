import type { ImportSemantics } from './module-loads.js';
import { tsconfigFor, type CompilerOptions } from './tsconfig.js';

export type { ImportSemantics } from './module-loads.js';

/** Files that TypeScript compiles; every other file runs (or is bundled) as written. */
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

/**
 * How the compiler options treat an import none of whose bindings is used as a value.
 * `verbatimModuleSyntax` keeps it (as `import {} from 'h'`); so does the older
 * `importsNotUsedAsValues: 'preserve' | 'error'` (TypeScript before 5.5), as `import 'h'`,
 * and `preserveValueImports` keeps names that only type information would show to be types.
 * TypeScript's default removes it, with or without `isolatedModules`.
 */
export function semanticsOfOptions(options: Readonly<CompilerOptions>): ImportSemantics {
  if (options.verbatimModuleSyntax === true || options.preserveValueImports === true) return 'kept';
  const notUsed = (options.importsNotUsedAsValues as string | undefined)?.toLowerCase();
  if (notUsed === 'preserve' || notUsed === 'error') return 'kept';
  return 'elided';
}

/**
 * Whether the build of `filename` keeps imports that no value uses (`'kept'`) or removes them
 * (`'elided'`). JavaScript files are always kept. `override` is the setting
 * `settings['lazy-imports'].verbatimModuleSyntax` (`true` → kept, `false` → elided); without
 * it the nearest `tsconfig.json` decides, and a file with none above it, or whose `extends`
 * cannot be read, is kept (what Node's type stripping does, and the answer that never hides
 * a load).
 */
export function importSemanticsFor(filename: string, override: boolean | undefined): ImportSemantics {
  if (!TYPESCRIPT_FILE.test(filename)) return 'kept';
  if (override !== undefined) return override ? 'kept' : 'elided';
  const tsconfig = tsconfigFor(filename);
  if (!tsconfig || tsconfig.problem !== undefined) return 'kept';
  return semanticsOfOptions(tsconfig.compilerOptions);
}

/** The root name of a factory expression: `React` of `React.createElement`, `h` of `h`. */
function rootName(factory: unknown): string | undefined {
  return typeof factory === 'string' ? /^[\w$]+/.exec(factory.trim())?.[0] : undefined;
}

/**
 * The names JSX in `filename` compiles to calls of (for `ValueScanOptions.jsxFactories`): the
 * roots of the tsconfig's `jsxFactory` and `jsxFragmentFactory`, and `React`, the default, which
 * is kept whatever the options say (a bundler may compile the JSX the classic way).
 */
export function jsxFactoriesFor(filename: string): string[] {
  const options = TYPESCRIPT_FILE.test(filename) ? tsconfigFor(filename)?.compilerOptions : undefined;
  const names = new Set(['React']);
  for (const factory of [options?.jsxFactory, options?.jsxFragmentFactory]) {
    const name = rootName(factory);
    if (name) names.add(name);
  }
  return [...names];
}
