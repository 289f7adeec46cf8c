import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heavyCheck } from '../../src/cli/heavy.js';

describe('heavyCheck', () => {
  const cwd = path.resolve('tests/fixtures/optional-sdk');

  it('sees the list as the rules do: except, eager over globs, no built-ins under **', () => {
    const check = heavyCheck([{ name: '**', except: ['commander', '@acme/*'] }], cwd, [{ name: 'reflect-metadata' }]);
    expect(check.forPackage('stripe')).toEqual({ name: '**', except: ['commander', '@acme/*'] });
    for (const name of ['commander', '@acme/log', 'reflect-metadata', 'fs', 'node:fs']) expect(check.forPackage(name)).toBeUndefined();
  });

  it('takes no eager list by default', () => {
    expect(heavyCheck([{ name: '**' }], cwd).forPackage('reflect-metadata')).toEqual({ name: '**' });
  });
});
