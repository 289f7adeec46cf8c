// Every importer chain of a package or file, from hand-built process records: the edges that
// the recorder saw besides each module's first parent.
import { describe, expect, it } from 'vitest';
import { ImporterGraph } from '../../src/cli/chains.js';
import type { ImportEdge, ProcessRecord } from '../../src/cli/record.js';

/** `/app/src/x.js` is named `src/x.js`; `/app/node_modules/pkg/…` is named `pkg`. */
function label(file: string): string {
  const inPackage = /\/node_modules\/([^/]+)\//.exec(file);
  return inPackage ? (inPackage[1] as string) : file.replace('/app/', '');
}

const nm = (pkg: string, file = 'index.js'): string => `/app/node_modules/${pkg}/${file}`;

/** A process whose modules load in the order given, each with its first parent (by file). */
function processRecord(modules: readonly (readonly [string, string | undefined, boolean?])[], imports: readonly ImportEdge[]): ProcessRecord {
  const files = modules.map(([file]) => file);
  return {
    pid: 1,
    ppid: 0,
    timeOrigin: 0,
    argv: ['node', '/app/app.js'],
    execPath: 'node',
    execArgv: [],
    cwd: '/app',
    loadsOffThread: false,
    modules: modules.map(([file, parent, later]) => ({
      file,
      parent: parent === undefined ? -1 : files.indexOf(parent),
      start: 0,
      selfMs: 1,
      evalMs: 1,
      loadMs: 0,
      imported: false,
      later: later === true,
    })),
    imports,
  };
}

const edge = (from: string, to: string, later = false): ImportEdge => ({ from, to, later });
const inPackage = (name: string) => (file: string) => label(file) === name;

