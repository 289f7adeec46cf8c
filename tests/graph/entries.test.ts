import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryFilesFor } from '../../src/graph/entries.js';
import { CHAINS, chainsFile } from './support/chains-fixture.js';

describe('entries', () => {
  it('lists a plain path and the files a glob matches, relative to the working directory', () => {
    const entries = entryFilesFor(['src/cli.ts', 'src/cycle/*.ts', 'src/missing.ts'], CHAINS);
    expect(entries.files()).toEqual(['src/cli.ts', 'src/cycle/a.ts', 'src/cycle/b.ts', 'src/cycle/c.ts'].map(chainsFile));
  });

  it('matches a file that is not on disk yet', () => {
    const entries = entryFilesFor(['src/*.ts'], CHAINS);
    expect(entries.matches(chainsFile('src/new.ts'))).toBe(true);
    expect(entries.matches(chainsFile('src/commands/index.ts'))).toBe(false);
  });

  it('takes absolute globs too', () => {
    const entries = entryFilesFor([path.join(CHAINS, 'src/loop/*.ts')], process.cwd());
    expect(entries.files()).toEqual(['src/loop/x.ts', 'src/loop/y.ts'].map(chainsFile));
  });
});
