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

const { dir: root, write, remove } = temporaryDir('entry-reading');
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

/** Lints `code` as `file` of the project with both rules of the graph: the message ids, and how often the entry was read. */
function lint(file: string, code: string): { messageIds: (string | undefined)[]; entryReads: number } {
  const reads = vi.mocked(fs.readFileSync);
  reads.mockClear();
  const messages = new Linter({ configType: 'flat', cwd: root }).verify(code, config, `${root}/${file}`);
  const entryReads = reads.mock.calls.filter(([file]) => file === bin).length;
  return { messageIds: messages.map((message) => message.messageId), entryReads };
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
