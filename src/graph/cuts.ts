import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { importSemanticsFor } from '../analysis/compile-semantics.js';
import { stampedCache } from '../analysis/file-stamp.js';
import type { HeavyMatcher } from '../analysis/heavy-matcher.js';
import type { ImportSemantics, ModuleLoad } from '../analysis/module-loads.js';
import { resolveLoad } from '../analysis/resolver.js';
import { fixReportsFor, jsxFactoryCalls, readsTypeScriptSyntax } from '../fixes/report.js';
import type { ProjectGraph } from './graph.js';
import { containsJsx, programLoads } from './scanner.js';

/**
 * The file of the project that a load of `filename` brings onto the start-up path, where
 * `banned-import-chains` is the rule to report it: a load that runs at start-up, of a file
 * other than the importer, whose specifier no heavy entry matches (those, and a file in an
 * entry's `allowIn` loaded from outside it, are left to `banned-module-level-imports`).
 */
export function chainLoadTarget(
  matcher: HeavyMatcher,
  filename: string,
  load: Pick<ModuleLoad, 'atLoad' | 'kind' | 'specifier'>,
): string | undefined {
  if (!load.atLoad) return undefined;
  const direct = matcher.match(load.specifier, filename, true);
  // A heavy specifier ends the chain even where `allowIn` lets the file load it.
  if ((direct && !direct.carrier) || matcher.match(load.specifier, filename)) return undefined;
  const target = resolveLoad(filename, load.specifier, load.kind)?.project;
  return target === filename ? undefined : target;
}

/** What ESLint's `Linter` is asked here: parse a text, and give the parsed file with its scopes and tokens. */
interface Parsing {
  verify(text: string, config: readonly object[], options: { readonly filename: string }): readonly unknown[];
  getSourceCode(): Readonly<SourceCode> | null;
}

type LinterClass = new (options: { readonly configType: 'flat'; readonly cwd: string }) => Parsing;

/** What ESLint gives a rule for a file: the parsers and the `Linter` that make it, found on first use. */
interface Parsers {
  readonly linter: Parsing | undefined;
  /** typescript-eslint's parser, where installed: TypeScript files need it. */
  readonly typescript: object | undefined;
}

let parsers: Parsers | undefined;

function loadFrom(id: string, bases: readonly string[]): unknown {
  for (const base of bases) {
    try {
      return createRequire(base)(id);
    } catch {
      // Not installed where this base looks: try the next.
    }
  }
  return undefined;
}

function parsersOf(cwd: string): Parsers {
  if (!parsers) {
    // The plugin's own neighbours first (a peer of the plugin), then the project's.
    const bases = [import.meta.url, path.join(cwd, 'package.json')];
    const Linter = (loadFrom('eslint', bases) as { Linter?: LinterClass } | undefined)?.Linter;
    const typescript = loadFrom('@typescript-eslint/parser', bases) as object | undefined;
    parsers = {
      linter: Linter ? new Linter({ configType: 'flat', cwd: path.parse(cwd).root }) : undefined,
      typescript,
    };
  }
  return parsers;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

/**
 * A file of the project as a rule would see it: parsed by typescript-eslint's parser where it
 * is installed (any file: it reads JavaScript too), else by ESLint's own (JavaScript only),
 * with its scopes and tokens, through ESLint's `Linter` and no rule. The same parser for every
 * file, whichever file is being linted, so that what the fixes find in it never depends on
 * which file asked. `undefined` where the file cannot be parsed so.
 */
function sourceCodeOf(file: string, text: string, cwd: string): Readonly<SourceCode> | undefined {
  const { linter, typescript } = parsersOf(cwd);
  if (!linter || (!typescript && TYPESCRIPT_FILE.test(file))) return undefined;
  const extension = path.extname(file);
  const sourceTypes = /^\.c[jt]s$/.test(extension) ? ['commonjs'] : ['module', 'commonjs'];
  for (const sourceType of sourceTypes) {
    const config = {
      // A pattern with an extension: ESLint lints no file that only `**/*` matches.
      files: [`**/*${extension}`],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType,
        ...(typescript ? { parser: typescript } : {}),
        parserOptions: { ecmaFeatures: { jsx: !/^\.[cm]?ts$/.test(extension) } },
      },
    };
    const messages = linter.verify(text, [config], { filename: file });
    const sourceCode = linter.getSourceCode();
    if (messages.length === 0 && sourceCode) return sourceCode;
  }
  return undefined;
}

