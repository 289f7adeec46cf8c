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

/** What is made of one file, kept until the file changes. */
export interface StampedCache<T> {
  /**
   * The value kept under `key` for `file`; made by `read` on first use and again once the file's
   * stamp changed (looked at, at most, every {@link EDIT_CHECK_MS}).
   */
  get(key: string, file: string, read: () => T, now?: number): T;
}

/** A cache of what is made of files (a manifest's entries, its optional dependencies), each made again after an edit. */
export function stampedCache<T>(): StampedCache<T> {
  const kept = new Map<string, { readonly value: T; readonly stamp: string; checkedAt: number }>();
  return {
    get(key, file, read, now = Date.now()) {
      let entry = kept.get(key);
      if (entry && now - entry.checkedAt >= EDIT_CHECK_MS) {
        if (fileStamp(file) === entry.stamp) entry.checkedAt = now;
        else entry = undefined;
      }
      if (!entry) {
        // The stamp is taken before the read: an edit during it shows on the next check.
        const stamp = fileStamp(file);
        entry = { value: read(), stamp, checkedAt: now };
        kept.set(key, entry);
      }
      return entry.value;
    },
  };
}
