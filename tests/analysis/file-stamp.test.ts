import { renameSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EDIT_CHECK_MS, fileStamp, stampedCache } from '../../src/analysis/file-stamp.js';
import { temporaryDir } from '../support/files.js';

const scratch = temporaryDir('file-stamp');
afterAll(scratch.remove);

describe('fileStamp', () => {
  it('changes when a file is edited to the same size, replaced or removed, and not otherwise', () => {
    const file = scratch.write('a.json', '{ "a": 1 }');
    const first = fileStamp(file);
    expect(fileStamp(file)).toBe(first);

    // A whole second, which every file system keeps exactly.
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    scratch.write('a.json', '{ "a": 2 }');
    utimesSync(file, later, later);
    const edited = fileStamp(file);
    expect(edited).not.toBe(first);

    // A save that writes a new file and renames it over the old one, with the same size and
    // time: only the inode tells.
    const replacement = scratch.write('a.json.new', '{ "a": 3 }');
    utimesSync(replacement, later, later);
    renameSync(replacement, file);
    expect(fileStamp(file)).not.toBe(edited);

    rmSync(file);
    expect(fileStamp(file)).toBe('missing');
    expect(fileStamp(path.join(scratch.dir, 'a.json', 'below-a-file'))).toBe('missing');
  });
});

describe('stampedCache', () => {
  it('makes a value once, and again only when the file changed and the check interval passed', () => {
    const file = scratch.write('b.json', '1');
    const cache = stampedCache<number>();
    let reads = 0;
    const read = (): number => {
      reads += 1;
      return reads;
    };
    expect(cache.get('b', file, read, 0)).toBe(1);
    expect(cache.get('b', file, read, EDIT_CHECK_MS)).toBe(1);

    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    scratch.write('b.json', '2');
    utimesSync(file, later, later);
    // Within the interval of the last check, the edit is not looked for.
    expect(cache.get('b', file, read, EDIT_CHECK_MS + 1)).toBe(1);
    expect(cache.get('b', file, read, 2 * EDIT_CHECK_MS + 1)).toBe(2);
    // Another key is another value of the same file.
    expect(cache.get('c', file, read, 2 * EDIT_CHECK_MS + 1)).toBe(3);
  });
});
