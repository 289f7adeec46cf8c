// Differential test of the recorder: for generated import trees of stub packages (ES modules
// and CommonJS, static imports, require() and createRequire), the packages `trace` reports
// are those the stubs record as loaded, every module's total is its own time (loading included)
// plus its children's totals, and a package's evaluation is a part of its own time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceNode } from '../../src/cli/trace-model.js';
import type { trace as traceFunction } from '../../src/cli/trace.js';
import { userEnvironment } from '../integration/support/run.js';
import { temporaryDir } from '../support/files.js';
import { installedTrace } from './support/cli.js';
import { writeApp, writeStubs, type StubPackage } from './support/stubs.js';

interface Shape {
  readonly packages: readonly { readonly module: 'esm' | 'cjs'; readonly ms: number; readonly innerMs: number | undefined; readonly loads: readonly (readonly [number, 'static' | 'create-require'])[] }[];
  /** Packages the app imports. */
  readonly roots: readonly number[];
}

const SIZE = 6;

/** Package i may load only packages after it, so every tree is acyclic. */
const shape: fc.Arbitrary<Shape> = fc.record({
  packages: fc.tuple(
    ...Array.from({ length: SIZE }, (_, index) =>
      fc.record({
        module: fc.constantFrom('esm' as const, 'cjs' as const),
        ms: fc.integer({ min: 0, max: 6 }),
        innerMs: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        loads: fc.uniqueArray(
          fc.tuple(fc.integer({ min: index + 1, max: SIZE + 1 }), fc.constantFrom('static' as const, 'create-require' as const)),
          { maxLength: 3, selector: ([target]) => target },
        ),
      }),
    ),
  ),
  roots: fc.uniqueArray(fc.integer({ min: 0, max: SIZE - 1 }), { minLength: 1, maxLength: 3 }),
});

const nameOf = (index: number): string => `pkg-${index}`;

/**
 * The stubs of a shape. `require()` reaches only CommonJS packages: on Node 20 the modules an
 * ES module imports when require() loads it are not seen by any hook (see docs/cli.md).
 */
function stubs(generated: Shape): StubPackage[] {
  const isEsm = (index: number): boolean => generated.packages[index]?.module === 'esm';
  return generated.packages.map((pkg, index) => ({
    name: nameOf(index),
    module: pkg.module,
    ms: pkg.ms,
    ...(pkg.innerMs === undefined ? {} : { innerMs: pkg.innerMs }),
    loads: pkg.loads
      .filter(([target]) => target < SIZE && !(pkg.module === 'cjs' && isEsm(target)))
      .map(([target, kind]) => ({ name: nameOf(target), kind: pkg.module === 'cjs' || isEsm(target) ? 'static' : kind })),
  }));
}

function nodes(tree: readonly TraceNode[]): TraceNode[] {
  return tree.flatMap((node) => [node, ...nodes(node.children)]);
}

describe('trace against what the stubs record', () => {
  let trace: typeof traceFunction;

  beforeAll(async () => {
    trace = await installedTrace();
  }, 600_000);

  it('reports the loaded packages, and own times add up to totals', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async (generated) => {
        const { dir, remove } = temporaryDir('differential');
        try {
          const app = generated.roots.map((root) => `import ${JSON.stringify(nameOf(root))};`).join('\n');
          writeApp(dir, { 'app.js': `${app}\n` });
          writeStubs(dir, stubs(generated));
          const log = path.join(dir, 'loaded.log');
          writeFileSync(log, '');
          const result = await trace({
            command: [process.execPath, 'app.js'],
            cwd: dir,
            heavy: [],
            output: 'ignore',
            env: userEnvironment({ STUB_LOG: log }),
          });
          expect(result.exitCode).toBe(0);
          const loaded = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort();
          expect(result.packages.map((pkg) => pkg.name).sort()).toEqual(loaded);

          const all = nodes(result.tree);
          for (const node of all) {
            const children = node.children.reduce((sum, child) => sum + child.totalMs, 0);
            expect(Math.abs(node.totalMs - node.selfMs - children)).toBeLessThanOrEqual(0.01 * (node.children.length + 1));
          }
          for (const pkg of result.packages) {
            const own = all.filter((node) => node.package === pkg.name).reduce((sum, node) => sum + node.selfMs, 0);
            expect(Math.abs(pkg.selfMs - own)).toBeLessThanOrEqual(0.02 * all.length);
            expect(pkg.totalMs).toBeGreaterThanOrEqual(pkg.selfMs - 0.01);
            // Evaluation is a part of the whole price.
            expect(pkg.evalMs).toBeLessThanOrEqual(pkg.selfMs + 0.01);
          }
        } finally {
          remove();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
