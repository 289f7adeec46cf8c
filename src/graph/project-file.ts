import { importSemanticsFor } from '../analysis/compile-semantics.js';
import { fileStamp } from '../analysis/file-stamp.js';
import { resolveLoad } from '../analysis/resolver.js';
import { scanFile, type EagerLoad, type FileReading, type ScanOptions } from './scanner.js';

/**
 * A file of the project as read from disk, by this thread or another: what the graph needs
 * of it, with each eager load already resolved, so that a reading made on one thread serves
 * the graph of another.
 */
export interface ProjectFile {
  readonly file: string;
  /** What the file looked like on disk when it was read. */
  readonly stamp: string;
  readonly eager: readonly EagerLoad[];
  /** For each eager load, the file of the project it resolves to. */
  readonly targets: readonly (string | undefined)[];
  readonly reading: FileReading | undefined;
  /** The loads of the functions the file calls while it evaluates, where the reading found them (`scanFile`). */
  readonly start: readonly EagerLoad[] | undefined;
}

/**
 * Reads a file of the project: its eager loads under its compile semantics, and what each
 * resolves to (`options`: what else to find, {@link ScanOptions}).
 */
export function readProjectFile(file: string, verbatimModuleSyntax: boolean | undefined, options?: ScanOptions): ProjectFile {
  const stamp = fileStamp(file);
  const scanned = scanFile(file, importSemanticsFor(file, verbatimModuleSyntax), options);
  const eager = scanned?.eager ?? [];
  return { file, stamp, eager, targets: targetsOf(file, eager), reading: scanned?.reading, start: scanned?.start };
}

/** The file of the project each load of `file` resolves to. */
export function targetsOf(file: string, eager: readonly EagerLoad[]): (string | undefined)[] {
  return eager.map((load) => resolveLoad(file, load.specifier, load.kind)?.project);
}