describe('ImporterGraph', () => {
  // `shared` is loaded by an own file, by a package (through its inner file) and by a package
  // that require()s it from cache, at start-up, and by a lazy import later.
  const record = processRecord(
    [
      ['/app/app.js', undefined],
      ['/app/src/a.js', '/app/app.js'],
      [nm('shared'), '/app/src/a.js'],
      [nm('shared', 'util.js'), nm('shared')],
      [nm('via-esm'), '/app/app.js'],
      [nm('via-esm', 'inner.js'), nm('via-esm')],
      [nm('via-cjs'), '/app/app.js'],
      ['/app/src/late.js', '/app/app.js', true],
    ],
    [
      edge('/app/app.js', '/app/src/a.js'),
      edge('/app/src/a.js', nm('shared')),
      edge(nm('shared'), nm('shared', 'util.js')),
      edge('/app/app.js', nm('via-esm')),
      edge(nm('via-esm'), nm('via-esm', 'inner.js')),
      edge(nm('via-esm', 'inner.js'), nm('shared', 'util.js')),
      edge('/app/app.js', nm('via-cjs')),
      edge(nm('via-cjs'), nm('shared')),
      edge('/app/app.js', '/app/src/late.js', true),
      edge('/app/src/late.js', nm('shared'), true),
    ],
  );
  const graph = new ImporterGraph([record], label);

  it('finds every distinct chain to a package, shortest first, start-up before later', () => {
    const { chains, total } = graph.chains(inPackage('shared'), { limit: 10 });
    expect(total).toBe(4);
    expect(chains.slice(0, 3).map((chain) => chain.phase)).toEqual(['start-up', 'start-up', 'start-up']);
    expect(chains.slice(0, 3).map((chain) => chain.chain)).toEqual(
      expect.arrayContaining([
        ['app.js', 'src/a.js', 'shared'],
        ['app.js', 'via-esm', 'shared'],
        ['app.js', 'via-cjs', 'shared'],
      ]),
    );
    expect(chains[3]).toEqual({ phase: 'later', chain: ['app.js', 'src/late.js', 'shared'] });
  });

  it('caps the chains it returns and counts the rest, up to a bound, saying whether it counted them all', () => {
    const { chains, total, complete } = graph.chains(inPackage('shared'), { limit: 2, countUpTo: 10 });
    expect(chains).toHaveLength(2);
    expect([total, complete]).toEqual([4, true]);
    // Past the bound, every chain as short as the last one counted is counted too (all four are
    // three long here), and the count says whether it stopped before the longer ones.
    expect(graph.chains(inPackage('shared'), { limit: 2, countUpTo: 2 })).toMatchObject({ total: 4, complete: true });
    const longer = processRecord(
      [
        ['/app/app.js', undefined],
        ['/app/src/a.js', '/app/app.js'],
        ['/app/src/b.js', '/app/src/a.js'],
        [nm('deep'), '/app/src/b.js'],
      ],
      [edge('/app/app.js', nm('deep'))],
    );
    const longerGraph = new ImporterGraph([longer], label);
    expect(longerGraph.chains(inPackage('deep'), { limit: 1 })).toMatchObject({ total: 1, complete: false });
    expect(longerGraph.chains(inPackage('deep'), { limit: 1, countUpTo: 2 })).toMatchObject({ total: 2, complete: true });
  });

  it('orders chains of one length and phase by their text, not by the order the loads happened in', () => {
    const reversed = processRecord(
      [
        ['/app/app.js', undefined],
        [nm('zeta'), '/app/app.js'],
        [nm('alpha'), '/app/app.js'],
        [nm('shared'), nm('alpha')],
      ],
      [edge(nm('zeta'), nm('shared'))],
    );
    const ordered = new ImporterGraph([reversed], label);
    expect(ordered.chains(inPackage('shared'), { limit: 10 }).chains.map((chain) => chain.chain.join(' > '))).toEqual([
      'app.js > alpha > shared',
      'app.js > zeta > shared',
    ]);
    expect(ordered.chains(inPackage('shared'), { limit: 1 }).chains.map((chain) => chain.chain.join(' > '))).toEqual(['app.js > alpha > shared']);
  });

  it('keeps only the chains all of whose loads ran at start-up, when asked', () => {
    const late = processRecord(
      [
        ['/app/app.js', undefined],
        ['/app/src/late.js', '/app/app.js', true],
        ['/app/src/a.js', '/app/app.js'],
        ['/app/src/b.js', '/app/src/a.js'],
        [nm('shared'), '/app/src/b.js'],
      ],
      [edge('/app/app.js', '/app/src/late.js', true), edge('/app/src/late.js', nm('shared'), true)],
    );
    const lateGraph = new ImporterGraph([late], label);
    expect(lateGraph.chains(inPackage('shared'), { limit: 1 }).chains).toEqual([{ phase: 'later', chain: ['app.js', 'src/late.js', 'shared'] }]);
    expect(lateGraph.chains(inPackage('shared'), { limit: 1, startUp: true })).toEqual({
      chains: [{ phase: 'start-up', chain: ['app.js', 'src/a.js', 'src/b.js', 'shared'] }],
      total: 1,
      complete: true,
    });
  });

  it('keeps only the chains of one process, when asked', () => {
    const first = processRecord([['/app/app.js', undefined], [nm('shared'), '/app/app.js']], []);
    const second = { ...processRecord([['/app/child.cjs', undefined], [nm('shared'), '/app/child.cjs']], []), pid: 2 };
    const both = new ImporterGraph([first, second], label);
    expect(both.chains(inPackage('shared'), { limit: 10 }).chains.map((chain) => chain.chain[0])).toEqual(['app.js', 'child.cjs']);
    expect(both.chains(inPackage('shared'), { limit: 10, process: 1 }).chains.map((chain) => chain.chain[0])).toEqual(['child.cjs']);
  });

  it('names a package once when a way leaves it and comes back: the package loaded what its file did', () => {
    // app.js → p → q → p/sub.js → u: `p`'s own file loaded `u`, through `q`.
    const detour = processRecord(
      [
        ['/app/app.js', undefined],
        [nm('p'), '/app/app.js'],
        [nm('q'), nm('p')],
        [nm('p', 'sub.js'), nm('q')],
        [nm('u'), nm('p', 'sub.js')],
      ],
      [],
    );
    expect(new ImporterGraph([detour], label).chains(inPackage('u'), { limit: 10 })).toEqual({
      chains: [{ phase: 'start-up', chain: ['app.js', 'p', 'u'] }],
      total: 1,
      complete: true,
    });
  });

  it('puts a chain that reaches its target two ways under the shorter', () => {
    // app.js → src/a.js → src/b.js → deep, and app.js → src/b.js → deep.
    const twoWays = processRecord(
      [
        ['/app/app.js', undefined],
        ['/app/src/a.js', '/app/app.js'],
        ['/app/src/b.js', '/app/src/a.js'],
        [nm('deep'), '/app/src/b.js'],
      ],
      [edge('/app/app.js', '/app/src/b.js'), edge('/app/src/a.js', '/app/src/b.js'), edge('/app/app.js', '/app/src/a.js')],
    );
    expect(new ImporterGraph([twoWays], label).chains(inPackage('deep'), { limit: 10 }).chains.map((chain) => chain.chain)).toEqual([
      ['app.js', 'src/b.js', 'deep'],
      ['app.js', 'src/a.js', 'src/b.js', 'deep'],
    ]);
  });

  it('finds chains to a file, and goes round cycles once', () => {
    const cycle = processRecord(
      [
        ['/app/app.js', undefined],
        ['/app/src/a.js', '/app/app.js'],
        ['/app/src/b.js', '/app/src/a.js'],
      ],
      [edge('/app/src/b.js', '/app/src/a.js'), edge('/app/src/a.js', '/app/src/b.js')],
    );
    expect(new ImporterGraph([cycle], label).chains((file) => file === '/app/src/b.js', { limit: 10 })).toEqual({
      chains: [{ phase: 'start-up', chain: ['app.js', 'src/a.js', 'src/b.js'] }],
      total: 1,
      complete: true,
    });
  });

  it('starts a chain at a module loaded from outside any module (node -e), and at each process’s entry', () => {
    const evaluated = processRecord(
      [
        [nm('first'), undefined],
        [nm('second'), undefined],
      ],
      [edge('/app/[eval]', nm('first')), edge('/app/[eval]', nm('second'))],
    );
    const child = { ...processRecord([['/app/child.cjs', undefined], [nm('second'), '/app/child.cjs']], []), pid: 2 };
    expect(new ImporterGraph([evaluated, child], label).chains(inPackage('second'), { limit: 10 }).chains).toEqual([
      { phase: 'start-up', chain: ['second'] },
      { phase: 'start-up', chain: ['child.cjs', 'second'] },
    ]);
  });

  it('leaves out a way that passes through the target’s package and back', () => {
    // loop/index.js → helper → loop/extra.js: the package was reached once, at its index.
    const back = processRecord(
      [
        ['/app/app.js', undefined],
        [nm('loop'), '/app/app.js'],
        [nm('helper'), nm('loop')],
        [nm('loop', 'extra.js'), nm('helper')],
      ],
      [],
    );
    expect(new ImporterGraph([back], label).chains(inPackage('loop'), { limit: 10 }).chains).toEqual([{ phase: 'start-up', chain: ['app.js', 'loop'] }]);
  });

  it('says whether a file loaded', () => {
    expect(graph.loaded('/app/src/late.js')).toBe(true);
    expect(graph.loaded('/app/src/none.js')).toBe(false);
  });
});
