import { renameSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStamp } from '../../src/analysis/file-stamp.js';
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
