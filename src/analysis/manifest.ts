import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EDIT_CHECK_MS, stampedCache } from './file-stamp.js';

/** A package.json as read: its top-level fields, each still to be checked by whoever reads it. */
export type Manifest = Readonly<Record<string, unknown>>;

/** The nearest package.json at or above a folder (`null`: none), and when that was last looked at. */
interface Nearest {
  readonly manifest: string | null;
  readonly checkedAt: number;
}

const nearestOfFolder = new Map<string, Nearest>();

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function nearestIn(folder: string, now: number): Nearest {
  const known = nearestOfFolder.get(folder);
  if (known && now - known.checkedAt < EDIT_CHECK_MS) return known;
  const own = path.join(folder, 'package.json');
  const parent = path.dirname(folder);
  // A folder without one answers as its parent does, and is looked at again when the parent
  // is: a package.json added anywhere between a folder and its answer shows within one check.
  const found: Nearest = isFile(own)
    ? { manifest: own, checkedAt: now }
    : parent === folder
      ? { manifest: null, checkedAt: now }
      : nearestIn(parent, now);
  nearestOfFolder.set(folder, found);
  return found;
}

/**
 * The nearest package.json at or above `folder` (absolute), or `undefined` where there is
 * none. Cached per folder and looked at again, at most, every {@link EDIT_CHECK_MS}, so an
 * editor session sees a package.json added, moved or removed on the lints that start that
 * long after it.
 */
export function nearestManifest(folder: string, now = Date.now()): string | undefined {
  return nearestIn(folder, now).manifest ?? undefined;
}

/** The package.json files at or above `folder`, nearest first (a nested one, then the package's, then a workspace root's). */
export function* manifestsAbove(folder: string, now = Date.now()): Generator<string, void, undefined> {
  for (let manifest = nearestManifest(folder, now); manifest !== undefined; ) {
    yield manifest;
    const owner = path.dirname(manifest);
    const parent = path.dirname(owner);
    manifest = parent === owner ? undefined : nearestManifest(parent, now);
  }
}

/** Each package.json as last read; `undefined` where it could not be read as an object. */
const readings = stampedCache<Manifest | undefined>();

function parse(file: string): Manifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing, being written, or not JSON: npm could not read it either.
    return undefined;
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Manifest) : undefined;
}

/**
 * The fields of a package.json, or `undefined` when it is missing, not JSON, or not an object.
 * Parsed once and again after an edit (looked at, at most, every {@link EDIT_CHECK_MS}): until
 * then each call gives the same object, so what is made of a reading can be kept by it.
 */
export function readManifest(file: string, now = Date.now()): Manifest | undefined {
  return readings.get(file, file, () => parse(file), now);
}

/**
 * Forgets which folders have a package.json (an editor session added or removed files), as
 * the resolver's caches are forgotten. The readings stay: each is looked at for edits anyway.
 */
export function forgetManifestFolders(): void {
  nearestOfFolder.clear();
}
