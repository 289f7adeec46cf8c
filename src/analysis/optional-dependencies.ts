import path from 'node:path';
import { manifestsAbove, readManifest, type Manifest } from './manifest.js';
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What each reading of a manifest says; `undefined` where it has no `name`, so a farther one decides. */
const readings = new WeakMap<Manifest, OptionalDependencies | undefined>();

function optionalDependenciesIn(manifest: string, fields: Manifest): OptionalDependencies | undefined {
  if (readings.has(fields)) return readings.get(fields);
  let found: OptionalDependencies | undefined;
  if (typeof fields.name === 'string' && fields.name !== '') {
    const dependencies = isRecord(fields.optionalDependencies) ? Object.keys(fields.optionalDependencies) : [];
    const meta = isRecord(fields.peerDependenciesMeta) ? fields.peerDependenciesMeta : {};
    const peers = Object.keys(meta).filter((name) => {
      const entry = meta[name];
      return isRecord(entry) && entry.optional === true && !dependencies.includes(name);
    });
    found = { manifest, owner: fields.name, dependencies, peers };
  }
  readings.set(fields, found);
  return found;
}

/**
 * The optional dependencies of the package `file` belongs to: its nearest `package.json`
 * with a `name` (a nested one without a name, such as `{ "type": "module" }`, or one that
 * cannot be read, is passed over). Each manifest is read once and again after an edit, and a
 * package.json added above the file is seen as soon; `undefined` when no named manifest is
 * above the file.
 */
export function optionalDependenciesOf(file: string): OptionalDependencies | undefined {
  const now = Date.now();
  for (const manifest of manifestsAbove(path.dirname(path.resolve(file)), now)) {
    const fields = readManifest(manifest, now);
    const found = fields && optionalDependenciesIn(manifest, fields);
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

/**
 * The optional dependencies the `optionalDependencies` setting makes heavy for `file` (relative
 * to `cwd`): those of its package where the setting is on, none where it is off or no file is known.
 */
export function optionalDependenciesFor(
  setting: OptionalDependenciesSetting | undefined,
  file: string | undefined,
  cwd = '.',
): OptionalDependencies | undefined {
  return setting && file !== undefined ? optionalDependenciesOf(path.resolve(cwd, file)) : undefined;
}

/**
 * A file's heavy list, as every rule and `trace` read it: the entries `setting` makes of the
 * optional dependencies `found` ({@link optionalDependenciesFor}) first, then `heavy`.
 */
export function withOptionalEntries(
  heavy: readonly HeavyEntry[],
  found: OptionalDependencies | undefined,
  setting: OptionalDependenciesSetting | undefined,
): readonly HeavyEntry[] {
  return found && setting ? [...optionalEntries(found, setting), ...heavy] : heavy;
}
