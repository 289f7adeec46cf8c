// How a list cut short says what it leaves out, in one wording wherever the command cuts one: the
// chains of `--why` and of the page, and the table's packages.

/** How many things were found: every one, or as many as a bounded search counted. */
export interface Count {
  readonly total: number;
  /** `false` when counting stopped at its bound: `total` is then the least there are. */
  readonly complete: boolean;
}

/** A count as a sentence says it: `57`, or `at least 1000` when counting stopped. */
export function countText(count: Count): string {
  return `${count.complete ? '' : 'at least '}${String(count.total)}`;
}

/**
 * What a list of the first `shown` of `count` things leaves out: `and 37 more`, `and at least 980
 * more`, or `undefined` when it shows them all.
 */
export function moreText(shown: number, count: Count): string | undefined {
  const left = count.total - shown;
  if (left > 0) return `and ${countText({ total: left, complete: count.complete })} more`;
  return count.complete ? undefined : 'and perhaps more';
}
