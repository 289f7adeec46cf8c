import { statSync } from 'node:fs';

/**
 * How often, at most, a file read for linting is looked at again for edits (a tsconfig, a
 * module of the project graph). An editor session sees an edit on the lints that start this
 * long after it; a lint of thousands of files does not stat each file for each file it lints.
 */
export const EDIT_CHECK_MS = 1000;

/** What changes when a file is edited, replaced or removed: its time, size and inode, or `'missing'`. */
export function fileStamp(file: string): string {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats ? `${stats.mtimeMs}:${stats.size}:${stats.ino}` : 'missing';
  } catch {
    // A path through a file, or one that cannot be read, is as good as gone.
    return 'missing';
  }
}
