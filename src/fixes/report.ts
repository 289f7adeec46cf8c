import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { ReportFixFunction, SourceCode, SuggestionReportDescriptor } from '@typescript-eslint/utils/ts-eslint';
import type { ModuleLoad } from '../analysis/module-loads.js';
import { describeField, describeFunction } from './describe.js';
import type { Blocker } from './lazy-form.js';
import { planFixes, type LazyStyle } from './plan.js';
import { toFix } from './text.js';
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

/**
 * The fix, suggestions and message choice for a report of a module-level load of a heavy
 * module. `typeScriptSyntax`: the parser reads TypeScript (`import type`, `import defer`);
 * `filename`: the linted file, whose extension says how TypeScript compiles it.
 */
export function fixReportFor(
  sourceCode: Readonly<SourceCode>,
  load: ModuleLoad,
  options: FixOptions & { readonly typeScriptSyntax: boolean; readonly filename: string },
): FixReport {
  const none: FixReport = { messageId: undefined, data: {}, fix: null, suggest: [] };
  const { node } = load;
  if (load.kind === 'export') {
    if (!load.inlineTypesOnly || node.type !== AST_NODE_TYPES.ExportNamedDeclaration) return none;
    const edits = exportTypeEdits(sourceCode, node);
    return { ...none, fix: edits && toFix(edits) };
  }
  const plan = planFixes(sourceCode, load, options);
  const typeOnlyFix = plan.typeOnly && toFix(plan.typeOnly);
  if (plan.allTypes) return { ...none, messageId: load.inlineTypesOnly ? undefined : 'typeOnlyImport', fix: typeOnlyFix };
  const blocked = plan.blocker && blockerMessage(plan.blocker);
  const data = { load: loadPhrase(load), ...blocked?.data };
  if (!plan.lazy) return { messageId: blocked?.messageId, data, fix: typeOnlyFix, suggest: [] };
  const lazyFix = toFix(plan.lazy.edits);
  return {
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
  };
}
