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

/** A thread that joins the readings and, on each request, takes a file or reads and sends it. */
const THREAD = `
const { parentPort } = require('node:worker_threads');
let peers;
parentPort.on('message', async ({ op, file }) => {
  const { PeerReadings } = await import(${JSON.stringify(PEERS)});
  const { readProjectFile } = await import(${JSON.stringify(PROJECT_FILE)});
  if (op === 'join') {
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
async function peer(): Promise<{ ask: (op: 'take' | 'read' | 'share' | 'sent', file: string) => Promise<ProjectFile | null> }> {
  const worker = new Worker(THREAD, { eval: true });
  workers.push(worker);
  const ask = (op: string, file = ''): Promise<unknown> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ op, file });
    });
  expect(await ask('join')).toBe(true);
  return { ask: (op, file) => ask(op, file) as Promise<ProjectFile | null> };
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
