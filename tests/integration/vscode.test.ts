// VS Code: the ESLint extension's language server (vscode-eslint-language-server), driven over
// stdio the way the editor drives it, linting the fixture project with the packed plugin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eslint10Project, referenceFindings, RULE, type Finding } from './support/findings.js';
import { installedTool, pluginFacts } from './support/package.js';
import { EslintEditor, offsetOf, type CodeAction, type Diagnostic } from './support/lsp.js';
import { VERSIONS } from './support/versions.js';

const ERROR = 1;
const project = await eslint10Project();
const facts = await pluginFacts(project);
const rule = facts.rules[RULE.split('/')[1] ?? ''];
const fixable = rule?.fixable != null;
const hasSuggestions = rule?.hasSuggestions === true;

describe('VS Code, ESLint extension language server', { timeout: 60_000 }, () => {
  let editor: EslintEditor | undefined;
  let reference: Finding[];

  function opened(): EslintEditor {
    if (!editor) throw new Error('The language server did not start');
    return editor;
  }

  function findingAt(diagnosticsOfFile: readonly Diagnostic[], line: number): Diagnostic {
    const found = diagnosticsOfFile.find((diagnostic) => diagnostic.range.start.line === line - 1);
    expect(found, `a diagnostic on line ${line}`).toBeDefined();
    return found as Diagnostic;
  }

  beforeAll(async () => {
    reference = await referenceFindings();
    editor = await EslintEditor.start(await installedTool(VERSIONS.languageServers), project);
    expect(editor.capabilities).toMatchObject({
      diagnosticProvider: { identifier: 'eslint' },
      codeActionProvider: { codeActionKinds: expect.arrayContaining(['quickfix']) as unknown },
    });
  }, 300_000);

  afterAll(async () => {
    await editor?.stop();
  });

  it('shows every finding as a squiggle on the import source, with the rule and its documentation', async () => {
    const files = [...new Set(reference.map((finding) => finding.file))];
    for (const file of files) {
      const uri = opened().open(file);
      const text = opened().documents.get(uri) ?? '';
      const items = (await opened().diagnostics(uri)).filter((diagnostic) => diagnostic.code === RULE);
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
    const uri = opened().open('src/cli.ts');
    const stripe = findingAt(await opened().diagnostics(uri), 2);
    const titles = (await opened().codeActions(uri, stripe)).map((action) => action.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        `Disable ${RULE} for this line`,
        `Disable ${RULE} for the entire file`,
        `Show documentation for ${RULE}`,
      ]),
    );
  });

  it('silences a finding with the disable-line quick fix, re-linting as the user types', async () => {
    const uri = opened().open('src/index.ts');
    const before = await opened().diagnostics(uri);
    expect(before.map((item) => item.range.start.line)).toEqual([0, 1]);
    const action = (await opened().codeActions(uri, findingAt(before, 2))).find((candidate) => candidate.title === `Disable ${RULE} for this line`);
    const edited = await opened().perform(uri, action as CodeAction);
    expect(edited).toContain(`// eslint-disable-next-line ${RULE}\nexport * as payments from 'stripe';`);
    opened().change(uri, edited);
    expect((await opened().diagnostics(uri)).map((item) => item.range.start.line)).toEqual([0]);
  });

  it.skipIf(!fixable)(
    `offers the \`import type\` quick fix for an import used only in types${fixable ? '' : ' (skipped: the packed rule has no meta.fixable)'}`,
    async () => {
      const uri = opened().open('src/billing.ts');
      const actions = await opened().codeActions(uri, findingAt(await opened().diagnostics(uri), 1));
      const fix = actions.find((action) => action.title === `Fix this ${RULE} problem`);
      expect(fix?.isPreferred).toBe(true);
      const fixed = await opened().perform(uri, fix as CodeAction);
      expect(fixed).toMatch(/^import type Stripe from 'stripe';$/m);
      opened().change(uri, fixed);
      expect((await opened().diagnostics(uri)).filter((item) => item.code === RULE)).toEqual([]);
    },
  );

  it.skipIf(!hasSuggestions)(
    `offers the lazy-form suggestion by title${hasSuggestions ? '' : ' (skipped: the packed rule has no meta.hasSuggestions)'}`,
    async () => {
      const uri = opened().open('src/charge.js');
      const actions = await opened().codeActions(uri, findingAt(await opened().diagnostics(uri), 1));
      // The editor shows the suggestion's message, then the rule.
      const title = new RegExp(`^Load \`stripe\` where it is used\\.? \\(${RULE}\\)$`);
      const suggestion = actions.find((action) => title.test(action.title));
      expect(suggestion, actions.map((action) => action.title).join('\n')).toBeDefined();
      const fixed = await opened().perform(uri, suggestion as CodeAction);
      expect(fixed).not.toMatch(/^import Stripe from 'stripe';$/m);
      expect(fixed).toMatch(/^\s+const \{ default: Stripe \} = await import\('stripe'\);$/m);
      opened().change(uri, fixed);
      expect((await opened().diagnostics(uri)).filter((item) => item.code === RULE)).toEqual([]);
    },
  );

  it('needed nothing from the editor that it could not answer', () => {
    expect(opened().server.unhandled).toEqual([]);
    const statuses = opened().server.notifications.filter((notification) => notification.method === 'eslint/status');
    expect(statuses.length).toBeGreaterThan(0);
    for (const { params } of statuses) expect(params).toMatchObject({ state: 1 });
  });
});
