import { describe, expect, it } from 'vitest';
import { levelOf, type FixLevel } from '../../src/fixes/report.js';

const OPTIONAL = { specifier: 'sharp', owner: 'app' };

describe('levelOf: what `eslint --fix` applies for a reported load', () => {
  it('follows the rule option where the load names no level: the lazy form with autofix, else the type-only fix', () => {
    expect(levelOf({}, { autofix: true })).toBe('lazy');
    expect(levelOf({}, { autofix: false })).toBe('type-only');
  });

  it.each<[FixLevel, boolean]>([
    ['lazy', false],
    ['type-only', true],
    ['none', true],
    ['none', false],
  ])("takes the load's own level %s over autofix: %s", (level, autofix) => {
    expect(levelOf({ level }, { autofix })).toBe(level);
  });

  it('never applies the lazy form of an optional dependency, however it was asked for', () => {
    expect(levelOf({ optional: OPTIONAL }, { autofix: true })).toBe('type-only');
    expect(levelOf({ optional: OPTIONAL, level: 'lazy' }, { autofix: false })).toBe('type-only');
  });

  it('keeps the other levels of an optional dependency', () => {
    expect(levelOf({ optional: OPTIONAL }, { autofix: false })).toBe('type-only');
    expect(levelOf({ optional: OPTIONAL, level: 'none' }, { autofix: true })).toBe('none');
  });
});
