import type { TSESTree } from '@typescript-eslint/types';
import type { RuleFix, RuleFixer, SourceCode } from '@typescript-eslint/utils/ts-eslint';

/** One replacement of a source range; fixes are built as lists of these, then handed to ESLint. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** The fix function ESLint expects, for a list of non-overlapping edits. */
export function toFix(edits: readonly TextEdit[]): (fixer: RuleFixer) => RuleFix[] {
  return (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
}

/** Applies non-overlapping edits to `text`, as ESLint does with the edits of one fix. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let output = '';
  let position = 0;
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    output += text.slice(position, edit.range[0]) + edit.text;
    position = edit.range[1];
  }
  return output + text.slice(position);
}

/**
 * Non-overlapping edits as one edit from the first to the last, as ESLint merges the edits of
 * a fix: a fix shared by many reports is merged once rather than once a report.
 */
export function mergeEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  if (edits.length < 2) return [...edits];
  const start = Math.min(...edits.map((edit) => edit.range[0]));
  const end = Math.max(...edits.map((edit) => edit.range[1]));
  const shifted = edits.map((edit) => ({ range: [edit.range[0] - start, edit.range[1] - start] as const, text: edit.text }));
  return [{ range: [start, end], text: applyEdits(text.slice(start, end), shifted) }];
}

/** Offset of the first character of the line that holds `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace that starts the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Whether only whitespace stands between the start of its line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/**
 * One level of indentation in this file: the indentation of the first indented line (a tab
 * or up to eight spaces), two spaces when no line is indented.
 */
export function indentUnitOf(text: string): string {
  const match = /\n(\t|[ ]{1,8})\S/.exec(text);
  return match?.[1] ?? '  ';
}

/** Whether a line break separates two offsets. */
export function onSameLine(text: string, from: number, to: number): boolean {
  return !text.slice(from, to).includes('\n');
}

/**
 * Comments inside a node, as written: what must survive when the node is removed or rebuilt.
 * A binary search in the file's comments (in source order), as most statements have none.
 */
export function commentsInside(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): string[] {
  const comments = sourceCode.ast.comments ?? [];
  const [start, end] = node.range;
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((comments[middle]?.range[0] ?? end) < start) low = middle + 1;
    else high = middle;
  }
  const inside: string[] = [];
  for (let index = low; index < comments.length; index++) {
    const comment = comments[index];
    if (!comment || comment.range[1] > end) break;
    inside.push(sourceCode.getText(comment));
  }
  return inside;
}

/**
 * Replaces a top-level statement with `replacement` lines, or removes it with its line when
 * `replacement` is empty. Comments inside the statement are kept in its place, and a comment
 * after it on the same line stays where it is.
 */
export function replaceStatement(
  sourceCode: Readonly<SourceCode>,
  node: TSESTree.Node,
  replacement: readonly string[],
): TextEdit {
  const { text } = sourceCode;
  const [start, end] = node.range;
  const indent = indentationAt(text, start);
  const kept = [...replacement, ...commentsInside(sourceCode, node)];
  const lineEnd = text.indexOf('\n', end);
  const restOfLine = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  if (kept.length > 0) {
    // A kept `//` comment must not swallow code that follows the statement on its line.
    const last = kept.at(-1) ?? '';
    const breakAfter = last.startsWith('//') && !/^[ \t]*(?:\/\/.*)?$/.test(restOfLine) ? `\n${indent}` : '';
    return { range: [start, end], text: kept.join(`\n${indent}`) + breakAfter };
  }
  // Without semicolons, removing a statement may join the code on either side of it into one
  // expression (`load()` and a next line that starts with `(` or `[`): a `;` keeps them apart.
  const separator = joinsNeighbours(sourceCode, node) ? ';' : '';
  // `\r` ends a line too, in files with Windows line endings.
  if (startsLine(text, start) && /^[ \t\r]*$/.test(restOfLine)) {
    // The statement has the line to itself: remove the line, not just the statement, and
    // the blank line after it when one before (or the start of the file) already separates.
    const lineStart = lineStartOf(text, start);
    if (lineEnd === -1) return { range: [lineStart, text.length], text: '' };
    if (separator) return { range: [lineStart, lineEnd + 1], text: separator };
    const nextEnd = text.indexOf('\n', lineEnd + 1);
    const blankBefore = lineStart === 0 || /^[ \t\r]*$/.test(text.slice(lineStartOf(text, lineStart - 1), lineStart - 1));
    const blankAfter = nextEnd !== -1 && /^[ \t\r]*$/.test(text.slice(lineEnd + 1, nextEnd));
    return { range: [lineStart, blankBefore && blankAfter ? nextEnd + 1 : lineEnd + 1], text: '' };
  }
  // Code or a comment follows on the line: it takes the statement's place.
  const spaceAfter = /^[ \t]*/.exec(restOfLine)?.[0].length ?? 0;
  return { range: [start, end + spaceAfter], text: separator };
}

/**
 * Removals (edits to '') that touch one another, joined into one, and a joined run of whole
 * lines that starts the file or follows a blank line takes the blank line after it along:
 * statements removed together leave the layout that removing them one at a time leaves.
 */
export function joinRemovals(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const joined: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = joined.at(-1);
    if (previous && previous.text === '' && edit.text === '' && previous.range[1] === edit.range[0] && edit.range[0] < edit.range[1]) {
      joined[joined.length - 1] = { range: [previous.range[0], edit.range[1]], text: '' };
      continue;
    }
    joined.push(edit);
  }
  return joined.map((edit) => {
    const [start, end] = edit.range;
    if (edit.text !== '' || edits.some((original) => original === edit)) return edit;
    // A run that already ends with a blank line took the one it needed.
    const wholeLines =
      start === lineStartOf(text, start) &&
      text[end - 1] === '\n' &&
      !/^[ \t\r]*$/.test(text.slice(lineStartOf(text, end - 1), end - 1));
    const blankBefore = start === 0 || /^[ \t\r]*$/.test(text.slice(lineStartOf(text, start - 1), start - 1));
    const nextEnd = text.indexOf('\n', end);
    const blankAfter = nextEnd !== -1 && /^[ \t\r]*$/.test(text.slice(end, nextEnd));
    return wholeLines && blankBefore && blankAfter ? { range: [start, nextEnd + 1], text: '' } : edit;
  });
}

/**
 * Whether a line that starts with `token` continues the expression before it when no `;`
 * separates them: `(`, `[`, a template, `+`, `-`, a regular expression.
 */
export function continuesExpression(token: { readonly value: string }): boolean {
  return /^[([`+\-/]/.test(token.value);
}

/** Whether the code before and after `node` would read as one expression once it is gone. */
function joinsNeighbours(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): boolean {
  const before = sourceCode.getTokenBefore(node);
  const after = sourceCode.getTokenAfter(node);
  if (!before || !after || before.value === ';') return false;
  return continuesExpression(after);
}
