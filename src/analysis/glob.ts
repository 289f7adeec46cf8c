import { createRequire } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
import { projectTree, type ProjectTree } from './resolve.js';

/** A test of one value (a package name, a path relative to a folder) against globs. */
export type GlobTest = (value: string) => boolean;

const GLOB_CHARS = /[*?[\]{}!]/;

/** Whether a name or path is a glob (`@aws-sdk/*`, `src/**`) rather than one package or file. */
export function isGlob(text: string): boolean {
  return GLOB_CHARS.test(text);
}

let picomatchModule: typeof picomatchType | undefined;

/**
 * picomatch, loaded on the first glob: it is a third of the plugin's import time, and a
 * heavy list without globs never needs it.
 */
function picomatch(): typeof picomatchType {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return picomatchModule;
}

/** A test for any of `patterns`, with picomatch's options. */
export function globTest(patterns: string | readonly string[], options?: picomatchType.PicomatchOptions): GlobTest {
  const test = picomatch()(typeof patterns === 'string' ? patterns : [...patterns], options);
  // picomatch's matcher takes a second argument (return details): never pass it through,
  // as `Array#some(test)` would with the index.
  return (value) => test(value);
}

/**
 * What may match `patterns` (forward-slash globs relative to `root`): the path a pattern
 * without glob characters names, whether it exists or not, and the project's folders and
 * files (see {@link projectTree}) under the fixed part of each glob (`src` for `src/**\/*.ts`),
 * down to `depth` levels of folders. The caller tests them against the patterns.
 */
export function globCandidates(root: string, patterns: readonly string[], depth?: number): { readonly named: string[]; readonly tree: ProjectTree } {
  const named: string[] = [];
  const tree: ProjectTree = { folders: [], files: [] };
  for (const pattern of patterns) {
    if (isGlob(pattern)) projectTree(path.resolve(root, picomatch().scan(pattern).base || '.'), depth, tree);
    else named.push(path.resolve(root, pattern));
  }
  return { named, tree };
}
