// VS Code: the ESLint extension's language server (vscode-eslint-language-server), driven over
// stdio the way the editor drives it, linting the fixture project with the packed plugin.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eslint10Project, referenceFindings, RULE, type Finding } from './support/findings.js';
import { installedTool, pluginFacts } from './support/package.js';
import { LanguageClient } from './support/lsp.js';
import { VERSIONS } from './support/versions.js';

interface Position {
  readonly line: number;
  readonly character: number;
}
interface Range {
  readonly start: Position;
  readonly end: Position;
}
interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}
interface Diagnostic {
  readonly range: Range;
  readonly message: string;
  readonly severity?: number;
  readonly source?: string;
  readonly code?: string | number;
  readonly codeDescription?: { readonly href: string };
}
interface Command {
  readonly title: string;
  readonly command: string;
  readonly arguments?: unknown[];
}
interface CodeAction {
  readonly title: string;
  readonly kind?: string;
  readonly isPreferred?: boolean;
  readonly command?: Command;
}
interface WorkspaceEdit {
  readonly changes?: Record<string, TextEdit[]>;
  readonly documentChanges?: { readonly textDocument: { readonly uri: string }; readonly edits: TextEdit[] }[];
}

const ERROR = 1;
const project = await eslint10Project();
const facts = await pluginFacts(project);
const rule = facts.rules[RULE.split('/')[1] ?? ''];
const fixable = rule?.fixable != null;
const hasSuggestions = rule?.hasSuggestions === true;

