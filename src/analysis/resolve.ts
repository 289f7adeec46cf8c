import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Extensions tried, in order, for an import written without one. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** TypeScript's habit: `./x.js` in source names `./x.ts` on disk. */
export const EMITTED_TO_SOURCE: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Whether a specifier names a file rather than a package. */
export function isPathSpecifier(specifier: string): boolean {
  return (
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/')
  );
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:fs/promises` → `fs`. */
export function packageNameOf(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return (bare.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** A declaration file (`.d.ts`, `.d.mts`, `.d.cts`): it loads nothing at run time. */
export function isDeclarationFile(filename: string): boolean {
  return /\.d\.[cm]?ts$/.test(filename);
}

/** `.ts`, `.mts` and `.cts` files: TypeScript (and typescript-eslint) read them without JSX. */
export function readsWithoutJsx(filename: string): boolean {
  return /\.[cm]?ts$/.test(filename);
}

/** Turns a platform path into the forward-slash form globs are written in. */
export function toPosix(file: string): string {
  return path.sep === '/' ? file : file.split(path.sep).join('/');
}

/** `.`, `..`, `./dir/` and `../..` name a directory only, as Node and TypeScript read them. */
const DIRECTORY_ONLY = /(?:^|\/)\.{0,2}$/;

/**
 * The files a path specifier may name, most likely first. A source file comes before the
 * file it compiles to, as TypeScript resolves them: `./x.js` names `./x.ts` when both exist.
 */
export function candidateFiles(importer: string, specifier: string): string[] {
  const base = path.resolve(path.dirname(importer), specifier);
  const candidates: string[] = [];
  if (!DIRECTORY_ONLY.test(specifier)) {
    const extension = path.extname(base);
    for (const swapped of EMITTED_TO_SOURCE[extension] ?? []) {
      candidates.push(base.slice(0, -extension.length) + swapped);
    }
    candidates.push(base);
    for (const ext of SOURCE_EXTENSIONS) candidates.push(base + ext);
  }
  for (const ext of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${ext}`));
  return candidates;
}

const fileCache = new Map<string, boolean>();

function isFile(file: string): boolean {
  let known = fileCache.get(file);
  if (known === undefined) {
    known = statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
    fileCache.set(file, known);
  }
  return known;
}

/**
 * Resolves a relative or absolute specifier the way Node and TypeScript would find a
 * source file. Returns `undefined` when no candidate exists on disk.
 */
export function resolvePathSpecifier(importer: string, specifier: string): string | undefined {
  return candidateFiles(importer, specifier).find(isFile);
}

/** What lies under a folder of the project: its folders and files, absolute. */
export interface ProjectTree {
  readonly folders: string[];
  readonly files: string[];
}

/**
 * The folders and files under `directory` that belong to the project: not `node_modules`, nor
 * hidden ones (`.git`, `.yarn`), down to `depth` levels of folders. A folder that cannot be
 * listed holds nothing.
 */
export function projectTree(directory: string, depth = Number.POSITIVE_INFINITY, tree: ProjectTree = { folders: [], files: [] }): ProjectTree {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return tree;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      tree.folders.push(full);
      if (depth > 0) projectTree(full, depth - 1, tree);
    } else if (entry.isFile()) {
      tree.files.push(full);
    }
  }
  return tree;
}
