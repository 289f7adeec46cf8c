// Fixture apps for `lazy-imports trace`: stub packages whose cost and import tree the test
// decides. Every stub module busy-waits for its time and, when STUB_LOG names a file, appends
// its package's name to it, so a test knows what really loaded.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { writeFile } from '../../support/files.js';

/** How a module loads another. */
export type LoadKind =
  /** `import` at module level (ES module) or `require()` at module level (CommonJS). */
  | 'static'
  /** An ES module's `createRequire(import.meta.url)` at module level. */
  | 'create-require'
  /** `import()` (`require()` in CommonJS) in an exported function `later`, for the app to call after start-up. */
  | 'later'
  /** `import()` in a function nobody calls. */
  | 'never';

export interface StubLoad {
  readonly name: string;
  readonly kind: LoadKind;
}

export interface StubPackage {
  readonly name: string;
  readonly module: 'esm' | 'cjs';
  /** Busy-wait of the package's main file, in ms. */
  readonly ms: number;
  readonly loads?: readonly StubLoad[];
  /** A second file the main file loads first, with its own busy-wait. */
  readonly innerMs?: number;
  /** Lives in packages/<name> and is linked into node_modules, as a workspace package is. */
  readonly workspace?: boolean;
}

const BUSY = (ms: number): string => `{ const end = performance.now() + ${ms}; while (performance.now() < end); }`;
const LOG = (name: string): string =>
  `if (process.env.STUB_LOG) require('node:fs').appendFileSync(process.env.STUB_LOG, ${JSON.stringify(`${name}\n`)});`;

function esmSource(name: string, ms: number, loads: readonly StubLoad[], inner: boolean): string {
  const lines = [`import { createRequire } from 'node:module';`, `const require = createRequire(import.meta.url);`];
  if (inner) lines.push(`import './inner.js';`);
  for (const load of loads) if (load.kind === 'static') lines.push(`import ${JSON.stringify(load.name)};`);
  for (const load of loads) {
    if (load.kind === 'create-require') lines.push(`require(${JSON.stringify(load.name)});`);
    if (load.kind === 'later') lines.push(`export function later() { return import(${JSON.stringify(load.name)}); }`);
    if (load.kind === 'never') lines.push(`export function never() { return import(${JSON.stringify(load.name)}); }`);
  }
  lines.push(BUSY(ms), LOG(name), `export default ${JSON.stringify(name)};`);
  return `${lines.join('\n')}\n`;
}

function cjsSource(name: string, ms: number, loads: readonly StubLoad[], inner: boolean): string {
  const lines: string[] = [];
  if (inner) lines.push(`require('./inner.js');`);
  for (const load of loads) {
    if (load.kind === 'static' || load.kind === 'create-require') lines.push(`require(${JSON.stringify(load.name)});`);
    if (load.kind === 'later') lines.push(`exports.later = () => require(${JSON.stringify(load.name)});`);
    if (load.kind === 'never') lines.push(`exports.never = () => require(${JSON.stringify(load.name)});`);
  }
  lines.push(BUSY(ms), LOG(name), `exports.name = ${JSON.stringify(name)};`);
  return `${lines.join('\n')}\n`;
}

/** Writes the stub packages into `app`'s node_modules (or packages/, linked). */
export function writeStubs(app: string, packages: readonly StubPackage[]): void {
  for (const pkg of packages) {
    const dir = pkg.workspace ? path.join(app, 'packages', pkg.name) : path.join(app, 'node_modules', pkg.name);
    const type = pkg.module === 'esm' ? 'module' : 'commonjs';
    writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: '1.0.0', type, main: 'index.js' }));
    const source = pkg.module === 'esm' ? esmSource : cjsSource;
    writeFile(path.join(dir, 'index.js'), source(pkg.name, pkg.ms, pkg.loads ?? [], pkg.innerMs !== undefined));
    if (pkg.innerMs !== undefined) {
      const inner = pkg.module === 'esm' ? `${BUSY(pkg.innerMs)}\nexport {};\n` : `${BUSY(pkg.innerMs)}\n`;
      writeFile(path.join(dir, 'inner.js'), inner);
    }
    if (pkg.workspace) {
      mkdirSync(path.join(app, 'node_modules'), { recursive: true });
      symlinkSync(dir, path.join(app, 'node_modules', pkg.name), 'dir');
    }
  }
}

/** Writes `app/package.json` and the app's own files (`{ 'app.js': source }`). */
export function writeApp(app: string, files: Readonly<Record<string, string>>, name = 'stub-app'): void {
  writeFile(path.join(app, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', private: true }));
  for (const [file, text] of Object.entries(files)) writeFile(path.join(app, file), text);
}
