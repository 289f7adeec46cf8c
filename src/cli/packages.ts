import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package a file belongs to: the nearest `package.json` that has a `name`. */
export interface PackageInfo {
  readonly name: string;
  readonly version: string | null;
  /** The folder of that `package.json`. */
  readonly dir: string;
}

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null ? (manifest as Manifest) : undefined;
  } catch {
    return undefined;
  }
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
    const manifest = readManifest(dir);
    let found: PackageInfo | null;
    if (typeof manifest?.name === 'string' && manifest.name !== '') {
      found = { name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : null, dir };
    } else {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.#inDir(parent);
    }
    this.#byDir.set(dir, found);
    return found;
  }
}