/** The settings the ESLint extension sends for a file, with its defaults and `run: onType`. */
function extensionSettings(): Record<string, unknown> {
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

function offsetOf(text: string, { line, character }: Position): number {
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

describe('VS Code, ESLint extension language server', { timeout: 60_000 }, () => {
  let client: LanguageClient | undefined;
  let reference: Finding[];
  let version = 1;
  const appliedEdits: WorkspaceEdit[] = [];
  const openDocuments = new Map<string, string>();

  function server(): LanguageClient {
    if (!client) throw new Error('The language server did not start');
    return client;
  }

  /** Opens a document whose text is `text` (by default the file's own) at `file` in the project. */
  function open(file: string, text = readFileSync(path.join(project, file), 'utf8')): string {
    const uri = pathToFileURL(path.join(project, file)).href;
    openDocuments.set(uri, text);
    server().notify('textDocument/didOpen', { textDocument: { uri, languageId: languageIdOf(file), version: version++, text } });
    return uri;
  }

  /** Replaces a document's text, as typing does. */
  function change(uri: string, text: string): void {
    openDocuments.set(uri, text);
    server().notify('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text }] });
  }

  async function diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await server().request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri },
      identifier: 'eslint',
    });
    expect(report.kind).toBe('full');
    return report.items;
  }

  async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return server().request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
  }

  /** Runs an action's command, as clicking it does, and returns the document's text after its edit. */
  async function perform(uri: string, action: CodeAction): Promise<string> {
    expect(action.command).toBeDefined();
    const before = appliedEdits.length;
    await server().request('workspace/executeCommand', { command: action.command?.command, arguments: action.command?.arguments });
    expect(appliedEdits).toHaveLength(before + 1);
    const edit = appliedEdits[before];
    const edits = [
      ...(edit?.changes?.[uri] ?? []),
      ...(edit?.documentChanges ?? []).filter((document) => document.textDocument.uri === uri).flatMap((document) => document.edits),
    ];
    return applyEdits(openDocuments.get(uri) ?? '', edits);
  }

  function findingAt(diagnosticsOfFile: readonly Diagnostic[], line: number): Diagnostic {
    const found = diagnosticsOfFile.find((diagnostic) => diagnostic.range.start.line === line - 1);
    expect(found, `a diagnostic on line ${line}`).toBeDefined();
    return found as Diagnostic;
  }

  beforeAll(async () => {
    reference = await referenceFindings();
    const languageServers = await installedTool(VERSIONS.languageServers);
    const started = new LanguageClient(
      process.execPath,
      [path.join(languageServers, 'bin/vscode-eslint-language-server'), '--stdio'],
      project,
    );
    client = started;
    started.onRequest('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => extensionSettings()),
    );
    started.onRequest('client/registerCapability', () => null);
    started.onRequest('client/unregisterCapability', () => null);
    started.onRequest('window/workDoneProgress/create', () => null);
    started.onRequest('workspace/diagnostic/refresh', () => null);
    // Older servers ask the editor to approve running the workspace's ESLint: 4 is "approved".
    started.onRequest('eslint/confirmESLintExecution', () => 4);
    started.onRequest('workspace/applyEdit', (params) => {
      appliedEdits.push((params as { edit: WorkspaceEdit }).edit);
      return { applied: true };
    });
    const initialized = await started.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.106.0' },
      locale: 'en',
      rootPath: project,
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: path.basename(project) }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: {},
    });
    expect(initialized.capabilities).toMatchObject({
      diagnosticProvider: { identifier: 'eslint' },
      codeActionProvider: { codeActionKinds: expect.arrayContaining(['quickfix']) as unknown },
    });
    started.notify('initialized', {});
  }, 300_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('shows every finding as a squiggle on the import source, with the rule and its documentation', async () => {
    const files = [...new Set(reference.map((finding) => finding.file))];
    for (const file of files) {
      const uri = open(file);
      const text = openDocuments.get(uri) ?? '';
      const items = (await diagnostics(uri)).filter((diagnostic) => diagnostic.code === RULE);
      const expected = reference.filter((finding) => finding.file === file);
      expect(items.map((item) => item.message), file).toEqual(expected.map((finding) => finding.message));
      items.forEach((item, index) => {
        expect(item.range.start).toEqual({ line: (expected[index]?.line ?? 0) - 1, character: (expected[index]?.column ?? 0) - 1 });
        // The squiggle covers the quoted module name and nothing else.
        expect(text.slice(offsetOf(text, item.range.start), offsetOf(text, item.range.end))).toMatch(/^(['"])[^'"]+\1$/);
        expect(item).toMatchObject({ severity: ERROR, source: 'eslint', codeDescription: { href: rule?.url } });
      });
    }
    expect(rule?.url).toMatch(/\/docs\/rules\/banned-module-level-imports\.md$/);
  });

  it('offers to disable the rule and to open its documentation', async () => {
    const uri = open('src/cli.ts');
    const stripe = findingAt(await diagnostics(uri), 2);
    const titles = (await codeActions(uri, stripe)).map((action) => action.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        `Disable ${RULE} for this line`,
        `Disable ${RULE} for the entire file`,
        `Show documentation for ${RULE}`,
      ]),
    );
  });

  it('silences a finding with the disable-line quick fix, re-linting as the user types', async () => {
    const uri = open('src/index.ts');
    const before = await diagnostics(uri);
    expect(before.map((item) => item.range.start.line)).toEqual([0, 1]);
    const action = (await codeActions(uri, findingAt(before, 2))).find((candidate) => candidate.title === `Disable ${RULE} for this line`);
    const edited = await perform(uri, action as CodeAction);
    expect(edited).toContain(`// eslint-disable-next-line ${RULE}\nexport * as payments from 'stripe';`);
    change(uri, edited);
    expect((await diagnostics(uri)).map((item) => item.range.start.line)).toEqual([0]);
  });

  it.skipIf(!fixable)(
    `offers the \`import type\` quick fix for an import used only in types${fixable ? '' : ' (skipped: the packed rule has no meta.fixable)'}`,
    async () => {
      const uri = open('src/billing.ts');
      const actions = await codeActions(uri, findingAt(await diagnostics(uri), 1));
      const fix = actions.find((action) => action.title === `Fix this ${RULE} problem`);
      expect(fix?.isPreferred).toBe(true);
      const fixed = await perform(uri, fix as CodeAction);
      expect(fixed).toMatch(/^import type Stripe from 'stripe';$/m);
      change(uri, fixed);
      expect((await diagnostics(uri)).filter((item) => item.code === RULE)).toEqual([]);
    },
  );

  it.skipIf(!hasSuggestions)(
    `offers the lazy-form suggestion by title${hasSuggestions ? '' : ' (skipped: the packed rule has no meta.hasSuggestions)'}`,
    async () => {
      const uri = open('src/charge.js');
      const actions = await codeActions(uri, findingAt(await diagnostics(uri), 1));
      // The editor shows the suggestion's message, then the rule.
      const title = new RegExp(`^Load \`stripe\` where it is used\\.? \\(${RULE}\\)$`);
      const suggestion = actions.find((action) => title.test(action.title));
      expect(suggestion, actions.map((action) => action.title).join('\n')).toBeDefined();
      const fixed = await perform(uri, suggestion as CodeAction);
      expect(fixed).not.toMatch(/^import Stripe from 'stripe';$/m);
      expect(fixed).toMatch(/^\s+const \{ default: Stripe \} = await import\('stripe'\);$/m);
      change(uri, fixed);
      expect((await diagnostics(uri)).filter((item) => item.code === RULE)).toEqual([]);
    },
  );

  it('needed nothing from the editor that it could not answer', () => {
    expect(server().unhandled).toEqual([]);
    const statuses = server().notifications.filter((notification) => notification.method === 'eslint/status');
    expect(statuses.length).toBeGreaterThan(0);
    for (const { params } of statuses) expect(params).toMatchObject({ state: 1 });
  });
});
