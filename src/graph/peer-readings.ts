import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import { fileStamp } from '../analysis/file-stamp.js';
import type { ProjectFile } from './project-file.js';

/**
 * How long a thread waits for a file another thread claimed first and is reading: about the
 * time a file takes to read. Past it, reading the file again costs less than waiting on (a
 * thread that shares its core with other work, or has stopped).
 */
const WAIT_MS = 1;

let workerThreads: typeof WorkerThreads | undefined;

/** Node's `worker_threads`, loaded when the graph first needs it: importing the plugin stays cheap. */
function threads(): typeof WorkerThreads {
  workerThreads ??= createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
  return workerThreads;
}

/** A claim table: two words a file (a key from its path, and whether its reading has been sent). */
const SLOTS = 1 << 17;
/** Slots tried from a path's own before a thread reads the file unclaimed (the table is near full). */
const PROBES = 64;
const SENT = 1;

/** Where a file's claim is: its table, and its slot there. */
interface Claim {
  readonly table: Int32Array;
  readonly slot: number;
}

/** What threads send each other: the table they claim files in, or a reading. */
type PeerMessage = { readonly table: SharedArrayBuffer; readonly owner: number } | { readonly reading: ProjectFile };

/** Two hashes of a path: where its slot search starts, and its key (never 0, which marks a free slot). */
function hashes(file: string): [start: number, key: number] {
  let start = 0x811c9dc5;
  let key = 5381;
  for (let index = 0; index < file.length; index += 1) {
    const code = file.charCodeAt(index);
    start = Math.imul(start ^ code, 0x01000193);
    key = (Math.imul(key, 33) + code) | 0;
  }
  return [start >>> 0, key | 1];
}

/**
 * The readings of project files that the threads of one process share while each builds its
 * graph, as ESLint's `--concurrency` runs them: each file is read by the thread that claims it
 * first and sent to the others, which would otherwise read it again.
 *
 * The threads claim files in one shared table: each starts its own and sends it, and every
 * thread moves to the table of the thread that started first, of those it has heard from.
 * Claims only save work: a thread that does not find a reading it was waiting for reads the
 * file itself.
 */
export class PeerReadings {
  private readonly channel: WorkerThreads.BroadcastChannel;
  private table: Int32Array;
  private owner: number;
  private readonly readings = new Map<string, ProjectFile>();
  /** Files this thread claimed, to read and send: where their claims are. */
  private readonly claimed = new Map<string, Claim>();

  private constructor(name: string) {
    const { BroadcastChannel, threadId } = threads();
    this.table = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 2 * SLOTS));
    this.owner = threadId;
    this.channel = new BroadcastChannel(name);
    // A thread takes in what is sent both while it lints (below, in `receive`) and while it waits
    // for its next file (here): messages the event loop delivers are not left in the channel.
    this.channel.onmessage = (event) => this.accept((event as { readonly data: PeerMessage }).data);
    // The channel never keeps a thread alive.
    this.channel.unref();
    this.announce();
  }

  /**
   * Joins the threads that share readings made under the same `verbatimModuleSyntax` setting:
   * `undefined` on the main thread (ESLint's, without `--concurrency`), which has none to share
   * with, or where channels between threads are not available.
   */
  static join(verbatimModuleSyntax: boolean | undefined): PeerReadings | undefined {
    if (threads().isMainThread) return undefined;
    try {
      return new PeerReadings(`eslint-plugin-lazy-imports:readings:1:${String(verbatimModuleSyntax)}`);
    } catch {
      return undefined;
    }
  }

  private announce(): void {
    const message: PeerMessage = { table: this.table.buffer as SharedArrayBuffer, owner: this.owner };
    this.channel.postMessage(message);
  }

  /** Takes in what the other threads sent. */
  private receive(): void {
    const { receiveMessageOnPort } = threads();
    // Node takes a BroadcastChannel here too (since 15.12), which its types do not say.
    const port = this.channel as unknown as WorkerThreads.MessagePort;
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      this.accept(message.message as PeerMessage);
    }
  }

  private accept(sent: PeerMessage): void {
    if ('reading' in sent) {
      this.readings.set(sent.reading.file, sent.reading);
    } else if (sent.owner < this.owner) {
      this.table = new Int32Array(sent.table);
      this.owner = sent.owner;
    } else if (sent.owner > this.owner) {
      // A thread that started later: it moves to this table.
      this.announce();
    }
  }

  /** A reading another thread sent, when the file has not changed since. */
  private sent(file: string): ProjectFile | undefined {
    const reading = this.readings.get(file);
    if (!reading) return undefined;
    this.readings.delete(file);
    return fileStamp(file) === reading.stamp ? reading : undefined;
  }

  /** A reading of a file that another thread has sent already, without claiming it or waiting. */
  sentAlready(file: string): ProjectFile | undefined {
    this.receive();
    return this.sent(file);
  }

  /**
   * Claims a file for this thread: its claim, or where another thread claimed it first, or
   * `undefined` where the table is too full to tell (the file is then read unclaimed).
   */
  private claim(file: string): Claim | { readonly taken: Claim } | undefined {
    const [start, key] = hashes(file);
    const { table } = this;
    for (let probe = 0; probe < PROBES; probe += 1) {
      const slot = 2 * ((start + probe) % SLOTS);
      const found = Atomics.compareExchange(table, slot, 0, key);
      if (found === 0) return { table, slot };
      if (found === key) return { taken: { table, slot } };
    }
    return undefined;
  }

  /**
   * Another thread's reading of a file, waiting a little if one is reading it now; `undefined`
   * when the caller is to read it (then to pass it on with `readHere`).
   */
  take(file: string): ProjectFile | undefined {
    const reading = this.sentAlready(file);
    if (reading) return reading;
    const claim = this.claim(file);
    if (!claim) return undefined;
    if (!('taken' in claim)) {
      this.claimed.set(file, claim);
      return undefined;
    }
    // Another thread claimed it: its reading comes soon, if not already.
    const { table, slot } = claim.taken;
    if (Atomics.load(table, slot + 1) !== SENT) Atomics.wait(table, slot + 1, 0, WAIT_MS);
    return this.sentAlready(file);
  }

  /** Passes the reading of a file this thread claimed on to the other threads. */
  readHere(reading: ProjectFile): void {
    const claim = this.claimed.get(reading.file);
    if (!claim) return;
    this.claimed.delete(reading.file);
    this.send(reading, claim);
  }

  /**
   * Passes on what this thread found of a file it came to unclaimed (the file it lints, as
   * ESLint read it), unless another thread has claimed the file: the others then need not
   * read it.
   */
  share(reading: ProjectFile): void {
    const claim = this.claim(reading.file);
    if (claim && !('taken' in claim)) this.send(reading, claim);
  }

  private send(reading: ProjectFile, claim: Claim): void {
    const message: PeerMessage = { reading };
    this.channel.postMessage(message);
    Atomics.store(claim.table, claim.slot + 1, SENT);
    Atomics.notify(claim.table, claim.slot + 1);
  }

  /** Stops sharing: after an edit, what others read may be stale. */
  close(): void {
    this.readings.clear();
    this.claimed.clear();
    this.channel.close();
  }
}
