// `trace --snapshot FILE`: a start-up guard on *what* loads, not on how long it takes. The file
// holds the sorted names of the packages each kind of process loaded at start-up, and nothing
// that changes from one machine, install or run to the next (no versions, no times, no absolute
// paths), so that it can be checked in and reviewed like code.
import { readFileSync } from 'node:fs';
import type { TraceNode, TraceResult } from './trace-model.js';
import { UsageError } from './usage-error.js';

/** The file's content: for each process (named by its entry), the packages it loads at start-up. */
export interface StartupSnapshot {
  readonly processes: Readonly<Record<string, readonly string[]>>;
}

/** A package that loaded at start-up in a process. */
export interface StartupPackage {
  /** The process as the snapshot names it. */
  readonly process: string;
  /** The process's index in the trace's `tree`. */
  readonly index: number;
  readonly name: string;
}

/** How a run compares with the snapshot. */
export interface SnapshotComparison {
  /** Loaded at start-up, not in the snapshot: the guard fails. */
  readonly added: readonly StartupPackage[];
  /** In the snapshot, not loaded at start-up any more: the snapshot can be tightened. */
  readonly removed: readonly { readonly process: string; readonly name: string }[];
}

const ABOUT =
  'Packages that each process loads at start-up, checked by `lazy-imports trace --snapshot`. ' +
  'A package not listed here fails the check; rewrite this file with --update-snapshot when the new load is meant.';

/**
 * How a process is named in the snapshot: its entry file relative to the working directory, or,
 * inside an installed package, from the package's folder on (`npm/bin/npm-cli.js`), which is the
 * same wherever the package is installed.
 */
function processName(root: TraceNode): string {
  const file = root.file.replaceAll('\\', '/');
  const installed = file.lastIndexOf('node_modules/');
  return installed === -1 ? file : file.slice(installed + 'node_modules/'.length);
}

/** What each traced process loaded at start-up. */
export interface StartupLoads {
  /** Every traced process, by name: one that loaded no package keeps an empty list. */
  readonly processes: readonly string[];
  /** In tree order. */
  readonly packages: readonly StartupPackage[];
}

/** The packages each traced process loaded at start-up. */
export function startupLoads(result: TraceResult): StartupLoads {
  const packages = new Set(result.packages.map((pkg) => pkg.name));
  const found: StartupPackage[] = [];
  const seen = new Set<string>();
  const visit = (node: TraceNode, process: string, index: number): void => {
    const key = `${process}\0${node.package}`;
    if (node.phase === 'start-up' && packages.has(node.package) && !seen.has(key)) {
      seen.add(key);
      found.push({ process, index, name: node.package });
    }
    for (const child of node.children) visit(child, process, index);
  };
  result.tree.forEach((root, index) => visit(root, processName(root), index));
  return { processes: result.tree.map(processName), packages: found };
}

/** The snapshot of a run: names only, sorted, one list a process. */
export function snapshotOf(loaded: StartupLoads): StartupSnapshot {
  const processes: Record<string, string[]> = Object.fromEntries(loaded.processes.map((process) => [process, []]));
  for (const { process, name } of loaded.packages) processes[process]?.push(name);
  const sorted = Object.keys(processes).sort();
  return { processes: Object.fromEntries(sorted.map((process) => [process, [...new Set(processes[process])].sort()])) };
}

/** The snapshot as the JSON file a person can read and review: one package a line. */
export function snapshotText(snapshot: StartupSnapshot): string {
  return `${JSON.stringify({ about: ABOUT, processes: snapshot.processes }, null, 2)}\n`;
}

/**
 * Reads a snapshot file, or `undefined` when there is none. Throws a {@link UsageError} for a
 * file that is not a snapshot, so that a broken file stops the run before the command starts.
 */
export function readSnapshot(file: string, shown: string): StartupSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the snapshot ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const bad = (why: string): UsageError =>
    new UsageError(`${shown} is not a start-up snapshot (${why}): fix it, or delete it to write a new one`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  const processes = typeof parsed === 'object' && parsed !== null ? (parsed as { processes?: unknown }).processes : undefined;
  if (typeof processes !== 'object' || processes === null || Array.isArray(processes)) throw bad('no "processes" object');
  for (const [process, names] of Object.entries(processes)) {
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
      throw bad(`"processes"[${JSON.stringify(process)}] must be a list of package names`);
    }
  }
  return { processes: processes as Record<string, string[]> };
}

/** The packages of this run that the snapshot does not list, and the other way round. */
export function compareSnapshot(saved: StartupSnapshot, loaded: StartupLoads): SnapshotComparison {
  const now = snapshotOf(loaded);
  const added = loaded.packages.filter(({ process, name }) => !(saved.processes[process] ?? []).includes(name));
  const removed = Object.entries(saved.processes).flatMap(([process, names]) =>
    names.filter((name) => !(now.processes[process] ?? []).includes(name)).map((name) => ({ process, name })),
  );
  return { added, removed };
}
