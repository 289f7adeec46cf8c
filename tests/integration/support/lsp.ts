import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** A position in a document, 0-based. */
export interface Position {
  readonly line: number;
  readonly character: number;
}
/** A range in a document. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}
/** An edit of a document. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}
/** A problem the server shows in the editor. */
export interface Diagnostic {
  readonly range: Range;
  readonly message: string;
  readonly severity?: number;
  readonly source?: string;
  readonly code?: string | number;
  readonly codeDescription?: { readonly href: string };
}
/** A command a code action runs. */
export interface Command {
  readonly title: string;
  readonly command: string;
  readonly arguments?: unknown[];
}
/** A quick fix or other action offered on a diagnostic. */
export interface CodeAction {
  readonly title: string;
  readonly kind?: string;
  readonly isPreferred?: boolean;
  readonly command?: Command;
}
/** Edits the server asks the editor to apply. */
export interface WorkspaceEdit {
  readonly changes?: Record<string, TextEdit[]>;
  readonly documentChanges?: { readonly textDocument: { readonly uri: string }; readonly edits: TextEdit[] }[];
}

/** The settings the ESLint extension sends for a file, with its defaults and `run: onType`. */
function extensionSettings(project: string): Record<string, unknown> {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: path.basename(project), uri: pathToFileURL(project).href },
    workingDirectory: { mode: 'location' },
  };
}

/** What VS Code announces: pull diagnostics, code action literals, workspace edits. */
const CLIENT_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    configuration: true,
    workspaceFolders: true,
    executeCommand: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'],
        },
      },
    },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  general: { positionEncodings: ['utf-16'] },
};

function languageIdOf(file: string): string {
  return /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript';
}

/** The offset in `text` of an LSP position. */
export function offsetOf(text: string, { line, character }: Position): number {
  let offset = 0;
  for (let current = 0; current < line; current += 1) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  return sorted.reduce(
    (result, edit) =>
      result.slice(0, offsetOf(text, edit.range.start)) + edit.newText + result.slice(offsetOf(text, edit.range.end)),
    text,
  );
}

/**
 * VS Code with the ESLint extension, as its language server sees it: a workspace folder on
 * `project`, documents opened, typed into and saved, diagnostics pulled and code actions run.
 */
export class EslintEditor {
  readonly #server: LanguageClient;
  readonly #project: string;
  #version = 1;
  /** Edits the server asked the editor to apply, in order. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** The text of each open document, by URI. */
  readonly documents = new Map<string, string>();
  /** What the server said it can do. */
  capabilities: Record<string, unknown> = {};

  private constructor(server: LanguageClient, project: string) {
    this.#server = server;
    this.#project = project;
  }

  /** Starts the server (`bin/vscode-eslint-language-server` of `languageServers`) on `project` and initializes it. */
  static async start(languageServers: string, project: string): Promise<EslintEditor> {
    const server = new LanguageClient(
      process.execPath,
      [path.join(languageServers, 'bin/vscode-eslint-language-server'), '--stdio'],
      project,
    );
    const editor = new EslintEditor(server, project);
    server.onRequest('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => extensionSettings(project)),
    );
    server.onRequest('client/registerCapability', () => null);
    server.onRequest('client/unregisterCapability', () => null);
    server.onRequest('window/workDoneProgress/create', () => null);
    server.onRequest('workspace/diagnostic/refresh', () => null);
    // Older servers ask the editor to approve running the workspace's ESLint: 4 is "approved".
    server.onRequest('eslint/confirmESLintExecution', () => 4);
    server.onRequest('workspace/applyEdit', (params) => {
      editor.appliedEdits.push((params as { edit: WorkspaceEdit }).edit);
      return { applied: true };
    });
    const initialized = await server.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.106.0' },
      locale: 'en',
      rootPath: project,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: path.basename(project) }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: {},
    });
    editor.capabilities = initialized.capabilities;
    server.notify('initialized', {});
    return editor;
  }

  /** The connection, for what this class does not cover. */
  get server(): LanguageClient {
    return this.#server;
  }

  /** The URI of a file of the project. */
  uri(file: string): string {
    return pathToFileURL(path.join(this.#project, file)).href;
  }

  /** Opens a document whose text is `text` (by default the file's own) at `file` in the project. */
  open(file: string, text = readFileSync(path.join(this.#project, file), 'utf8')): string {
    const uri = this.uri(file);
    this.documents.set(uri, text);
    this.#server.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: languageIdOf(file), version: this.#version++, text },
    });
    return uri;
  }

  /** Replaces a document's text, as typing does. */
  change(uri: string, text: string): void {
    this.documents.set(uri, text);
    this.#server.notify('textDocument/didChange', { textDocument: { uri, version: this.#version++ }, contentChanges: [{ text }] });
  }

  /** Saves a document: its text is written to disk, and the editor says so, as VS Code does. */
  save(uri: string): void {
    writeFileSync(fileURLToPath(uri), this.documents.get(uri) ?? '');
    this.#server.notify('textDocument/didSave', { textDocument: { uri } });
    this.#server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  }

  /** Pulls the diagnostics of a document, as the editor does when it shows it. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.#server.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri },
      identifier: 'eslint',
    });
    if (report.kind !== 'full') throw new Error(`Expected a full diagnostic report, got ${report.kind}`);
    return report.items;
  }

  /** The code actions offered on a diagnostic. */
  codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.#server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
  }

  /**
   * Runs an action's command, as clicking it does, and returns the document's text after the
   * one edit it asked for.
   */
  async perform(uri: string, action: CodeAction): Promise<string> {
    if (!action.command) throw new Error(`The action '${action.title}' has no command`);
    const before = this.appliedEdits.length;
    await this.#server.request('workspace/executeCommand', { command: action.command.command, arguments: action.command.arguments });
    if (this.appliedEdits.length !== before + 1) {
      throw new Error(`'${action.title}' asked for ${this.appliedEdits.length - before} edits, not one`);
    }
    const edit = this.appliedEdits[before];
    const edits = [
      ...(edit?.changes?.[uri] ?? []),
      ...(edit?.documentChanges ?? []).filter((document) => document.textDocument.uri === uri).flatMap((document) => document.edits),
    ];
    return applyEdits(this.documents.get(uri) ?? '', edits);
  }

  /** Closes the editor: the server shuts down and exits. */
  stop(): Promise<void> {
    return this.#server.stop();
  }
}
