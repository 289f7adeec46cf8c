import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/banned-import-chains.js';
import importOutsideToplevel from '../../src/rules/import-outside-toplevel.js';
import { prepareChainsFixture } from '../graph/support/chains-fixture.js';
import { espreeCommonjsRuleTester, espreeRuleTester, tsRuleTester } from '../rule-tester.js';
import { temporaryDir } from '../support/files.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

prepareChainsFixture();

/** Paths in messages are relative to the working directory: the repository root under vitest. */
const ROOT = 'tests/fixtures/chains';

const settings = {
  'lazy-imports': {
    heavy: [
      'stripe',
      '@aws-sdk/*',
      'react',
      '@acme/heavy-ws',
      `./${ROOT}/src/sources/load-all.ts`,
      `./${ROOT}/src/self/p.ts`,
      { name: 'openai', allowIn: [`${ROOT}/src/vendors/openai/**`] },
    ],
  },
};

/** A case in a file of the fixture (which need not exist: the code is what is linted). */
function valid(file: string, code: string, extra: Partial<Valid> = {}): Valid {
  return { code, filename: `${ROOT}/${file}`, settings, ...extra };
}

/** What a message says of the import cycle of `cycle` modules a chain runs through. */
function cycleNoteOf(cycle: number | undefined): string {
  return cycle ? `The chain runs through an import cycle of ${cycle} modules, so cutting one link inside it may not cut the chain. ` : '';
}

/**
 * A case whose load of `specifier` (the first with that text) reaches `heavy` through `files`
 * (relative to the fixture).
 */
function invalid(
  file: string,
  code: string,
  specifier: string,
  found: { heavy: string; files: string[]; more?: string; cycle?: number },
  extra: Partial<Invalid> = {},
): Invalid {
  const before = code.slice(0, code.indexOf(`'${specifier}'`));
  const lines = before.split('\n');
  const chain = [...found.files.map((f) => `${ROOT}/${f}`), found.heavy].join(' → ');
  return {
    code,
    filename: `${ROOT}/${file}`,
    settings,
    output: null,
    errors: [
      {
        messageId: found.cycle ? 'chainInCycle' : 'chain',
        line: lines.length,
        column: (lines.at(-1)?.length ?? 0) + 1,
        data: { specifier, heavy: found.heavy, chain, more: found.more ?? '', cycleNote: cycleNoteOf(found.cycle) },
      },
    ],
    ...extra,
  };
}

/** `invalid`, where the fixes name what keeps the load from being made lazy, or say it is used only as a type. */
function planned(
  file: string,
  code: string,
  specifier: string,
  found: { heavy: string; files: string[]; more?: string; cycle?: number },
  error: { messageId: MessageIds; data?: Record<string, string | number> },
  extra: Partial<Invalid> = {},
): Invalid {
  const base = invalid(file, code, specifier, found, extra);
  const [first] = base.errors;
  return {
    ...base,
    errors: [{ ...first, messageId: error.messageId, data: { ...first?.data, ...error.data } }],
  };
}

const PAY = { heavy: 'stripe', files: ['src/commands/pay.ts'] };
const TOOL_COMMANDS = "import { commands } from './commands/index.js';\nexport const names = () => Object.keys(commands);";
const COMMANDS = { heavy: 'stripe', files: ['src/commands/index.ts', 'src/commands/pay.ts'] };

