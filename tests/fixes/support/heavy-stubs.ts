import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a generated module may import from a stub heavy package. */
export interface StubApi {
  readonly specifier: string;
  readonly functions: readonly [string, string];
  readonly klass: string;
  readonly constant: string;
  readonly iface: string;
  readonly alias: string;
}

/** The two heavy packages generated modules import; their names differ so unaliased imports never clash. */
export const STUBS: readonly StubApi[] = [
  { specifier: 'heavy-a', functions: ['alpha', 'beta'], klass: 'Client', constant: 'version', iface: 'Options', alias: 'Kind' },
  { specifier: 'heavy-b', functions: ['gamma', 'delta'], klass: 'Server', constant: 'release', iface: 'Settings', alias: 'Mode' },
];

/**
 * Ten more heavy packages, `heavy-c` to `heavy-l`, for files with many heavy imports: with
 * `heavy-a` and `heavy-b`, twelve packages whose names never clash.
 */
export const MORE_STUBS: readonly StubApi[] = [...'cdefghijkl'].map((letter) => {
  const upper = letter.toUpperCase();
  return {
    specifier: `heavy-${letter}`,
    functions: [`${letter}First`, `${letter}Second`],
    klass: `${upper}Client`,
    constant: `${letter}Version`,
    iface: `${upper}Options`,
    alias: `${upper}Kind`,
  };
});

/** Every stub package: what the stubs' `node_modules` holds and the heavy list names. */
export const ALL_STUBS: readonly StubApi[] = [...STUBS, ...MORE_STUBS];

/** Name of the global array each stub appends to when it is evaluated: how a run sees loads. */
export const LOADS_GLOBAL = '__heavyLoads';

function body(stub: StubApi, record: string): string {
  const [first, second] = stub.functions;
  const name = stub.specifier;
  return [
    `(globalThis.${LOADS_GLOBAL} ??= []).push(${record});`,
    `function main(n) { return '${name}:default(' + n + ')'; }`,
    `function ${first}(n) { return '${name}:${first}(' + n + ')'; }`,
    `function ${second}(n) { return '${name}:${second}(' + n + ')'; }`,
    `class ${stub.klass} { constructor(n) { this.n = n; } run() { return '${name}:${stub.klass}(' + this.n + ').run'; } }`,
    `const ${stub.constant} = '${name}@1.0.0';`,
  ].join('\n');
}

function declarations(stub: StubApi): string {
  const [first, second] = stub.functions;
  return [
    'export default function main(n: number): string;',
    `export declare function ${first}(n: number): string;`,
    `export declare function ${second}(n: number): string;`,
    `export declare class ${stub.klass} { constructor(n: number); run(): string; }`,
    `export declare const ${stub.constant}: string;`,
    `export interface ${stub.iface} { n: number }`,
    `export type ${stub.alias} = 'a' | 'b';`,
  ].join('\n');
}

/** A module that no stub `node_modules` holds: a stub that loads it is installed, but broken. */
export const MISSING_INSIDE = 'missing-inside';

/** Stub packages to leave out of `node_modules`, or to install broken (loading {@link MISSING_INSIDE}). */
export interface StubChanges {
  readonly missing?: string;
  readonly broken?: string;
}

/**
 * Writes the stub packages into `nodeModules`: an ES module and a CommonJS build that
 * record their own evaluation, and type declarations. `changes` leaves one out or breaks one.
 */
export function writeStubs(nodeModules: string, changes: StubChanges = {}): void {
  for (const stub of ALL_STUBS) {
    if (stub.specifier === changes.missing) continue;
    const broken = stub.specifier === changes.broken;
    const dir = path.join(nodeModules, stub.specifier);
    mkdirSync(dir, { recursive: true });
    const [first, second] = stub.functions;
    const names = `${first}, ${second}, ${stub.klass}, ${stub.constant}`;
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: stub.specifier,
        version: '1.0.0',
        types: './index.d.ts',
        exports: { types: './index.d.ts', import: './index.mjs', require: './index.cjs' },
      }),
    );
    const esmHead = broken ? `import '${MISSING_INSIDE}';\n` : '';
    const cjsHead = broken ? `require('${MISSING_INSIDE}');\n` : '';
    writeFileSync(path.join(dir, 'index.mjs'), `${esmHead}${body(stub, 'import.meta.url')}\nexport default main;\nexport { ${names} };\n`);
    writeFileSync(path.join(dir, 'index.cjs'), `${cjsHead}${body(stub, '__filename')}\nmodule.exports = { default: main, ${names} };\n`);
    writeFileSync(path.join(dir, 'index.d.ts'), `${declarations(stub)}\n`);
  }
}
