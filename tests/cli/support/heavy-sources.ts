// Packages whose price is in reading and parsing, not evaluating: each module holds a large
// function that nothing calls, which Node must read and parse all the same. What they cost is
// known by construction: it grows with their size, and their evaluation is nearly free.
import path from 'node:path';
import { writeFile } from '../../support/files.js';

/** A function of about `kilobytes` of source, never called. */
function unusedFunction(name: string, kilobytes: number): string {
  const lines = [`function ${name}(input) {`, '  let total = 0;'];
  for (let index = 0; lines.length * 60 < kilobytes * 1024; index += 1) {
    lines.push(`  if (input.k${index} > ${index}) { total += String(input.k${index}).length * ${index}; } else { total -= ${index}; }`);
  }
  lines.push('  return total;', '}');
  return lines.join('\n');
}

export interface ParseHeavyPackage {
  readonly name: string;
  /** `esm`: an index that imports every module; `cjs`: one big file; `mixed`: ES modules and a big CommonJS file it requires. */
  readonly form: 'esm' | 'cjs' | 'mixed';
  readonly modules: number;
  /** Source of each module, in KB. */
  readonly kilobytes: number;
}

/** Writes `pkg` into `app`'s node_modules. */
export function writeParseHeavy(app: string, pkg: ParseHeavyPackage): void {
  const dir = path.join(app, 'node_modules', pkg.name);
  const type = pkg.form === 'cjs' ? 'commonjs' : 'module';
  writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: '1.0.0', type, main: 'index.js' }));
  if (pkg.form === 'cjs') {
    writeFile(path.join(dir, 'index.js'), `${unusedFunction('unused', pkg.kilobytes * pkg.modules)}\nexports.unused = unused;\n`);
    return;
  }
  const imports: string[] = [];
  for (let index = 0; index < pkg.modules; index += 1) {
    writeFile(path.join(dir, `part-${index}.js`), `${unusedFunction(`part${index}`, pkg.kilobytes)}\nexport { part${index} };\n`);
    imports.push(`export * from './part-${index}.js';`);
  }
  if (pkg.form === 'mixed') {
    writeFile(path.join(dir, 'big.cjs'), `${unusedFunction('big', pkg.kilobytes * pkg.modules)}\nexports.big = big;\n`);
    imports.push(`import { createRequire } from 'node:module';`, `export const { big } = createRequire(import.meta.url)('./big.cjs');`);
  }
  writeFile(path.join(dir, 'index.js'), `${imports.join('\n')}\n`);
}

/**
 * A program that imports the package named by its argument and prints how long that took, in
 * ms. With `require(` for `await import(`, a CommonJS program that requires it.
 */
export const TIME_IMPORT = `const started = performance.now();
await import(process.argv[2]);
console.log(performance.now() - started);
`;