describe('JavaScript syntax, every parser', () => {
  const validCases: Valid[] = [
    // A light module, and light modules only.
    valid('src/app.ts', "import { list } from './commands/list.js';"),
    // Loads that run later are no edges.
    valid('src/app.ts', "export async function run() { const { pay } = await import('./commands/pay.js'); return pay(); }"),
    valid('src/app.ts', "function charge() { return require('./commands/pay.js'); }"),
    valid('src/app.ts', "export const table = { pay: () => import('./commands/pay.js') };"),
    valid('src/commands/lazy.ts', "export async function run() { const { pay } = await import('./pay.js'); pay(); }"),
    // Installed packages are not followed: the heavy list names them.
    valid('src/app.ts', "import wrapper from 'wrapper';"),
    // tsconfig `paths` win over a workspace package of the same name.
    valid('src/app.ts', "import { shadow } from '@acme/shadow';"),
    // ... but its own way back to itself is no chain: its loads are reported where they are.
    valid('src/self/p.ts', "import { b } from './b.js';\n\nexport const p = 1;\nexport const viaB = () => b;"),
    // A specifier that names no file (a generated module), and a file that does not parse.
    valid('src/app.ts', "import './generated/missing.js';"),
    valid('src/app.ts', "import { broken } from './broken.js';"),
    // A declaration file loads nothing.
    valid('src/app.ts', "import './types.js';"),
    // Left to banned-module-level-imports: a heavy specifier, a path entry, a file in
    // `allowIn`, a heavy entry naming a workspace package.
    valid('src/app.ts', "import Stripe from 'stripe';"),
    valid('src/app.ts', "import { sources } from './sources/load-all.js';"),
    valid('src/app.ts', "import { client } from './vendors/openai/client.js';"),
    valid('src/app.ts', "import { big } from '@acme/heavy-ws';"),
    // A chain back through the importing file is that file's own load, reported where it is.
    valid('src/loop/x.ts', "import Stripe from 'stripe';\nimport { y } from './y.js';\nexport const x = () => [y, Stripe];"),
    // Off the start-up path of the entries.
    valid('src/report.ts', "export { db } from './db/index.js';", { options: [{ entries: [`${ROOT}/src/cli.ts`] }] }),
    // Off the start-up path of the entries package.json names: its bin (through the function
    // it calls and the build output it imports) and its exports. A function that a file which
    // is no entry point calls keeps its loads lazy.
    valid('packages/tool/src/report.ts', TOOL_COMMANDS),
    // The option wins over package.json.
    valid('packages/tool/src/main.ts', TOOL_COMMANDS, { options: [{ entries: [`${ROOT}/packages/tool/src/version.ts`] }] }),
  ];

  const invalidCases: Invalid[] = [
    // A binding used at module level: no lazy form, and the message says where.
    planned('src/cli.ts', "import { commands } from './commands/index.js';\ncommands.pay();", './commands/index.js', COMMANDS, {
      messageId: 'usedAtLoad',
      data: { name: 'commands', line: 2 },
    }),
    invalid('src/app.ts', "export * from './commands/pay.js';", './commands/pay.js', PAY),
    invalid('src/app.ts', "export { pay as charge } from './commands/pay.js';", './commands/pay.js', PAY),
    // A top-level `import()` starts loading at start-up; so does an IIFE's `require()`.
    invalid('src/app.ts', "const pay = import('./commands/pay.js');", './commands/pay.js', PAY),
    invalid('src/app.ts', "(() => { require('./commands/pay.js'); })();", './commands/pay.js', PAY),
    // Without extension, through a directory index.
    invalid('src/app.ts', "import { commands } from './commands';", './commands', COMMANDS),
    // tsconfig `paths` through `extends`, package `imports`, workspace packages.
    invalid('src/app.ts', "import '@app/commands/pay';", '@app/commands/pay', PAY),
    invalid('src/app.ts', "import { db } from '#db';", '#db', { heavy: '@aws-sdk/client-s3', files: ['src/db/index.ts'] }),
    invalid('src/app.ts', "import { charges } from '@acme/db';", '@acme/db', {
      heavy: 'stripe',
      files: ['packages/db/src/index.ts'],
    }),
    // `exports` names a build output that is not there: its source, through outDir → rootDir.
    invalid('src/app.ts', "import { s3 } from '@acme/built/sub';", '@acme/built/sub', {
      heavy: '@aws-sdk/client-s3',
      files: ['packages/built/src/sub.ts'],
    }),
    // TypeScript's output-to-source mapping.
    invalid('src/app.ts', "import Stripe from './legacy/module.mjs';", './legacy/module.mjs', {
      heavy: 'stripe',
      files: ['src/legacy/module.mts'],
    }),
    // Shortest chain first, then how many more heavy modules the closure loads.
    invalid('src/app.ts', "import { pay, db } from './barrel.js';", './barrel.js', {
      heavy: 'stripe',
      files: ['src/barrel.ts', 'src/commands/pay.ts'],
      more: ' (and 1 more heavy package)',
    }),
    // Two subpaths of one package are one heavy package, not two.
    invalid('src/app.ts', "import { client } from './subpaths/client.js';", './subpaths/client.js', {
      heavy: 'stripe',
      files: ['src/subpaths/client.ts'],
    }),
    // A file made heavy by a path entry, in a cycle: its importers' chains end at it ...
    invalid('src/app.ts', "import { b } from './self/b.js';", './self/b.js', {
      heavy: './p.js',
      files: ['src/self/b.ts'],
    }),
    // Import cycles: say so, and how many modules the cycle holds.
    invalid('src/app.ts', "import { a } from './cycle/a.js';", './cycle/a.js', {
      heavy: 'stripe',
      files: ['src/cycle/a.ts', 'src/cycle/b.ts', 'src/cycle/c.ts'],
      cycle: 3,
    }),
    planned(
      'src/cycle/a.ts',
      "import { b } from './b.js';\nexport const a = () => b;",
      './b.js',
      { heavy: 'stripe', files: ['src/cycle/b.ts', 'src/cycle/c.ts'], cycle: 3 },
      { messageId: 'usedInSyncFunction', data: { name: 'b', line: 2, fn: 'function `a`' } },
    ),
    planned(
      'src/loop/y.ts',
      "import { x } from './x.js';\nexport const y = () => x;",
      './x.js',
      { heavy: 'stripe', files: ['src/loop/x.ts'], cycle: 2 },
      { messageId: 'usedInSyncFunction', data: { name: 'x', line: 2, fn: 'function `y`' } },
    ),
    // The JSX runtime that tsconfig's `jsx: react-jsx` makes the file load.
    invalid('src/app.ts', "import { Button } from './jsx/button.js';", './jsx/button.js', {
      heavy: 'react/jsx-runtime',
      files: ['src/jsx/button.tsx'],
    }),
    // A vendor module carries its weight to whoever loads it eagerly, whatever `allowIn` says.
    invalid('src/app.ts', "import { ask } from './ai.js';", './ai.js', {
      heavy: 'openai',
      files: ['src/ai.ts', 'src/vendors/openai/client.ts'],
    }),
    // A path entry reached through an alias, and a heavy entry naming a workspace package.
    invalid('src/app.ts', "import { registry } from './sources/registry.js';", './sources/registry.js', {
      heavy: '@app/sources/load-all',
      files: ['src/sources/registry.ts'],
    }),
    invalid('src/app.ts', "import { size } from './big.js';", './big.js', {
      heavy: '@acme/heavy-ws',
      files: ['src/big.ts'],
    }),
    // On the start-up path of the entries: the entry itself and what it loads eagerly.
    invalid('src/cli.ts', "import { commands } from './commands/index.js';", './commands/index.js', COMMANDS, {
      options: [{ entries: [`${ROOT}/src/cli.ts`] }],
    }),
    invalid('src/commands/index.ts', "import { list } from './list.js';\nimport { pay } from './pay.js';", './pay.js', PAY, {
      options: [{ entries: [`${ROOT}/src/*.ts`] }],
    }),
    // On the start-up path of the entries package.json names: its bin calls `main()`, whose
    // body imports the program's build output, which is not built (tsconfig.build.json's
    // outDir → rootDir).
    planned(
      'packages/tool/src/main.ts',
      TOOL_COMMANDS,
      './commands/index.js',
      { heavy: 'stripe', files: ['packages/tool/src/commands/index.ts', 'packages/tool/src/commands/pay.ts'] },
      { messageId: 'usedInSyncFunction', data: { name: 'commands', line: 2, fn: 'function `names`' } },
    ),
    // A tsconfig whose `extends` names a package that is not installed: resolved without it.
    invalid('stale-config/main.ts', "import { commands } from '../src/commands/index.js';", '../src/commands/index.js', COMMANDS),
  ];

  for (const tester of [tsRuleTester, espreeRuleTester]) {
    tester.run('banned-import-chains', rule, { valid: validCases, invalid: invalidCases });
  }
});

