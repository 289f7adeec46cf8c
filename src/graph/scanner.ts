import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';
import type * as OxcParser from 'oxc-parser';
import { collectModuleLoads, type ImportSemantics, type LoadKind, type ModuleLoad } from '../analysis/module-loads.js';
import { jsxFactoriesFor } from '../analysis/compile-semantics.js';
import { tsconfigFor } from '../analysis/tsconfig.js';

/** A load that runs when its module is evaluated: an edge of the project graph. */
export interface EagerLoad {
  readonly kind: LoadKind;
  readonly specifier: string;
}

let oxcParser: { readonly parser: typeof OxcParser; readonly rawTransfer: boolean } | undefined;

/**
 * oxc-parser, a native package: loaded on the chain rule's first use, never at plugin import.
 * Where Node supports it (22 and later), the AST crosses from Rust through a shared buffer,
 * which halves the cost of reading a file; the AST is the same.
 */
function parserModule(): NonNullable<typeof oxcParser> {
  if (!oxcParser) {
    const parser = createRequire(import.meta.url)('oxc-parser') as typeof OxcParser;
    oxcParser = { parser, rawTransfer: parser.rawTransferSupported() };
  }
  return oxcParser;
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Files that may hold JSX: TypeScript only in `.tsx`, JavaScript in any of its extensions. */
const JSX_FILE = /\.(?:tsx|jsx|[cm]?js)$/;

/** Whether a program holds JSX: only then does it load a JSX runtime. */
function containsJsx(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(containsJsx);
  const type = (node as { type?: unknown }).type;
  if (type === 'JSXElement' || type === 'JSXFragment') return true;
  for (const key in node) {
    if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments') continue;
    const value = (node as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null && containsJsx(value)) return true;
  }
  return false;
}

/**
 * The module JSX compiles to a load of, as the tsconfig's `jsx` and `jsxImportSource` say:
 * `react/jsx-runtime` for `react-jsx`, `react/jsx-dev-runtime` for `react-jsxdev`. The
 * classic `react` transform needs `React` in scope, which the file imports itself; `preserve`
 * and `react-native` leave the JSX to a later tool.
 */
function jsxRuntimeOf(filename: string): string | undefined {
  const options = tsconfigFor(filename)?.compilerOptions;
  const jsx = (options?.jsx as string | undefined)?.toLowerCase();
  const source = options?.jsxImportSource ?? 'react';
  if (jsx === 'react-jsx') return `${source}/jsx-runtime`;
  if (jsx === 'react-jsxdev') return `${source}/jsx-dev-runtime`;
  return undefined;
}

/**
 * The eager loads among a file's module loads (found by `module-loads`, the analysis every
 * rule uses), plus the JSX runtime that its JSX compiles to a load of.
 */
export function eagerLoadsFrom(
  loads: readonly ModuleLoad[],
  { filename, hasJsx }: { readonly filename: string; readonly hasJsx: boolean },
): EagerLoad[] {
  if (DECLARATION_FILE.test(filename)) return [];
  const eager: EagerLoad[] = [];
  for (const load of loads) {
    if (load.atLoad) eager.push({ kind: load.kind, specifier: load.specifier });
  }
  if (hasJsx) {
    const runtime = jsxRuntimeOf(filename);
    if (runtime) eager.push({ kind: 'import', specifier: runtime });
  }
  return eager;
}

/**
 * The eager loads of a whole program (any ESTree, ESLint's or oxc-parser's) that the build
 * keeps: under `'elided'` semantics an import no value uses is no load.
 */
export function eagerLoadsOf(
  program: TSESTree.Program,
  filename: string,
  semantics: ImportSemantics,
  sourceText?: string,
): EagerLoad[] {
  // Only a JSX runtime makes JSX a load: skip the search where the tsconfig names none.
  const hasJsx = JSX_FILE.test(filename) && jsxRuntimeOf(filename) !== undefined && containsJsx(program.body);
  const options = {
    semantics,
    jsxFactories: jsxFactoriesFor(filename),
    ...(sourceText === undefined ? {} : { sourceText }),
  };
  return eagerLoadsFrom(collectModuleLoads(program, options), { filename, hasJsx });
}

function langOf(filename: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (/\.[cm]?tsx$/.test(filename)) return 'tsx';
  if (/\.[cm]?ts$/.test(filename)) return 'ts';
  // JavaScript may hold JSX in any of its extensions.
  return 'jsx';
}

/**
 * Reads and parses a file ESLint is not linting right now, and returns its eager loads.
 * A file that cannot be read gives `undefined`; one that does not parse loads nothing we can
 * know of (a leaf), never an error.
 */
export function scanFile(filename: string, semantics: ImportSemantics): EagerLoad[] | undefined {
  if (DECLARATION_FILE.test(filename)) return [];
  let text: string;
  try {
    text = readFileSync(filename, 'utf8');
  } catch {
    return undefined;
  }
  if (filename.endsWith('.json')) return [];
  // Every load's text holds one of these words (`\u`: an escaped `require`); a file with none
  // loads nothing but a JSX runtime.
  if (!/import|export|require|\\u/.test(text) && !(JSX_FILE.test(filename) && jsxRuntimeOf(filename) !== undefined)) return [];
  const { parser, rawTransfer } = parserModule();
  // `experimentalRawTransfer` is read by this version's `parseSync`, though its types omit it.
  const options: OxcParser.ParserOptions & { experimentalRawTransfer: boolean } = {
    experimentalRawTransfer: rawTransfer,
    lang: langOf(filename),
    sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module',
    astType: 'ts',
    range: true,
    // Parentheses as nodes would hide an immediately invoked `(function () {})()`.
    preserveParens: false,
  };
  const result = parser.parseSync(filename, text, options);
  if (result.errors.some((error) => String(error.severity) === 'Error')) return [];
  return eagerLoadsOf(result.program as unknown as TSESTree.Program, filename, semantics, text);
}
