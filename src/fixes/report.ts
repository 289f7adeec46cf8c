import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { ReportFixFunction, SourceCode, SuggestionReportDescriptor } from '@typescript-eslint/utils/ts-eslint';
import type { ModuleLoad } from '../analysis/module-loads.js';
import { describeField, describeFunction } from './describe.js';
import type { Blocker } from './lazy-form.js';
import { combineFixes, planFixes, type CombinableFix, type LazyStyle, type PlanOptions } from './plan.js';
import { mergeEdits, toFix, type TextEdit } from './text.js';
import { exportTypeEdits } from './type-only.js';

/** Messages chosen here rather than by the kind of load: the fixes decide them. */
export type FixMessageId = 'typeOnlyImport' | 'usedAtLoad' | 'usedInSyncFunction' | 'usedInParameter' | 'usedInField';

/** One message per suggestion. */
export type SuggestionMessageId = 'loadWhereUsed' | 'importDefer';

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
  readonly data: Readonly<Record<string, string | number>>;
  readonly fix: ReportFixFunction | null;
  readonly suggest: SuggestionReportDescriptor<SuggestionMessageId>[];
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

function blockerMessage(blocker: Blocker): { messageId: FixMessageId; data: Record<string, string | number> } {
  const { use } = blocker;
  const data = { name: use.variable.name, line: use.identifier.loc.start.line };
  switch (blocker.kind) {
    case 'module-level':
      return { messageId: 'usedAtLoad', data };
    case 'sync-function':
      return { messageId: 'usedInSyncFunction', data: { ...data, fn: describeFunction(blocker.fn) } };
    case 'parameter':
      return { messageId: 'usedInParameter', data: { ...data, fn: describeFunction(blocker.fn) } };
    case 'field':
      return { messageId: 'usedInField', data: { ...data, field: describeField(blocker.field) } };
  }
}

/** Settings of the rule and file that shape a file's fixes. */
export interface FileFixOptions extends FixOptions, PlanOptions {}

/** A report's parts, and the fix `eslint --fix` would apply for it alone, to combine with the file's others. */
interface PlannedReport {
  readonly report: FixReport;
  readonly own: CombinableFix | null;
}

const NONE: FixReport = { messageId: undefined, data: {}, fix: null, suggest: [] };

function standalone(edits: readonly TextEdit[] | null): CombinableFix | null {
  return edits ? { edits } : null;
}

/** The fix, suggestions and message choice for one report of a module-level load of a heavy module. */
function plannedReport(sourceCode: Readonly<SourceCode>, load: ModuleLoad, options: FileFixOptions): PlannedReport {
  const { node } = load;
  if (load.kind === 'export') {
    if (!load.inlineTypesOnly || node.type !== AST_NODE_TYPES.ExportNamedDeclaration) return { report: NONE, own: null };
    const edits = exportTypeEdits(sourceCode, node);
    return { report: { ...NONE, fix: edits && toFix(edits) }, own: standalone(edits) };
  }
  const plan = planFixes(sourceCode, load, options);
  const typeOnlyFix = plan.typeOnly && toFix(plan.typeOnly);
  if (plan.allTypes) {
    return {
      report: { ...NONE, messageId: load.inlineTypesOnly ? undefined : 'typeOnlyImport', fix: typeOnlyFix },
      own: standalone(plan.typeOnly),
    };
  }
  const blocked = plan.blocker && blockerMessage(plan.blocker);
  const data = { load: loadPhrase(load), ...blocked?.data };
  if (!plan.lazy) {
    return { report: { messageId: blocked?.messageId, data, fix: typeOnlyFix, suggest: [] }, own: standalone(plan.typeOnly) };
  }
  const lazyFix = toFix(plan.lazy.edits);
  return {
    report: {
      messageId: undefined,
      data,
      fix: options.autofix ? lazyFix : typeOnlyFix,
      suggest: [
        {
          messageId: plan.lazy.kind === 'import-defer' ? 'importDefer' : 'loadWhereUsed',
          data: { specifier: load.specifier },
          fix: lazyFix,
        },
      ],
    },
    own: options.autofix ? { lazy: plan.lazy } : standalone(plan.typeOnly),
  };
}

/**
 * The fix, suggestions and message choice for each report of a file's module-level loads of
 * heavy modules, in the order of `loads` (source order). Suggestions stay one per report, for
 * an editor user to apply one at a time. With `autofix`, each report that has a fix carries the
 * fixes of every report of the file, combined into one consistent set of edits: ESLint spans a
 * fix's edits as one range, so fixes of one file would overlap and land one per pass, and a
 * file with many heavy imports would need more passes than `eslint --fix` makes.
 */
export function fixReportsFor(
  sourceCode: Readonly<SourceCode>,
  loads: readonly ModuleLoad[],
  options: FileFixOptions,
): FixReport[] {
  const planned = loads.map((load) => plannedReport(sourceCode, load, options));
  const own: CombinableFix[] = [];
  for (const item of planned) if (item.own) own.push(item.own);
  if (!options.autofix || own.length < 2) return planned.map((item) => item.report);
  const combined = toFix(mergeEdits(sourceCode.text, combineFixes(sourceCode, options.filename, own)));
  return planned.map((item) => (item.own ? { ...item.report, fix: combined } : item.report));
}
