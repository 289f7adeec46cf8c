import path from 'node:path';
import { nearestManifest, readManifest } from '../analysis/manifest.js';

/**
 * The package a file belongs to: the nearest `package.json` that has a `name`. A nested one
 * without a `version` (`@angular-devkit/schematics/tools`) takes the version of the package
 * whose folder holds it.
 */
export interface PackageInfo {
  readonly name: string;
  readonly version: string | null;
  /** The folder of that `package.json`. */
  readonly dir: string;
}

/** Finds the package of files, reading each folder's `package.json` once. */
export class PackageLookup {
  readonly #byDir = new Map<string, PackageInfo | null>();

  /** The package of `file`, or `null` when no folder above it has a named `package.json`. */
  of(file: string): PackageInfo | null {
    return this.#inDir(path.dirname(file));
  }

  #inDir(dir: string): PackageInfo | null {
    const known = this.#byDir.get(dir);
    if (known !== undefined) return known;
    const file = nearestManifest(dir);
    let found: PackageInfo | null = null;
    if (file !== undefined) {
      const owner = path.dirname(file);
      const parent = path.dirname(owner);
      const above = (): PackageInfo | null => (parent === owner ? null : this.#inDir(parent));
      const manifest = readManifest(file);
      if (typeof manifest?.name === 'string' && manifest.name !== '') {
        const version = typeof manifest.version === 'string' ? manifest.version : this.#holderVersion(owner, above());
        found = { name: manifest.name, version, dir: owner };
      } else {
        found = above();
      }
    }
    this.#byDir.set(dir, found);
    return found;
  }

  /** The version of `holder` when `dir` is a folder inside it (not a package installed under it). */
  #holderVersion(dir: string, holder: PackageInfo | null): string | null {
    if (holder === null) return null;
    const inside = path.relative(holder.dir, dir);
    return inside.split(path.sep).includes('node_modules') ? null : holder.version;
  }
}
