import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { ReportFixFunction, SourceCode, SuggestionReportDescriptor } from '@typescript-eslint/utils/ts-eslint';
import type { TSESTree } from '@typescript-eslint/types';
import { jsxFactoriesFor } from '../analysis/compile-semantics.js';
import { jsxFactoryNames, type ModuleLoad } from '../analysis/module-loads.js';
import { describeField, describeFunction } from './describe.js';
import type { LoadDeclaration } from './bindings.js';
import type { Blocker } from './lazy-form.js';
import { combineFixes, planFixes, type CombinableFix, type LazyStyle, type PlanOptions } from './plan.js';
import { guardedLoad, type OptionalPackage } from './missing-package.js';
import { indentUnitOf, mergeEdits, toFix, type TextEdit } from './text.js';
import { exportTypeEdits } from './type-only.js';

/** Messages chosen here rather than by the kind of load: the fixes decide them. */
export type FixMessageId = 'typeOnlyImport' | 'usedAtLoad' | 'usedInSyncFunction' | 'usedInParameter' | 'usedInField';

/** One message per suggestion. */
export type SuggestionMessageId = 'loadWhereUsed' | 'loadOptionalWhereUsed' | 'importDefer';

/**
 * The messages the fixes choose, for every rule that reports loads with them. `what` names
 * what the load brings (the heavy entry, or the project module and its chain to one), `load`
 * the kind of load.
 */
export const fixMessages: Readonly<Record<FixMessageId | SuggestionMessageId, string>> = {
  typeOnlyImport: 'Import of {{what}} is used only as a type, yet loads the module at start-up. Use `import type`.',
  usedAtLoad:
    '{{load}} of {{what}} runs at start-up, and `{{name}}` is used at module level on line {{line}}, so the module cannot be loaded lazily. Move that use into a function, then load the module there.',
  usedInSyncFunction:
    "{{load}} of {{what}} runs at start-up, and `{{name}}` is used in {{fn}} on line {{line}}, which is not async, so `await import()` cannot load the module there. Move that use into an async function, or set the option `style: 'import-defer'`.",
  usedInParameter:
    '{{load}} of {{what}} runs at start-up, and `{{name}}` is used in a default parameter value of {{fn}} on line {{line}}, which runs before a load in the body could. Move that use into the function body.',
  usedInField:
    '{{load}} of {{what}} runs at start-up, and `{{name}}` is used in the initializer of {{field}} on line {{line}}, where no statement can load the module first. Move that use into a method or the constructor.',
  loadWhereUsed: 'Load `{{specifier}}` where it is used.',
  loadOptionalWhereUsed:
    'Load `{{specifier}}` where it is used, with an error that names the package and how to install it when it is missing.',
  importDefer: 'Import `{{specifier}}` with `import defer` and read it where it is used.',
};

/**
 * What `eslint --fix` applies for one load: its lazy form where one is safe (else what the
 * type-only fix can do), only the type-only fix, or nothing (suggestions stay).
 */
export type FixLevel = 'lazy' | 'type-only' | 'none';

/** Rule options that decide which fixes are offered and how. */
export interface FixOptions {
  /** Make the lazy form a fix, not only a suggestion. */
  readonly autofix: boolean;
  readonly style: LazyStyle;
}

/** The parts of a report that the fixes decide. */
export interface FixReport {
  /** A message that says what blocks the lazy form or that only types are used; else the rule's own. */
  readonly messageId: FixMessageId | undefined;
  /** Every value the message interpolates, `what` included. */
  readonly data: Readonly<Record<string, string | number>>;
  readonly fix: ReportFixFunction | null;
  readonly suggest: SuggestionReportDescriptor<SuggestionMessageId>[];
  /**
   * Whether a fix of the load, applied, takes it off the start-up path: the lazy form, or the
   * type-only fix where every binding becomes a type (whatever the level asked for).
   */
  readonly cuts: boolean;
}

/** What a message calls the load: "Module-level import", "`require()`". */
function loadPhrase(load: ModuleLoad): string {
  switch (load.kind) {
    case 'import-equals':
      return '`import … = require()`';
    case 'require':
      return '`require()`';
    default:
      return 'Module-level import';
  }
}