describe('CommonJS', () => {
  espreeCommonjsRuleTester.run('banned-import-chains', rule, {
    valid: [valid('src/app.cjs', "exports.pay = () => require('./commands/pay.js');")],
    invalid: [
      invalid('src/app.cjs', "const { commands } = require('./commands/index.js');", './commands/index.js', COMMANDS),
      invalid('src/app.cjs', "if (process.env.PAY) require('./commands/pay.js');", './commands/pay.js', PAY),
    ],
  });
});

describe('TypeScript syntax', () => {
  tsRuleTester.run('banned-import-chains', rule, {
    valid: [
      // Type-only imports and exports load nothing.
      valid('src/app.ts', "import type { pay } from './commands/pay.js';\nexport type { pay as charge } from './commands/pay.js';"),
      valid('src/app.ts', "import type Stripe = require('./legacy/client.cjs');"),
      // An import used only as a type, where the build elides it.
      valid('src/app.ts', "import { pay } from './commands/pay.js';\nlet charge: typeof pay;", {
        settings: { 'lazy-imports': { ...settings['lazy-imports'], verbatimModuleSyntax: false } },
      }),
      // A declaration file loads nothing.
      valid('src/more.d.ts', "import './commands/pay.js';"),
      // Where the build elides imports, one used only in types is none (classic/ keeps
      // TypeScript's default).
      valid('classic/types.ts', "import { h } from './h.js';\nexport type H = typeof h;"),
    ],
    invalid: [
      invalid('src/app.ts', "import Stripe = require('./legacy/client.cjs');", './legacy/client.cjs', {
        heavy: 'stripe',
        files: ['src/legacy/client.cts'],
      }),
      // Under verbatimModuleSyntax an import used only as a type still loads its module:
      // `import type`, the direct rule's fix, takes it off start-up.
      invalid('src/app.ts', "import { type pay } from './commands/pay.js';", './commands/pay.js', PAY, {
        output: "import type { pay } from './commands/pay.js';",
      }),
      {
        ...planned('src/app.ts', "import { pay } from './commands/pay.js';\nlet charge: typeof pay;", './commands/pay.js', PAY, {
          messageId: 'typeOnlyImport',
        }),
        output: "import type { pay } from './commands/pay.js';\nlet charge: typeof pay;",
      },
      // Under the classic JSX transform, JSX calls the tsconfig's `jsxFactory`: a value use.
      planned(
        'classic/app.tsx',
        "import { view } from './view.js';\nexport default view;",
        './view.js',
        { heavy: 'stripe', files: ['classic/view.tsx', 'classic/h.ts'] },
        { messageId: 'usedAtLoad', data: { name: 'view', line: 2 } },
      ),
    ],
  });
});

