import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileStamp, stampedCache } from './file-stamp.js';
import type { HeavyEntry, OptionalDependenciesSetting } from './settings.js';

/** What a package manifest says a file's package may run without. */
export interface OptionalDependencies {
  /** The `package.json` read. */
  readonly manifest: string;
  /** The package's `name`. */
  readonly owner: string;
  /** Names in `optionalDependencies`. */
  readonly dependencies: readonly string[];
  /** Peers marked `optional: true` in `peerDependenciesMeta`. */
  readonly peers: readonly string[];
}

/** Each manifest's optional dependencies; `undefined` where it has no `name`, so a farther one decides. */
const readings = stampedCache<OptionalDependencies | undefined>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readManifest(manifest: string): OptionalDependencies | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    // A manifest being written, or not JSON: npm could not read it either.
    return undefined;
  }
  if (!isRecord(json) || typeof json.name !== 'string' || json.name === '') return undefined;
  const dependencies = isRecord(json.optionalDependencies) ? Object.keys(json.optionalDependencies) : [];
  const meta = isRecord(json.peerDependenciesMeta) ? json.peerDependenciesMeta : {};
  const peers = Object.keys(meta).filter((name) => {
    const entry = meta[name];
    return isRecord(entry) && entry.optional === true && !dependencies.includes(name);
  });
  return { manifest, owner: json.name, dependencies, peers };
}

/** The `package.json` files above each folder, nearest first, found once per folder. */
const manifestsOfFolder = new Map<string, readonly string[]>();

function manifestsAbove(folder: string): readonly string[] {
  let manifests = manifestsOfFolder.get(folder);
  if (!manifests) {
    const parent = path.dirname(folder);
    const own = path.join(folder, 'package.json');
    const above = parent === folder ? [] : manifestsAbove(parent);
    manifests = fileStamp(own) === 'missing' ? above : [own, ...above];
    manifestsOfFolder.set(folder, manifests);
  }
  return manifests;
}

/**
 * The optional dependencies of the package `file` belongs to: its nearest `package.json`
 * with a `name` (a nested one without a name, such as `{ "type": "module" }`, is passed
 * over). Each manifest is read once and again after an edit; `undefined` when no named
 * manifest is above the file.
 */
export function optionalDependenciesOf(file: string): OptionalDependencies | undefined {
  const now = Date.now();
  for (const manifest of manifestsAbove(path.dirname(path.resolve(file)))) {
    const found = readings.get(manifest, manifest, () => readManifest(manifest), now);
    if (found) return found;
  }
  return undefined;
}

/**
 * The heavy entries `optionalDependencies: true` (or `{ allowIn, reason }`) makes of a
 * manifest: one per optional dependency, each saying where it comes from.
 */
export function optionalEntries(found: OptionalDependencies, setting: OptionalDependenciesSetting): HeavyEntry[] {
  const shared = {
    ...(setting.reason === undefined ? {} : { reason: setting.reason }),
    ...(setting.allowIn === undefined ? {} : { allowIn: setting.allowIn }),
  };
  return [
    ...found.dependencies.map((name) => ({ name, ...shared, optional: { owner: found.owner, peer: false } })),
    ...found.peers.map((name) => ({ name, ...shared, optional: { owner: found.owner, peer: true } })),
  ];
}
