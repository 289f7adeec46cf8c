import * as fs from 'node:fs';
import { utimesSync } from 'node:fs';
import { Linter } from 'eslint';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import chainRule from '../../src/rules/banned-import-chains.js';
import ineffectiveRule from '../../src/rules/no-ineffective-lazy-imports.js';
import { temporaryDir } from '../support/files.js';

// Every read of a file by the plugin, to count those of the entry.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof fs>();
  return { ...original, default: original, readFileSync: vi.fn(original.readFileSync) };
});

const { dir: root, write, remove } = temporaryDir('file-reads');
afterAll(remove);

const START = "import './eager.js';\nasync function main() {\n  await import('./program.js');\n}\nawait main();\n";
const bin = write('bin.js', START);
write('eager.js', 'export {};\n');
write('program.js', "import 'stripe';\nexport const run = () => 0;\n");
const LAZY = "export async function later() {\n  const { run } = await import('./program.js');\n  return run();\n}\n";

const config = [
  {
    files: ['**/*.js'],
    plugins: { 'lazy-imports': { rules: { 'banned-import-chains': chainRule, 'no-ineffective-lazy-imports': ineffectiveRule } } },
    settings: { 'lazy-imports': { heavy: ['stripe'] } },
    rules: {
      'lazy-imports/banned-import-chains': ['error', { entries: ['bin.js'] }],
      'lazy-imports/no-ineffective-lazy-imports': ['error', { entries: ['bin.js'] }],
    },
  },
] as unknown as Linter.Config[];

/** Lints `code` as `file` of the project: the message ids, and how often `counted` was read. */
function lintCounting(
  file: string,
  code: string,
  counted: string,
  configs: Linter.Config[] = config,
): { messageIds: (string | undefined)[]; reads: number } {
  const readFileSync = vi.mocked(fs.readFileSync);
  readFileSync.mockClear();
  const messages = new Linter({ configType: 'flat', cwd: root }).verify(code, configs, `${root}/${file}`);
  const reads = readFileSync.mock.calls.filter(([read]) => read === counted).length;
  return { messageIds: messages.map((message) => message.messageId), reads };
}

/** Lints `code` as `file` of the project with both rules of the graph: the message ids, and how often the entry was read. */
function lint(file: string, code: string): { messageIds: (string | undefined)[]; entryReads: number } {
  const { messageIds, reads } = lintCounting(file, code, bin);
  return { messageIds, entryReads: reads };
}

describe('an entry file, as the graph reads it', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is read once by a lint of another file, for its loads and for what its start function loads', () => {
    expect(lint('lazy.js', LAZY)).toEqual({ messageIds: ['loadedAtStartup'], entryReads: 1 });
    // The graph keeps the reading: the next lint reads the entry no more.
    expect(lint('lazy.js', LAZY)).toEqual({ messageIds: ['loadedAtStartup'], entryReads: 0 });
  });

  it('is read again once it changed on disk, and its start function with it', () => {
    write('bin.js', "import './eager.js';\nasync function main() {}\nawait main();\n");
    const later = new Date(Date.now() + 5000);
    utimesSync(bin, later, later);
    // The first lint after a pause looks for edits.
    vi.setSystemTime(Date.now() + 10_000);
    expect(lint('lazy.js', LAZY)).toEqual({ messageIds: [], entryReads: 1 });
  });

  it('is read once by its own lint, which feeds its loads', () => {
    write('bin.js', START);
    const later = new Date(Date.now() + 20_000);
    utimesSync(bin, later, later);
    vi.setSystemTime(Date.now() + 30_000);
    expect(lint('bin.js', START)).toEqual({ messageIds: [], entryReads: 1 });
    expect(lint('lazy.js', LAZY)).toEqual({ messageIds: ['loadedAtStartup'], entryReads: 0 });
  });
});

describe('the linted file, where only its text on disk may feed the graph (autofix)', () => {
  const HELPER = "export const load = () => import('./program.js');\n";
  write('fix/bin.js', "import { load } from './helper.js';\nawait load();\n");
  const helper = write('fix/helper.js', HELPER);
  write('fix/program.js', 'export const run = () => 0;\n');
  const fixConfig = [
    {
      files: ['**/*.js'],
      plugins: { 'lazy-imports': { rules: { 'banned-import-chains': chainRule } } },
      settings: { 'lazy-imports': { heavy: ['stripe'] } },
      rules: { 'lazy-imports/banned-import-chains': ['error', { entries: ['fix/bin.js'], autofix: true }] },
    },
  ] as unknown as Linter.Config[];

  it("is compared with the graph's reading of it, not read again, while the file is unchanged", () => {
    // A lint of another file reads the entry and what it loads at start-up, the helper among them.
    expect(lintCounting('fix/other.js', 'export {};\n', helper, fixConfig)).toEqual({ messageIds: [], reads: 1 });
    expect(lintCounting('fix/helper.js', HELPER, helper, fixConfig)).toEqual({ messageIds: [], reads: 0 });
    // A text `--fix` changed in memory is not the file's, and feeds nothing: the entry's lint finds no chain through it.
    const changed = "import 'stripe';\nexport const load = () => 0;\n";
    expect(lintCounting('fix/helper.js', changed, helper, fixConfig)).toEqual({ messageIds: [], reads: 0 });
    expect(lintCounting('fix/bin.js', "import { load } from './helper.js';\nawait load();\n", helper, fixConfig)).toEqual({ messageIds: [], reads: 0 });
  });
});
