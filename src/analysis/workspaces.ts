import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globCandidates, globTest } from './glob.js';
import { readManifest } from './manifest.js';
import { toPosix } from './resolve.js';

/** A package that a workspace declares. */
export interface DeclaredPackage {
  /** Its folder, absolute. */
  readonly folder: string;
  /** Whether its package.json has `exports`: then it imports itself by name through them. */
  readonly hasExports: boolean;
  /** The file that declares the workspace (a package.json or pnpm-workspace.yaml). */
  readonly declaration: string;
}

/** How deep under a pattern's fixed part a `**` looks for packages. */
const MAX_DEPTH = 6;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/**
 * The `packages` list of a pnpm-workspace.yaml: the block form (`- 'packages/*'` lines under
 * `packages:`) and the flow form (`packages: ['a/*', b]`), quoted or not, with comments.
 * That much YAML is all the file holds for this purpose; other keys are skipped.
 */
export function pnpmWorkspacePatterns(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trimEnd();
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const key = /^packages\s*:\s*(.*)$/.exec(line);
      inPackages = key !== null && key[1] === '';
      const flow = key ? /^\[(.*)\]$/.exec(key[1] ?? '') : null;
      if (flow) patterns.push(...(flow[1] ?? '').split(',').map(unquote).filter(Boolean));
      continue;
    }
    const item = inPackages ? /^\s*-\s*(.+)$/.exec(line) : null;
    if (item) patterns.push(unquote(item[1] ?? ''));
  }
  return patterns;
}

/** The workspace patterns a folder declares, and the file they are declared in. */
function declaredPatterns(folder: string): { readonly declaration: string; readonly patterns: string[] } | undefined {
  const pnpm = path.join(folder, 'pnpm-workspace.yaml');
  const yaml = readText(pnpm);
  if (yaml !== undefined) return { declaration: pnpm, patterns: pnpmWorkspacePatterns(yaml) };
  const workspaces = readManifest(path.join(folder, 'package.json'))?.workspaces;
  const list = Array.isArray(workspaces)
    ? workspaces
    : workspaces !== null && typeof workspaces === 'object'
      ? (workspaces as { packages?: unknown }).packages
      : undefined;
  if (!Array.isArray(list)) return undefined;
  return { declaration: path.join(folder, 'package.json'), patterns: list.filter((item): item is string => typeof item === 'string') };
}

/** The packages that patterns (relative to `root`; `!` excludes) name, by package name; the first of a name wins. */
function expand(root: string, declaration: string, patterns: readonly string[]): Map<string, DeclaredPackage> {
  const normalize = (pattern: string): string => path.posix.normalize(toPosix(pattern)).replace(/\/$/, '');
  const included = patterns.filter((pattern) => !pattern.startsWith('!')).map(normalize);
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => normalize(pattern.slice(1)));
  const isIncluded = globTest(included.length > 0 ? included : ['']);
  const isExcluded = excluded.length > 0 ? globTest(excluded) : () => false;
  const { named, tree } = globCandidates(root, included, MAX_DEPTH);
  const candidates = new Set([...named, ...tree.folders]);
  const packages = new Map<string, DeclaredPackage>();
  for (const folder of [...candidates].sort()) {
    const relative = toPosix(path.relative(root, folder));
    if (!isIncluded(relative) || isExcluded(relative)) continue;
    const manifest = readManifest(path.join(folder, 'package.json'));
    if (typeof manifest?.name !== 'string' || packages.has(manifest.name)) continue;
    packages.set(manifest.name, { folder, hasExports: manifest.exports !== undefined, declaration });
  }
  return packages;
}

/** The packages each workspace root declares. */
const workspaces = new Map<string, ReadonlyMap<string, DeclaredPackage>>();
/** The nearest folder at or above each directory that declares a workspace (`null`: none). */
const rootOfDirectory = new Map<string, string | null>();

function workspaceRootOf(directory: string): string | undefined {
  let root = rootOfDirectory.get(directory);
  if (root === undefined) {
    const declared = declaredPatterns(directory);
    const parent = path.dirname(directory);
    if (declared) {
      root = directory;
      workspaces.set(directory, expand(directory, declared.declaration, declared.patterns));
    } else {
      root = parent === directory ? null : (workspaceRootOf(parent) ?? null);
    }
    rootOfDirectory.set(directory, root);
  }
  return root ?? undefined;
}

/**
 * The package named `name` that the workspace of `importer` declares (package.json
 * `workspaces`, as an array or `{ packages }`, or pnpm-workspace.yaml `packages`): found
 * without the `node_modules` links an install makes, as under Yarn Plug'n'Play or before an
 * install. `undefined` where no workspace above the importer declares it.
 */
export function declaredWorkspacePackage(importer: string, name: string): DeclaredPackage | undefined {
  const root = workspaceRootOf(path.dirname(importer));
  return root === undefined ? undefined : workspaces.get(root)?.get(name);
}

/** Forgets every workspace read: its folders may have changed. */
export function forgetWorkspaces(): void {
  workspaces.clear();
  rootOfDirectory.clear();
}