/** The message that names what blocks the lazy form, with every value it interpolates. */
function blockerMessage(
  blocker: Blocker,
  what: string,
  load: string,
): { messageId: FixMessageId; data: Record<string, string | number> } {
  // Each message's data is written out whole: this runs for most findings, and spreads cost more.
  const { use } = blocker;
  const name = use.variable.name;
  const line = use.identifier.loc.start.line;
  switch (blocker.kind) {
    case 'module-level':
      return { messageId: 'usedAtLoad', data: { what, load, name, line } };
    case 'sync-function':
      return { messageId: 'usedInSyncFunction', data: { what, load, name, line, fn: describeFunction(blocker.fn) } };
    case 'parameter':
      return { messageId: 'usedInParameter', data: { what, load, name, line, fn: describeFunction(blocker.fn) } };
    case 'field':
      return { messageId: 'usedInField', data: { what, load, name, line, field: describeField(blocker.field) } };
  }
}

/** Settings of the rule and file that shape a file's fixes. */
export interface FileFixOptions extends FixOptions, PlanOptions {}

/** A report's parts, and the fix `eslint --fix` would apply for it alone, to combine with the file's others. */
interface PlannedReport {
  readonly report: FixReport;
  readonly own: CombinableFix | null;
}

/** Suggestions of a report that offers none, shared: ESLint only reads them. */
const NO_SUGGESTIONS: SuggestionReportDescriptor<SuggestionMessageId>[] = [];

function standalone(edits: readonly TextEdit[] | null): CombinableFix | null {
  return edits ? { edits } : null;
}

/** A heavy load to report: the load, how messages name what it matched, and its declaration once looked up. */
export interface ReportedLoad {
  readonly load: ModuleLoad;
  /** The `what` of every message about the load: the entry it matched, with its reason. */
  readonly what: string;
  /**
   * The declaration behind the load, when the caller has looked it up already (`null`: it has
   * none the fixes can rewrite); `undefined`, the plan looks it up.
   */
  readonly declaration: LoadDeclaration | null | undefined;
  /**
   * Set for an optional dependency of the file's package: its lazy form explains a missing
   * package, and is only ever a suggestion (it changes what users without it see).
   */
  readonly optional?: OptionalPackage;
  /** What `--fix` applies for this load; without it, the rule's `autofix` option decides. */
  readonly level?: FixLevel;
}

/** A report with no message choice and no suggestion. */
function plainReport(what: string, messageId: FixMessageId | undefined, fix: ReportFixFunction | null, cuts: boolean): FixReport {
  return { messageId, data: { what }, fix, suggest: NO_SUGGESTIONS, cuts };
}

/**
 * What `eslint --fix` applies for a reported load: the load's own level where it has one (the
 * chain rule's cuts), else the lazy form with the rule's `autofix`, else the type-only fix;
 * never the lazy form of an optional dependency.
 */
export function levelOf(reported: Pick<ReportedLoad, 'level' | 'optional'>, options: Pick<FixOptions, 'autofix'>): FixLevel {
  const level = reported.level ?? (options.autofix ? 'lazy' : 'type-only');
  // An optional dependency's lazy form changes what users without the package see: it stays a suggestion.
  return reported.optional && level === 'lazy' ? 'type-only' : level;
}

