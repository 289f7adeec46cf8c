import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { userEnvironment } from './run.js';

/** A JSON-RPC message of the Language Server Protocol. */
interface Message {
  readonly jsonrpc: '2.0';
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/** Answers a request the server sends to the editor. */
export type RequestHandler = (params: unknown) => unknown;

const METHOD_NOT_FOUND = -32601;

/**
 * The editor's side of a language server connection over stdio: `Content-Length` framed
 * JSON-RPC, requests both ways, notifications recorded. Requests from the server that have
 * no handler are answered with an error and recorded in {@link unhandled}.
 */
export class LanguageClient {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #handlers = new Map<string, RequestHandler>();
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  #stderr = '';

  /** Notifications the server sent, in order. */
  readonly notifications: { readonly method: string; readonly params: unknown }[] = [];
  /** Requests from the server that the editor had no answer for. */
  readonly unhandled: { readonly method: string; readonly params: unknown }[] = [];

  constructor(command: string, args: readonly string[], cwd: string) {
    this.#process = spawn(command, args, { cwd, env: userEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.#process.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
    this.#process.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    this.#process.on('exit', (code) => {
      for (const { reject } of this.#pending.values()) {
        reject(new Error(`The language server exited with ${String(code)}\n${this.#stderr}`));
      }
      this.#pending.clear();
    });
  }

  /** Registers the editor's answer to a request the server may send. */
  onRequest(method: string, handler: RequestHandler): void {
    this.#handlers.set(method, handler);
  }

  /** Sends a request and waits for its result; rejects with the server's error. */
  request<Result>(method: string, params: unknown, timeout = 60_000): Promise<Result> {
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`No answer to ${method} within ${timeout} ms\n${this.#stderr}`));
      }, timeout);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): void {
    this.#send({ jsonrpc: '2.0', method, params });
  }

  /** Asks the server to shut down and exit, as an editor does on close, and waits for it. */
  async stop(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#process.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, 10_000);
      this.notify('exit', null);
    } finally {
      const timer = setTimeout(() => this.#process.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  }

  #send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.#process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#process.stdin.write(body);
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length?.[1]) throw new Error(`A message without Content-Length from the language server`);
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.#buffer.length < end) return;
      const message = JSON.parse(this.#buffer.subarray(start, end).toString('utf8')) as Message;
      this.#buffer = this.#buffer.subarray(end);
      this.#dispatch(message);
    }
  }

  #dispatch(message: Message): void {
    if (message.method === undefined) {
      const pending = typeof message.id === 'number' ? this.#pending.get(message.id) : undefined;
      if (!pending || typeof message.id !== 'number') return;
      this.#pending.delete(message.id);
      if (message.error) pending.reject(new Error(`${message.error.message} (${message.error.code})`));
      else pending.resolve(message.result);
      return;
    }
    if (message.id === undefined) {
      this.notifications.push({ method: message.method, params: message.params });
      return;
    }
    const handler = this.#handlers.get(message.method);
    if (!handler) {
      this.unhandled.push({ method: message.method, params: message.params });
      this.#send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: METHOD_NOT_FOUND, message: `No handler for ${message.method}` },
      });
      return;
    }
    this.#send({ jsonrpc: '2.0', id: message.id, result: handler(message.params) ?? null });
  }
}
