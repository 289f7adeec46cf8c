import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/no-ineffective-lazy-imports.js';
import { prepareChainsFixture } from '../graph/support/chains-fixture.js';
import { espreeCommonjsRuleTester, espreeRuleTester, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

prepareChainsFixture();

/** Paths in messages are relative to the working directory: the repository root under vitest. */
const ROOT = 'tests/fixtures/ineffective';

const CLI = [{ entries: [`${ROOT}/src/cli.ts`] }] satisfies Options;
const BOTH_PROGRAMS = [{ entries: [`${ROOT}/src/cli.ts`, `${ROOT}/src/worker.ts`] }] satisfies Options;

const settings = { 'lazy-imports': { heavy: ['webpack', 'esbuild', '@aws-sdk/*'] } };

/**
 * A file of a fixture as it is on disk, types taken out for the JavaScript parser: a case that
 * lints a file of the start-up path with other eager loads would change the graph the other
 * cases share.
 */
function onDisk(file: string, types: readonly string[] = []): string {
  return types.reduce((code, type) => code.replaceAll(type, ''), readFileSync(file, 'utf8'));
}

const CLI_CODE = onDisk(`${ROOT}/src/cli.ts`);
const CLI_JS = onDisk(`${ROOT}/src/cli.ts`, [': string[]', ': Promise<unknown>', ': Session | undefined']);
const SEARCH_JS = onDisk(`${ROOT}/src/stores/search.ts`, [': string']);

/** A case in a file of the fixture (which need not exist: the code is what is linted). */
function valid(file: string, code: string, extra: Partial<Valid> = {}): Valid {
  return { code, filename: `${ROOT}/${file}`, settings, options: CLI, ...extra };
}

/** Where `'specifier'` first is in the code: 1-based line and column of its opening quote. */
function positionOf(code: string, specifier: string): { line: number; column: number } {
  const lines = code.slice(0, code.indexOf(`'${specifier}'`)).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The chain as messages show it: files relative to the working directory, then a package if the chain ends at one. */
function chainOf(files: readonly string[], last?: string, root = ROOT): string {
  return [...files.map((file) => `${root}/${file}`), ...(last === undefined ? [] : [last])].join(' → ');
}

/** A case whose lazy load of `specifier` (the first with that text) is reported with `messageId` and `data`. */
function invalid(file: string, code: string, specifier: string, error: Pick<Invalid['errors'][number], 'messageId' | 'data'>, extra: Partial<Invalid>): Invalid {
  return {
    code,
    filename: `${ROOT}/${file}`,
    settings,
    options: CLI,
    output: null,
    errors: [{ ...error, ...positionOf(code, specifier) }],
    ...extra,
  };
}

/** A lazy load of `specifier` that loads at start-up through `files` then `last`. */
function loadedAtStartup(
  file: string,
  code: string,
  specifier: string,
  files: readonly string[],
  last?: string,
  extra: Partial<Invalid> = {},
): Invalid {
  return invalid(file, code, specifier, { messageId: 'loadedAtStartup', data: { specifier, chain: chainOf(files, last) } }, extra);
}

/** A lazy load of `specifier` whose heavy `heavy` loads at start-up through `files`. */
function heavyLoadedAtStartup(
  file: string,
  code: string,
  specifier: string,
  found: { heavy: string; files: readonly string[]; more?: string },
  extra: Partial<Invalid> = {},
): Invalid {
  const data = { specifier, heavy: found.heavy, chain: chainOf(found.files, found.heavy), more: found.more ?? '' };
  return invalid(file, code, specifier, { messageId: 'heavyLoadedAtStartup', data }, extra);
}

const LOGIN = "export async function login() {\n  const { signIn } = await import('@cloud/auth');\n  return signIn();\n}\n";
const TO_AUTH = ['src/cli.ts', 'src/stores/search.ts'];

describe('JavaScript syntax, every parser', () => {
  const validCases: Valid[] = [
    // Loaded lazily and nowhere eagerly: the lazy load keeps it off start-up.
    valid('src/stores/login.ts', "export const s3 = () => import('@aws-sdk/client-s3');"),
    valid('src/stores/login.ts', "export const deploy = () => import('../commands/deploy.js');"),
    // Loads that run at start-up are not lazy loads.
    valid('src/stores/login.ts', "import { token } from '@cloud/auth';\nexport const t = token;"),
    valid('src/stores/login.ts', "const auth = import('@cloud/auth');\nexport { auth };"),
    valid('src/stores/login.ts', "(() => import('@cloud/auth'))();"),
    // No load at all.
    valid('src/stores/login.ts', "export const where = () => require.resolve('@cloud/auth');"),
    // An import that only types use is elided: `./session.js` does not load at start-up.
    valid('src/stores/profile.ts', "export const profile = () => import('../session.js');"),
    // A path that names no file of the project is no module to compare.
    valid('src/stores/login.ts', "export const generated = () => import('./generated.js');"),
    // Heavy packages behind a lazily loaded module need the heavy list to be told apart.
    valid('src/commands/index.ts', "export const build = () => import('./build.js');", { settings: {} }),
    // A file on the command-line entry's start-up path runs in that program: what the worker, a
    // separate program, loads does not make its lazy load pointless.
    valid('src/stores/search.ts', `${SEARCH_JS}export const queue = () => import('@cloud/queue');\n`, { options: BOTH_PROGRAMS }),
    // The linted text of a file is what the graph knows of it: its eager load made lazy, no
    // chain is left. (Settings of its own: the graph it edits is not the other cases'.)
    valid('src/stores/search.ts', "export const token = () => import('@cloud/auth');", {
      settings: { 'lazy-imports': { heavy: ['webpack'] } },
    }),
  ];

  const invalidCases: Invalid[] = [
    // A package.
    loadedAtStartup('src/stores/login.ts', LOGIN, '@cloud/auth', TO_AUTH, '@cloud/auth'),
    // A file of the project.
    loadedAtStartup('src/stores/reload.ts', "export const reload = () => import('../config.js');", '../config.js', ['src/cli.ts', 'src/config.ts']),
    // A built-in, under another spelling: the chain shows the load as written there.
    loadedAtStartup('src/stores/hash.ts', "export const hash = async () => (await import('crypto')).createHash('md5');", 'crypto', TO_AUTH, 'node:crypto'),
    // The file's own eager load of the same module.
    loadedAtStartup('src/stores/search.ts', `${SEARCH_JS}export const again = () => import('@cloud/auth');\n`, '@cloud/auth', TO_AUTH, '@cloud/auth', {
      errors: [{ messageId: 'loadedAtStartup', line: 7, column: 35, data: { specifier: '@cloud/auth', chain: chainOf(TO_AUTH, '@cloud/auth') } }],
    }),
    // Under `verbatimModuleSyntax` the import of `Session` stays, and loads `./session.js`.
    loadedAtStartup('src/stores/profile.ts', "export const profile = () => import('../session.js');", '../session.js', ['src/cli.ts', 'src/session.ts'], undefined, {
      settings: { 'lazy-imports': { ...settings['lazy-imports'], verbatimModuleSyntax: true } },
    }),
    // Without a heavy list, a module that loads at start-up is still reported.
    loadedAtStartup('src/stores/login.ts', LOGIN, '@cloud/auth', TO_AUTH, '@cloud/auth', { settings: {} }),
    // A file on no entry's start-up path (a command loaded lazily) runs after what every entry loads.
    loadedAtStartup('src/commands/sync.ts', "export const sync = () => import('@cloud/queue');", '@cloud/queue', ['src/worker.ts'], '@cloud/queue', {
      options: BOTH_PROGRAMS,
    }),
    // The lazily loaded module is not at start-up, but heavy packages behind it are.
    heavyLoadedAtStartup('src/commands/index.ts', "export const build = () => import('./build.js');", './build.js', {
      heavy: 'webpack',
      files: ['src/cli.ts', 'src/config.ts'],
      more: ' (and 1 more heavy package behind it)',
    }),
    // The entry itself.
    heavyLoadedAtStartup('src/cli.ts', CLI_JS, './commands/build.js', {
      heavy: 'webpack',
      files: ['src/cli.ts', 'src/config.ts'],
      more: ' (and 1 more heavy package behind it)',
    }),
    // A path entry names an entry point: that entry is heavy at start-up by itself, its own chain.
    invalid(
      'src/stores/drain-later.ts',
      "export const drain = () => import('../commands/drain.js');",
      '../commands/drain.js',
      {
        messageId: 'heavyLoadedAtStartup',
        data: { specifier: '../commands/drain.js', heavy: `${ROOT}/src/worker.ts`, chain: `${ROOT}/src/worker.ts`, more: '' },
      },
      { settings: { 'lazy-imports': { heavy: [`./${ROOT}/src/worker.ts`] } }, options: BOTH_PROGRAMS },
    ),
    // A heavy entry from the rule's own option.
    heavyLoadedAtStartup(
      'src/stores/bundle.ts',
      "export const bundle = () => import('../bundlers.js');\nexport const build = () => import('../commands/build.js');",
      '../commands/build.js',
      { heavy: 'webpack', files: ['src/cli.ts', 'src/config.ts'] },
      {
        settings: {},
        options: [{ ...CLI[0], heavy: ['webpack'] }],
        errors: [
          {
            messageId: 'loadedAtStartup',
            line: 1,
            column: 36,
            data: { specifier: '../bundlers.js', chain: chainOf(['src/cli.ts', 'src/config.ts', 'src/bundlers.ts']) },
          },
          {
            messageId: 'heavyLoadedAtStartup',
            line: 2,
            column: 35,
            data: { specifier: '../commands/build.js', heavy: 'webpack', chain: chainOf(['src/cli.ts', 'src/config.ts'], 'webpack'), more: '' },
          },
        ],
      },
    ),
  ];

  for (const [name, tester] of [
    ['espree', espreeRuleTester],
    ['typescript-eslint', tsRuleTester],
  ] as const) {
    describe(name, () => {
      tester.run('no-ineffective-lazy-imports', rule, { valid: validCases, invalid: invalidCases });
    });
  }
});

// The tester's own parser options would otherwise parse scripts as modules.
const commonjs = { parserOptions: { sourceType: 'commonjs' } } as const;

describe('CommonJS', () => {
  const cases = {
    valid: [valid('src/legacy.cjs', "exports.deploy = () => require('@aws-sdk/client-s3');")],
    invalid: [
      loadedAtStartup('src/legacy.cjs', "function login() {\n  return require('@cloud/auth');\n}\nmodule.exports = { login };", '@cloud/auth', TO_AUTH, '@cloud/auth'),
      loadedAtStartup('src/legacy.cjs', "exports.config = function () { return module.require('./config.js'); };", './config.js', ['src/cli.ts', 'src/config.ts']),
    ],
  };
  describe('espree', () => {
    espreeCommonjsRuleTester.run('no-ineffective-lazy-imports', rule, cases);
  });
  describe('typescript-eslint', () => {
    tsRuleTester.run('no-ineffective-lazy-imports', rule, {
      valid: cases.valid.map((test) => ({ ...test, languageOptions: commonjs })),
      invalid: cases.invalid.map((test) => ({ ...test, languageOptions: commonjs })),
    });
  });
});

/** The chain rule's fixture: its tool package's bin reaches the program through the build output, from the function it starts with. */
const CHAINS = 'tests/fixtures/chains';
const TOOL = `${CHAINS}/packages/tool`;
const TOOL_BIN = onDisk(`${TOOL}/bin/tool.js`);
const TOOL_START = ['packages/tool/bin/tool.js', 'packages/tool/src/main.ts', 'packages/tool/src/commands/index.ts'];

describe('entry points from package.json', () => {
  const cases = {
    valid: [
      // The bin's lazy load in the function it starts with runs at start-up: it is not undone
      // by itself, and what it loads is no weight it was meant to keep off.
      { code: TOOL_BIN, filename: `${TOOL}/bin/tool.js`, settings: { 'lazy-imports': { heavy: ['stripe'] } } },
      // A package.json that names no entry point: nothing to compare with.
      valid('src/stores/login.ts', LOGIN, { options: [{}] }),
    ],
    invalid: [
      // The same lazy load in another function of the bin: the start function loads it at start-up.
      {
        code: `${TOOL_BIN}\nexport const reload = () => import('../dist/main.js');\n`,
        filename: `${TOOL}/bin/tool.js`,
        settings: { 'lazy-imports': { heavy: ['stripe'] } },
        output: null,
        errors: [
          {
            messageId: 'loadedAtStartup' as const,
            line: TOOL_BIN.split('\n').length + 1,
            column: 36,
            data: { specifier: '../dist/main.js', chain: chainOf(['packages/tool/bin/tool.js', 'packages/tool/src/main.ts'], undefined, CHAINS) },
          },
        ],
      },
      // A library: what its index re-exports loads for every consumer of the package.
      loadedAtStartup(
        'packages/sdk/src/uploads.ts',
        "export async function upload(file) {\n  const { StorageClient } = await import('@cloud/storage-client');\n  return new StorageClient().put(file);\n}\n",
        '@cloud/storage-client',
        ['packages/sdk/src/index.ts', 'packages/sdk/src/storage.ts'],
        '@cloud/storage-client',
        { options: [{}] },
      ),
      // A command's module, through the bin, the program it starts and the command table.
      {
        code: "export const later = () => import('./commands/pay.js');",
        filename: `${TOOL}/src/later.ts`,
        output: null,
        errors: [
          {
            messageId: 'loadedAtStartup' as const,
            line: 1,
            column: 35,
            data: { specifier: './commands/pay.js', chain: chainOf([...TOOL_START, 'packages/tool/src/commands/pay.ts'], undefined, CHAINS) },
          },
        ],
      },
    ],
  };
  for (const [name, tester] of [
    ['espree', espreeRuleTester],
    ['typescript-eslint', tsRuleTester],
  ] as const) {
    describe(name, () => {
      tester.run('no-ineffective-lazy-imports', rule, cases);
    });
  }
});

describe('TypeScript syntax', () => {
  tsRuleTester.run('no-ineffective-lazy-imports', rule, {
    valid: [
      // Types load nothing.
      valid('src/stores/types.ts', "import type { Token } from '@cloud/auth';\nexport type Auth = typeof import('@cloud/auth');\nexport let t: Token | undefined;"),
      valid('src/stores/types.ts', "export type Build = import('./commands/build.js').Build;"),
      valid('src/stores/types.ts', "export function later() { type T = typeof import('@cloud/auth'); return 1 as unknown as T; }"),
    ],
    invalid: [
      // `import defer` evaluates the module when a binding is first read: start-up got there first.
      loadedAtStartup('src/stores/login.ts', "import defer * as auth from '@cloud/auth';\nexport const login = () => auth.signIn();", '@cloud/auth', TO_AUTH, '@cloud/auth'),
      // Not the entry: the program's main module warms a report up lazily, whose command table
      // the bin's start-up has loaded with stripe.
      {
        code: onDisk(`${TOOL}/src/main.ts`),
        filename: `${TOOL}/src/main.ts`,
        settings: { 'lazy-imports': { heavy: ['stripe'] } },
        output: null,
        errors: [
          {
            messageId: 'heavyLoadedAtStartup',
            line: 5,
            column: 16,
            data: {
              specifier: './report.js',
              heavy: 'stripe',
              chain: chainOf([...TOOL_START, 'packages/tool/src/commands/pay.ts'], 'stripe', CHAINS),
              more: '',
            },
          },
        ],
      },
      // The entry itself, with its types.
      heavyLoadedAtStartup('src/cli.ts', CLI_CODE, './commands/build.js', {
        heavy: 'webpack',
        files: ['src/cli.ts', 'src/config.ts'],
        more: ' (and 1 more heavy package behind it)',
      }),
    ],
  });
});
