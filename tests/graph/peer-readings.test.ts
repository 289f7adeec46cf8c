// Threads that build the same project graph (ESLint's `--concurrency`) share their readings of
// project files. Each test drives two worker threads step by step, each running the built module
// (`npm test` builds first) as ESLint's threads would.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { readProjectFile, type ProjectFile } from '../../src/graph/project-file.js';
import { temporaryDir } from '../support/files.js';
import { prepareChainsFixture } from './support/chains-fixture.js';

const PEERS = new URL('../../dist/graph/peer-readings.js', import.meta.url).href;
const PROJECT_FILE = new URL('../../dist/graph/project-file.js', import.meta.url).href;
const GRAPH = new URL('../../dist/graph/graph.js', import.meta.url).href;
const MATCHER = new URL('../../dist/analysis/heavy-matcher.js', import.meta.url).href;

/** A thread that joins the readings and, on each request, takes a file or reads and sends it. */
const THREAD = `
const { parentPort } = require('node:worker_threads');
let peers;
let graph;
parentPort.on('message', async ({ op, file, loads, text, root }) => {
  const { PeerReadings } = await import(${JSON.stringify(PEERS)});
  const { readProjectFile } = await import(${JSON.stringify(PROJECT_FILE)});
  const { ProjectGraph } = await import(${JSON.stringify(GRAPH)});
  const { createHeavyMatcher } = await import(${JSON.stringify(MATCHER)});
  if (op === 'graph') {
    // The graph of a run that lints with \`stripe\` on its heavy list.
    graph = new ProjectGraph(createHeavyMatcher([{ name: 'stripe' }], root), undefined);
    parentPort.postMessage(true);
  } else if (op === 'feed') {
    // A lint of the file, as the rule feeds it: the loads ESLint's AST gave.
    graph.feed(file, loads);
    parentPort.postMessage(true);
  } else if (op === 'kept') {
    // The rule's first question when it lints a file: its loads (by where they start), as read before.
    const found = loads.map((start) => ({ node: { range: [start, start + 1] } }));
    parentPort.postMessage(graph.keptLoadsFromReading(file, text, found)?.length ?? null);
  } else if (op === 'revalidate') {
    // The first lint after a pause looks for edits.
    graph.revalidate(Date.now() + 10000);
    parentPort.postMessage(true);
  } else if (op === 'heavy') {
    parentPort.postMessage(graph.reachesHeavy(file));
  } else if (op === 'join') {
    peers = PeerReadings.join(undefined);
    parentPort.postMessage(peers !== undefined);
  } else if (op === 'take') {
    parentPort.postMessage(peers.take(file, () => false) ?? null);
  } else if (op === 'read') {
    const reading = readProjectFile(file, undefined);
    peers.readHere(reading, [], () => false);
    parentPort.postMessage(reading);
  } else if (op === 'share') {
    // What the thread linting a file found of it, passed on as the rule does.
    const reading = readProjectFile(file, undefined);
    peers.share(reading);
    parentPort.postMessage(reading);
  } else if (op === 'sent') {
    parentPort.postMessage(peers.sentAlready(file) ?? null);
  }
});
`;

// Each test's threads go with it: a thread left on the channel would take part in the next test.
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/** One of the threads: `ask` sends a request and waits for the answer. */
async function peer(): Promise<{
  ask: (op: 'take' | 'read' | 'share' | 'sent', file: string) => Promise<ProjectFile | null>;
  graph: (op: 'graph' | 'feed' | 'kept' | 'revalidate' | 'heavy', request: object) => Promise<unknown>;
}> {
  const worker = new Worker(THREAD, { eval: true });
  workers.push(worker);
  const send = (request: object): Promise<unknown> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(request);
    });
  expect(await send({ op: 'join' })).toBe(true);
  return {
    ask: (op, file) => send({ op, file }) as Promise<ProjectFile | null>,
    graph: (op, request) => send({ op, ...request }),
  };
}

const root = prepareChainsFixture();
const files = readdirSync(path.join(root, 'src/commands')).map((name) => path.join(root, 'src/commands', name));

