// How a list cut short says what it leaves out: the true count, and "more" only when there is more.
import { describe, expect, it } from 'vitest';
import { countText, moreText } from '../../src/cli/counts.js';

describe('countText', () => {
  it('says the count, or the least there are when counting stopped', () => {
    expect(countText({ total: 20, complete: true })).toBe('20');
    expect(countText({ total: 1000, complete: false })).toBe('at least 1000');
  });
});

describe('moreText', () => {
  it('says nothing when the list shows every one, however round the number', () => {
    expect(moreText(20, { total: 20, complete: true })).toBeUndefined();
    expect(moreText(3, { total: 3, complete: true })).toBeUndefined();
  });

  it('says how many are left out', () => {
    expect(moreText(20, { total: 21, complete: true })).toBe('and 1 more');
    expect(moreText(10, { total: 57, complete: true })).toBe('and 47 more');
  });

  it('says "at least" when counting stopped, and "perhaps more" when it stopped at the list itself', () => {
    expect(moreText(10, { total: 1000, complete: false })).toBe('and at least 990 more');
    expect(moreText(20, { total: 20, complete: false })).toBe('and perhaps more');
  });
});