/** The fix, suggestions and message choice for one report of a module-level load of a heavy module. */
function plannedReport(sourceCode: Readonly<SourceCode>, reported: ReportedLoad, options: FileFixOptions): PlannedReport {
  const { load, what, optional } = reported;
  const { node } = load;
  const level = levelOf(reported, options);
  if (load.kind === 'export') {
    if (!load.inlineTypesOnly || node.type !== AST_NODE_TYPES.ExportNamedDeclaration) {
      return { report: plainReport(what, undefined, null, false), own: null };
    }
    const edits = exportTypeEdits(sourceCode, node);
    const applied = level === 'none' ? null : edits;
    return { report: plainReport(what, undefined, applied && toFix(applied), edits !== null), own: standalone(applied) };
  }
  // `import defer` of a missing package throws as the module is linked: only a load in the function can explain it.
  const plan = planFixes(
    sourceCode,
    load,
    optional
      ? {
          ...options,
          style: 'dynamic-import',
          wrapLoad: (text, call) => guardedLoad(text, call, optional, indentUnitOf(sourceCode.text)),
        }
      : options,
    reported.declaration,
  );
  const typeOnly = level === 'none' ? null : plan.typeOnly;
  const typeOnlyFix = typeOnly && toFix(typeOnly);
  if (plan.allTypes) {
    return {
      report: plainReport(what, load.inlineTypesOnly ? undefined : 'typeOnlyImport', typeOnlyFix, plan.typeOnly !== null),
      own: standalone(typeOnly),
    };
  }
  if (!plan.lazy) {
    const blocked = plan.blocker && blockerMessage(plan.blocker, what, loadPhrase(load));
    return {
      report: blocked
        ? { messageId: blocked.messageId, data: blocked.data, fix: typeOnlyFix, suggest: NO_SUGGESTIONS, cuts: false }
        : { messageId: undefined, data: { what, load: loadPhrase(load) }, fix: typeOnlyFix, suggest: NO_SUGGESTIONS, cuts: false },
      own: standalone(typeOnly),
    };
  }
  // A plan with a lazy form has no blocker.
  const lazyFix = toFix(plan.lazy.edits);
  return {
    report: {
      messageId: undefined,
      data: { what, load: loadPhrase(load) },
      fix: level === 'lazy' ? lazyFix : typeOnlyFix,
      suggest: [
        {
          messageId: optional ? 'loadOptionalWhereUsed' : plan.lazy.kind === 'import-defer' ? 'importDefer' : 'loadWhereUsed',
          data: { specifier: load.specifier },
          fix: lazyFix,
        },
      ],
      cuts: true,
    },
    own: level === 'lazy' ? { lazy: plan.lazy } : standalone(typeOnly),
  };
}

/**
 * The fix, suggestions, message choice and message data for each report of a file's
 * module-level loads of heavy modules, in the order of `loads` (source order). Suggestions
 * stay one per report, for an editor user to apply one at a time. Where a lazy form is a fix
 * (`autofix`, or a load's own level), each report
 * that has a fix carries the fixes of every report of the file, combined into one consistent
 * set of edits: ESLint spans a fix's edits as one range, so fixes of one file would overlap and
 * land one per pass, and a file with many heavy imports would need more passes than
 * `eslint --fix` makes.
 */
export function fixReportsFor(
  sourceCode: Readonly<SourceCode>,
  loads: readonly ReportedLoad[],
  options: FileFixOptions,
): FixReport[] {
  const planned = loads.map((reported) => plannedReport(sourceCode, reported, options));
  const own: CombinableFix[] = [];
  for (const item of planned) if (item.own) own.push(item.own);
  if (own.length < 2 || !own.some((fix) => 'lazy' in fix)) return planned.map((item) => item.report);
  const combined = toFix(mergeEdits(sourceCode.text, combineFixes(sourceCode, options.filename, own)));
  return planned.map((item) => (item.own ? { ...item.report, fix: combined } : item.report));
}

/** Whether the parser reads TypeScript syntax: typescript-eslint's gives every import an `importKind`, espree none. */
export function readsTypeScriptSyntax(program: TSESTree.Program): boolean {
  return program.body.some((statement) => 'importKind' in statement);
}

/**
 * Whether the file's JSX calls a name as its factory (the classic transform's configured,
 * default and pragma factories), for {@link PlanOptions.calledByJsx}; `hasJsx` says whether the
 * file has JSX at all. The names are worked out on the first question.
 */
export function jsxFactoryCalls(program: TSESTree.Program, filename: string, hasJsx: boolean): (name: string) => boolean {
  if (!hasJsx) return () => false;
  let names: readonly string[] | undefined;
  return (name) => {
    names ??= jsxFactoryNames(program, { jsxFactories: jsxFactoriesFor(filename) });
    return names.includes(name);
  };
}