describe('readings shared between threads', () => {
  it('a file one thread read serves the other, which reads none itself', async () => {
    const [first, second] = [await peer(), await peer()];
    for (const file of files) {
      expect(await first.ask('take', file)).toBeNull();
      await first.ask('read', file);
    }
    for (const file of files) {
      expect(await second.ask('take', file), file).toEqual(readProjectFile(file, undefined));
    }
  });

  it('a thread that started later claims in the first thread\'s table: what the first claimed, only the first sends', async () => {
    const [first, second] = [await peer(), await peer()];
    const [claimed, other] = files as [string, string];
    // The first thread claims a file and has not sent it yet: the second, after a short wait,
    // reads it itself, but does not send its reading (the file is the first thread's to send).
    expect(await first.ask('take', claimed)).toBeNull();
    const started = performance.now();
    expect(await second.ask('take', claimed)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    await second.ask('read', claimed);
    expect(await first.ask('take', claimed)).toBeNull();
    // A file nobody claimed: the second thread claims it, and the first gets its reading.
    expect(await second.ask('take', other)).toBeNull();
    await second.ask('read', other);
    expect(await first.ask('take', other)).toEqual(readProjectFile(other, undefined));
  });

  it('what a thread found of a file it lints serves the others, unless another thread claimed the file first', async () => {
    const [first, second] = [await peer(), await peer()];
    const [linted, claimed] = files as [string, string];
    await first.ask('share', linted);
    expect(await second.ask('take', linted)).toEqual(readProjectFile(linted, undefined));
    // The second thread is reading this one: the first keeps what it found to itself.
    expect(await second.ask('take', claimed)).toBeNull();
    await first.ask('share', claimed);
    expect(await second.ask('sent', claimed)).toBeNull();
  });

  it('a reading already sent is taken without a claim, and none is waited for', async () => {
    const [first, second] = [await peer(), await peer()];
    const [read, unread] = files as [string, string];
    expect(await first.ask('take', read)).toBeNull();
    await first.ask('read', read);
    expect(await second.ask('sent', read)).toEqual(readProjectFile(read, undefined));
    expect(await second.ask('sent', unread)).toBeNull();
    // Asking claimed nothing: the first thread claims the file, and the second gets its reading.
    expect(await first.ask('take', unread)).toBeNull();
    await first.ask('read', unread);
    expect(await second.ask('sent', unread)).toEqual(readProjectFile(unread, undefined));
  });

  it('the graph of a thread passes on what its lints find, and takes what another thread read for the file it lints', async () => {
    const { dir: root, write, remove } = temporaryDir('peers-graph');
    try {
      // On disk, the command loads a light module; as linted, it loads the billing module.
      const command = write('command.ts', "import './light.js';\n");
      write('light.ts', 'export {};\n');
      // A `require()`: only the file's tree tells it, so its reading keeps where each load is.
      const billing = write('billing.ts', "require('stripe');\n");
      const [first, second] = [await peer(), await peer()];
      const light = path.join(root, 'light.ts');
      await first.graph('graph', { root });
      await second.graph('graph', { root });
      // Each thread starts a lint (which joins it to the others): nothing has been read yet.
      expect(await first.graph('kept', { file: command, text: "import './light.js';\n", loads: [0] })).toBeNull();
      expect(await second.graph('kept', { file: light, text: 'export {};\n', loads: [] })).toBeNull();
      await first.graph('feed', { file: command, loads: [{ kind: 'import', specifier: './billing.js' }] });
      // The second thread's graph takes the command as the first thread's lint found it.
      expect(await second.graph('heavy', { file: command })).toBe(true);
      // The second thread read the billing module on the way: the first, linting it, takes that
      // reading (one load, at 0) and does not analyse the file again.
      expect(await first.graph('kept', { file: billing, text: "require('stripe');\n", loads: [0] })).toBe(1);
    } finally {
      remove();
    }
  });

  it('a graph that has seen an edit passes nothing on', async () => {
    const { dir: root, write, remove } = temporaryDir('peers-edit');
    try {
      const command = write('command.ts', "import './light.js';\n");
      const light = write('light.ts', 'export {};\n');
      write('billing.ts', "import 'stripe';\n");
      const [first, second] = [await peer(), await peer()];
      await first.graph('graph', { root });
      await second.graph('graph', { root });
      expect(await first.graph('kept', { file: light, text: 'export {};\n', loads: [] })).toBeNull();
      expect(await second.graph('kept', { file: light, text: 'export {};\n', loads: [] })).toBeNull();
      // The first thread reads the light module, which is then edited: at its next check it
      // stops sharing, and what its lints find stays with it.
      expect(await first.graph('heavy', { file: light })).toBe(false);
      write('light.ts', 'export const edited = 1;\n');
      await first.graph('revalidate', {});
      await first.graph('feed', { file: command, loads: [{ kind: 'import', specifier: './billing.js' }] });
      expect(await second.graph('heavy', { file: command })).toBe(false);
    } finally {
      remove();
    }
  });

  it('a reading of a file that changed since is not used', async () => {
    const { write, remove } = temporaryDir('peers');
    try {
      const file = write('a.ts', "import './b.js';\n");
      write('b.ts', 'export {};\n');
      const [first, second] = [await peer(), await peer()];
      expect(await first.ask('take', file)).toBeNull();
      await first.ask('read', file);
      write('a.ts', "import './b.js';\nimport './c.js';\n");
      expect(await second.ask('take', file)).toBeNull();
    } finally {
      remove();
    }
  });
});
