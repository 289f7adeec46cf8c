import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes `text` to `file`, making its folders first. Returns `file`. */
export function writeFile(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A temporary folder: `write` puts a file under it (by a relative path) and returns the full path. */
export interface TemporaryDir {
  readonly dir: string;
  readonly write: (file: string, text: string) => string;
  readonly remove: () => void;
}

/** A fresh temporary folder named after `prefix`, removed by `remove`. */
export function temporaryDir(prefix: string): TemporaryDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `lazy-imports-${prefix}-`));
  return {
    dir,
    write: (file, text) => writeFile(path.join(dir, file), text),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