describe('JSX runtime: the only load that reaches react', () => {
  // A project whose `.tsx` files import nothing heavy: `jsx: react-jsx` (jsxImportSource
  // `react` by default) makes each file with JSX load `react/jsx-runtime`.
  const project = temporaryDir('chains-jsx');
  afterAll(project.remove);
  project.write('tsconfig.json', JSON.stringify({ compilerOptions: { jsx: 'react-jsx' } }));
  const view = project.write('src/view.tsx', 'export const View = (): unknown => <p>Paid</p>;\n');
  // On disk without JSX: what the editor lints (unsaved) has JSX.
  const edited = project.write('src/edited.tsx', 'export const Edited = (): unknown => null;\n');
  const app = path.join(project.dir, 'src/app.tsx');
  const jsxSettings = { 'lazy-imports': { heavy: ['react'] } };

  /** The app's import of `name` from `specifier`, which reaches the runtime through `via`. */
  function chain(name: string, specifier: string, via: string): Invalid {
    // The tester lints a file outside the working directory with its root as cwd.
    const shown = path.relative(path.parse(via).root, via).split(path.sep).join('/');
    const code = `import { ${name} } from '${specifier}';\nexport const page = <${name} />;`;
    return {
      code,
      filename: app,
      settings: jsxSettings,
      output: null,
      errors: [
        {
          // The JSX at module level uses the binding: no lazy form.
          messageId: 'usedAtLoad',
          line: 1,
          column: code.indexOf(`'${specifier}'`) + 1,
          data: {
            specifier,
            heavy: 'react/jsx-runtime',
            chain: `${shown} → react/jsx-runtime`,
            more: '',
            cycleNote: '',
            name,
            line: 2,
          },
        },
      ],
    };
  }

  // The runtime load has no specifier in the file that has the JSX: nothing to report there.
  tsRuleTester.run('banned-import-chains', rule, {
    valid: [
      { code: 'export const View = (): unknown => <p>Paid</p>;\n', filename: view, settings: jsxSettings },
      { code: 'export const Edited = (): unknown => <p>Paid</p>;\n', filename: edited, settings: jsxSettings },
    ],
    invalid: [],
  });
  // The view read from disk, and the edited view as the editor last linted it.
  tsRuleTester.run('banned-import-chains', rule, {
    valid: [],
    invalid: [chain('View', './view.js', view), chain('Edited', './edited.js', edited)],
  });
});