/**
 * A load of a file that runs at start-up, and whether its fix takes it off start-up: what the
 * walk needs of it, without the syntax tree it was found in.
 */
interface PlannedLoad {
  readonly load: Pick<ModuleLoad, 'atLoad' | 'kind' | 'specifier'>;
  readonly cuts: boolean;
}

/**
 * What the planner found in each file, kept while the file is unchanged, under the import
 * semantics its tsconfig gives it (part of the key, with the file). Where each load leads is
 * asked again each time: what a specifier resolves to may change with other files.
 */
const plans = stampedCache<readonly PlannedLoad[]>();

/**
 * The loads of `file` (as on disk) that run at start-up, each with whether the fixes of
 * `banned-module-level-imports` take it off start-up: the same module-loads analysis and the
 * same planner as for a file being linted.
 */
function plannedLoadsOf(file: string, semantics: ImportSemantics, cwd: string): PlannedLoad[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const sourceCode = sourceCodeOf(file, text, cwd);
  if (!sourceCode) return [];
  const { ast } = sourceCode;
  const atLoad = programLoads(ast, file, semantics, text).kept.filter((load) => load.atLoad);
  const reports = fixReportsFor(
    sourceCode,
    atLoad.map((load) => ({ load, what: '', declaration: undefined, level: 'none' })),
    {
      autofix: false,
      style: 'dynamic-import',
      typeScriptSyntax: readsTypeScriptSyntax(ast),
      filename: file,
      calledByJsx: jsxFactoryCalls(ast, file, containsJsx(ast.body)),
    },
  );
  return atLoad.map(({ kind, specifier }, index) => ({
    load: { atLoad: true, kind, specifier },
    cuts: reports[index]?.cuts ?? false,
  }));
}

function planOf(file: string, verbatimModuleSyntax: boolean | undefined, cwd: string): readonly PlannedLoad[] {
  const semantics = importSemanticsFor(file, verbatimModuleSyntax);
  return plans.get(`${semantics}\0${file}`, file, () => plannedLoadsOf(file, semantics, cwd));
}

/**
 * The targets of `file`'s links that one `--fix` cuts where the walk reaches the file: links
 * the chain rule reports (the target's closure reaches a heavy module) every load of which
 * has a fix that takes it off start-up, so that the target no longer loads with the file.
 */
function cuttableLinks(
  graph: ProjectGraph,
  file: string,
  matcher: HeavyMatcher,
  verbatimModuleSyntax: boolean | undefined,
  cwd: string,
): ReadonlySet<string> {
  const blocked = new Set<string>();
  const candidates = new Set<string>();
  for (const { load, cuts } of planOf(file, verbatimModuleSyntax, cwd)) {
    const target = resolveLoad(file, load.specifier, load.kind)?.project;
    if (!target) continue;
    if (cuts && chainLoadTarget(matcher, file, load) === target) candidates.add(target);
    else blocked.add(target);
  }
  const cuttable = new Set<string>();
  for (const target of candidates) {
    if (!blocked.has(target) && graph.chainThrough(file, target)) cuttable.add(target);
  }
  return cuttable;
}

/**
 * The links at which `eslint --fix` with `autofix` cuts the chains from `entries`: on each
 * chain, the first link from an entry that the chain rule reports and whose loads all have a
 * safe fix (the lazy form, or `import type`); the links behind it stay. Whether a link can be
 * cut is read from its file on disk, by the planner every fix uses, whichever file is being
 * linted: the answer is the same in any order and in every thread.
 */
export function cutLinksFor(
  graph: ProjectGraph,
  matcher: HeavyMatcher,
  verbatimModuleSyntax: boolean | undefined,
  entries: readonly string[],
  cwd: string,
): ReadonlySet<string> {
  return graph.cutLinks(entries, (file) => cuttableLinks(graph, file, matcher, verbatimModuleSyntax, cwd));
}