describe('import-outside-toplevel agrees', () => {
  // A lazy load of a project module whose eager closure reaches a heavy entry is what the
  // chain rule asks for: never reported, never offered for hoisting. A light one still is.
  for (const tester of [tsRuleTester, espreeRuleTester]) {
    tester.run('import-outside-toplevel', importOutsideToplevel, {
      valid: [
        valid('src/commands/lazy.ts', "export async function run() { const { pay } = await import('./pay.js'); pay(); }"),
        valid('src/app.ts', "export const table = { pay: () => import('@app/commands/pay'), db: () => import('#db') };"),
        valid('src/app.ts', "export function charge() { return require('./commands/index.js'); }"),
        valid('src/app.ts', "export async function charges() { return import('@acme/db'); }"),
      ],
      invalid: [
        {
          code: "export async function run() { const { list } = await import('./commands/list.js'); return list(); }",
          filename: `${ROOT}/src/app.ts`,
          settings,
          errors: [
            {
              messageId: 'loadInFunction',
              line: 1,
              column: 61,
              suggestions: [
                {
                  messageId: 'hoist',
                  data: { module: './commands/list.js', call: 'import()' },
                  output:
                    "import { list } from './commands/list.js';\n\nexport async function run() { return list(); }",
                },
              ],
            },
          ],
        },
      ],
    });
  }
});

describe('fixes', () => {
  // Each case lints a file of the fixture as it is on disk: with `autofix`, whether a link is
  // cut depends on the files on the start-up path, read from disk.
  const CUTS = 'tests/fixtures/chain-cuts';
  const cutSettings = { 'lazy-imports': { heavy: ['stripe', '@aws-sdk/*'] } };
  // The graph is shared by every lint with the same heavy list, and the tester lints the fixed
  // and suggested texts too, which the graph takes for the files' new contents (as from an
  // editor): an entry that names no package of the fixture, one a case, gives each case a
  // graph of its own.
  let cases = 0;
  const caseOptions = (options: Options[0] = {}): Options => [{ ...options, heavy: [`case-${(cases += 1)}`] }];
  const entries = [`${CUTS}/src/cli.js`, `${CUTS}/src/server.js`];
  const read = (file: string): string => readFileSync(`${CUTS}/${file}`, 'utf8');

  /** A finding on the fixture's `file` (its first load of `specifier`), with the chain through `files`. */
  function cutCase(
    file: string,
    specifier: string,
    found: { heavy: string; files: string[] },
    expected: {
      output: string | null;
      options?: Options;
      messageId?: MessageIds;
      data?: Record<string, string | number>;
      suggestion?: string;
    },
  ): Invalid {
    const code = read(file);
    const before = code.slice(0, code.indexOf(`'${specifier}'`)).split('\n');
    const chain = [...found.files.map((f) => `${CUTS}/${f}`), found.heavy].join(' → ');
    return {
      code,
      filename: `${CUTS}/${file}`,
      settings: cutSettings,
      options: caseOptions(expected.options?.[0]),
      output: expected.output,
      errors: [
        {
          messageId: expected.messageId ?? 'chain',
          line: before.length,
          column: (before.at(-1)?.length ?? 0) + 1,
          data: expected.data ?? { specifier, heavy: found.heavy, chain, more: '', cycleNote: '' },
          suggestions: expected.suggestion
            ? [{ messageId: 'loadWhereUsed', data: { specifier }, output: expected.suggestion }]
            : [],
        },
      ],
    };
  }

  const CLI_LAZY =
    "export async function main(name) {\n  const { commands } = await import('./commands/index.js');\n  return commands[name]?.();\n}\n";
  const INDEX_LAZY =
    "import { list } from './list.js';\n\nexport const commands = {\n  async pay() {\n    const { pay } = await import('./pay.js');\n    return pay();\n  },\n  list,\n};\n";
  const ROUTES_LAZY =
    "export const routes = {\n  start() {},\n  async upload(file) {\n    const { upload } = await import('./upload.js');\n    return upload(file);\n  },\n};\n";
  const COMMANDS_CHAIN = { heavy: 'stripe', files: ['src/commands/index.js', 'src/commands/pay.js'] };
  const PAY_CHAIN = { heavy: 'stripe', files: ['src/commands/pay.js'] };
  const UPLOAD_CHAIN = { heavy: '@aws-sdk/client-s3', files: ['src/upload.js'] };
  const autofix: Options = [{ entries, autofix: true }];

  for (const tester of [tsRuleTester, espreeRuleTester]) {
    tester.run('banned-import-chains', rule, {
      valid: [],
      invalid: [
        // Suggestions only, without `autofix`.
        cutCase('src/cli.js', './commands/index.js', COMMANDS_CHAIN, { output: null, suggestion: CLI_LAZY }),
        cutCase('src/commands/index.js', './pay.js', PAY_CHAIN, { output: null, suggestion: INDEX_LAZY }),
        cutCase('src/routes.js', './upload.js', UPLOAD_CHAIN, { output: null, suggestion: ROUTES_LAZY }),
        // With `autofix`: the first link from the entry that has a safe lazy form is cut ...
        cutCase('src/cli.js', './commands/index.js', COMMANDS_CHAIN, {
          options: autofix,
          output: CLI_LAZY,
          suggestion: CLI_LAZY,
        }),
        // ... and the links behind it are left alone, though they have one too.
        cutCase('src/commands/index.js', './pay.js', PAY_CHAIN, { options: autofix, output: null, suggestion: INDEX_LAZY }),
        // A first link whose binding is used at start-up has none: the message names the use,
        // and the chain is cut at the next link.
        cutCase(
          'src/server.js',
          './routes.js',
          { heavy: '@aws-sdk/client-s3', files: ['src/routes.js', 'src/upload.js'] },
          {
            options: autofix,
            output: null,
            messageId: 'usedAtLoad',
            data: {
              specifier: './routes.js',
              heavy: '@aws-sdk/client-s3',
              chain: `${CUTS}/src/routes.js → ${CUTS}/src/upload.js → @aws-sdk/client-s3`,
              more: '',
              cycleNote: '',
              name: 'routes',
              line: 3,
            },
          },
        ),
        cutCase('src/routes.js', './upload.js', UPLOAD_CHAIN, { options: autofix, output: ROUTES_LAZY, suggestion: ROUTES_LAZY }),
      ],
    });
  }

  // Entries from package.json: the bin reaches src/main.ts through its build output.
  const main = readFileSync(`${ROOT}/packages/tool/src/main.ts`, 'utf8');
  const MAIN_LAZY = [
    '// Not an entry point: what this function loads is loaded later, whenever it runs.',
    'async function warm(): Promise<void> {',
    "  await import('./report.js');",
    '}',
    '',
    'void warm();',
    '',
    'export async function run(args: string[]): Promise<void> {',
    "  const { commands } = await import('./commands/index.js');",
    "  await commands[args[0] ?? 'version']?.();",
    '}',
    '',
  ].join('\n');
  tsRuleTester.run('banned-import-chains', rule, {
    valid: [],
    invalid: [
      {
        code: main,
        filename: `${ROOT}/packages/tool/src/main.ts`,
        settings,
        options: caseOptions({ autofix: true }),
        output: MAIN_LAZY,
        errors: [
          {
            messageId: 'chain',
            line: 1,
            column: 26,
            suggestions: [{ messageId: 'loadWhereUsed', data: { specifier: './commands/index.js' }, output: MAIN_LAZY }],
          },
        ],
      },
    ],
  });

  espreeCommonjsRuleTester.run('banned-import-chains', rule, {
    valid: [],
    invalid: [
      {
        code: "const { commands } = require('./commands/index.js');\nexports.run = (name) => commands[name]();\n",
        filename: `${ROOT}/src/app.cjs`,
        settings,
        output: null,
        errors: [
          {
            messageId: 'chain',
            line: 1,
            column: 30,
            suggestions: [
              {
                messageId: 'loadWhereUsed',
                data: { specifier: './commands/index.js' },
                output:
                  "exports.run = (name) => { const { commands } = require('./commands/index.js'); return commands[name](); };\n",
              },
            ],
          },
        ],
      },
    ],
  });

  it('stops the run with one clear message when autofix has no entries to cut from', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = {
      files: ['**/*.js'],
      plugins: { 'lazy-imports': { rules: { 'banned-import-chains': rule } } },
      settings: cutSettings,
      rules: { 'lazy-imports/banned-import-chains': ['error', { autofix: true }] },
    };
    expect(() => linter.verify(read('src/cli.js'), [config] as unknown as Linter.Config[], `${CUTS}/src/cli.js`)).toThrow(
      "lazy-imports: banned-import-chains: `autofix: true` cuts chains from the program's entry points, and none is found: set the option `entries` (e.g. ['src/cli.ts']), or name them in package.json (`bin`, `main`, `exports`).",
    );
  });
});

describe('meta.messages', () => {
  it('declares only the messages the rule reports: no `import defer` style and no optional dependency', () => {
    expect(Object.keys(rule.meta.messages).sort()).toEqual(
      ['chain', 'chainInCycle', 'loadWhereUsed', 'typeOnlyImport', 'usedAtLoad', 'usedInField', 'usedInParameter', 'usedInSyncFunction'].sort(),
    );
  });
});
