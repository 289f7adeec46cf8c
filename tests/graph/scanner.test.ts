import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/types';
import { parseSync } from 'oxc-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectModuleLoads } from '../../src/analysis/module-loads.js';
import { bufferParser, eagerLoadsFromRecord, eagerLoadsOf, nativeParser, type ParseFile } from '../../src/graph/scanner.js';

function parse(filename: string, text: string, range = true): TSESTree.Program {
  return parseSync(filename, text, { astType: 'ts', range, preserveParens: false }).program as unknown as TSESTree.Program;
}

/** With the text, as the scanner reads a file: positions from `start` and `end`, no `range`. */
function loadsOf(filename: string, text: string, withText: boolean): string[] {
  const program = parse(filename, text, !withText);
  const options = withText ? { semantics: 'elided' as const, sourceText: text } : { semantics: 'elided' as const };
  return collectModuleLoads(program, options).map((load) => `${load.kind} ${load.specifier} ${load.atLoad}`);
}

const SAMPLES = [
  "import a from 'a';\nexport * from 'b';\nexport { c } from 'c';\nconst d = require('d');",
  "if (x) { require('a'); } else { try { require('b'); } finally { require('c'); } }",
  "(() => { const é = 'ünïcödé'; require('after-unicode'); })();\nfunction f() { return import('lazy'); }",
  "class A { static { require('static'); } field = require('field'); static s = require('s'); }",
  "const 名前 = '🎉'; await import('top');\nexport default function () { return require('later'); }",
  "import x = require('eq');\nexport import y = require('eq2');\nx; y;",
  "declare module 'ambient' { import 'inside'; }\nnamespace N { export const r = require('ns'); }",
  "const t = `${require('template')}`;\nmodule.require('member');\nrequire?.('optional');",
  "function f() {}\nif (x) { requir\\u0065('escaped'); }",
];

describe('scanning files ESLint is not linting', () => {
  it.each(SAMPLES)('skipping subtrees without load words finds the same loads: %s', (text) => {
    expect(loadsOf('sample.ts', text, true)).toEqual(loadsOf('sample.ts', text, false));
  });

  it("finds the same loads in the plugin's own sources", () => {
    const root = path.join(import.meta.dirname, '../../src');
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(loadsOf(file, text, true), file).toEqual(loadsOf(file, text, false));
    }
  });

  it('finds a require spelled with a Unicode escape', () => {
    expect(loadsOf('sample.ts', SAMPLES.at(-1) ?? '', true)).toEqual(['require escaped true']);
  });

  it('keeps only eager loads', () => {
    const text = "import 'a';\nimport type B from 'b';\nfunction f() { require('c'); }\nrequire('d');";
    expect(eagerLoadsOf(parse('x.ts', text), '/x.ts', 'kept', text)).toEqual([
      { kind: 'import', specifier: 'a' },
      { kind: 'require', specifier: 'd' },
    ]);
  });

  it('reads a declaration file as loading nothing', () => {
    expect(eagerLoadsOf(parse('x.d.ts', "import 'a';"), '/x.d.ts', 'kept')).toEqual([]);
  });
});

const RECORD_SAMPLES = [
  "import 'a';\nimport {} from 'b';\nexport * from 'c';\nexport * as d from 'd';\nexport { e, type E } from 'e';",
  "import type A from 'a';\nimport { type B } from 'b';\nexport type { C } from 'c';\nexport { type D } from 'd';\nexport type * from 'e';",
  "import a from 'a';\nimport * as b from 'b';\nimport { c, type C } from 'c';\na; b;\nexport { x } from 'x';",
  "export {} from 'empty';\nimport 'after';",
  "export { /* none */ } from 'empty-commented';",
  "import defer * as d from 'deferred';\nimport 'plain';",
  "declare module 'ambient' { import 'inside'; }\nimport 'outside';",
  "const x = import('lazy');\nimport 'plain';",
  "const r = require('r');\nimport 'plain';",
  "export const a = 1;\nexport default function f() {}\nexport { a as b };",
  "import type from 'default-named-type';\ntype;",
  "export * from 'b';\nimport 'a';",
  "import { A } from 'a';\nexport { A };",
  "export type {} from 'empty-type';",
  "function f() { export * from 'nested'; }\nimport 'a';",
  "const words = ['import', 'export'];\nimport 'a';",
  "{ import 'block'; }\n// import 'comment'\n/* export * from 'comment' */\nexport const meta = import.meta.url;",
];

describe("reading a file from oxc-parser's module record", () => {
  function compare(filename: string, text: string): number {
    let answered = 0;
    for (const semantics of ['kept', 'elided'] as const) {
      const result = parseSync(filename, text, { astType: 'ts', range: true, preserveParens: false });
      const fromRecord = eagerLoadsFromRecord(result, text, `/${filename}`, semantics);
      if (fromRecord === undefined) continue;
      answered += 1;
      const fromAst = eagerLoadsOf(result.program as unknown as TSESTree.Program, `/${filename}`, semantics, text);
      expect(fromRecord, `${filename} (${semantics})`).toEqual(fromAst);
    }
    return answered;
  }

  it.each(RECORD_SAMPLES)('gives what the AST gives, where it answers: %s', (text) => {
    compare('sample.ts', text);
  });

  it("gives what the AST gives for the plugin's own sources", () => {
    const root = path.join(import.meta.dirname, '../../src');
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      compare(file, readFileSync(path.join(root, file), 'utf8'));
    }
  });

  it('answers where the record is exact, and leaves the rest to the AST', () => {
    const answers = (text: string, semantics: 'kept' | 'elided'): unknown =>
      eagerLoadsFromRecord(parseSync('x.ts', text), text, '/x.ts', semantics);
    expect(answers(RECORD_SAMPLES[0] ?? '', 'elided')).toEqual([
      { kind: 'import', specifier: 'a' },
      { kind: 'import', specifier: 'b' },
      { kind: 'export', specifier: 'c' },
      { kind: 'export', specifier: 'd' },
      { kind: 'export', specifier: 'e' },
    ]);
    expect(answers(RECORD_SAMPLES[1] ?? '', 'elided')).toEqual([]);
    expect(answers(RECORD_SAMPLES[1] ?? '', 'kept')).toBeUndefined();
    expect(answers(RECORD_SAMPLES[2] ?? '', 'kept')).toHaveLength(4);
    expect(answers(RECORD_SAMPLES[2] ?? '', 'elided')).toBeUndefined();
    expect(answers(RECORD_SAMPLES[16] ?? '', 'kept')).toEqual([{ kind: 'import', specifier: 'block' }]);
    for (const index of [3, 4, 5, 6, 7, 8, 12, 13, 14, 15]) expect(answers(RECORD_SAMPLES[index] ?? '', 'kept'), String(index)).toBeUndefined();
  });
});

describe('nativeParser', () => {
  it('reads a file through the installed native binding: the same AST and module record as the package entry', () => {
    const parse = nativeParser(createRequire(import.meta.url));
    if (!parse) throw new Error('the installed oxc-parser binding did not answer as expected');
    const text = "import { x } from 'y';\nexport const z = x();\n";
    const options = { lang: 'ts', sourceType: 'module' } as const;
    const parsed = parse('a.ts', text, options);
    const reference = parseSync('a.ts', text, options);
    expect(JSON.stringify(parsed.program)).toBe(JSON.stringify(reference.program));
    expect(parsed.module.staticImports.map((entry) => entry.moduleRequest.value)).toEqual(['y']);
    // A second read gives the same record: the native result gives each field once.
    expect(parsed.module.staticImports).toHaveLength(1);
    expect(parsed.program).toBe(parsed.program);
  });

  it('gives way to the package entry where the binding is missing or answers in another shape', () => {
    expect(
      nativeParser(() => {
        throw new Error("Cannot find module 'oxc-parser/src-js/bindings'");
      }),
    ).toBeUndefined();
    expect(nativeParser(() => ({}))).toBeUndefined();
    expect(nativeParser(() => ({ parseSync: () => ({ program: '{"type":"Program","body":[]}' }) }))).toBeUndefined();
    expect(nativeParser(() => ({ parseSync: () => ({ program: { type: 'Program' } }) }))).toBeUndefined();
  });
});

describe('bufferParser', () => {
  const require = createRequire(import.meta.url);
  const json: ParseFile = (filename, text, options) => parseSync(filename, text, options) as unknown as ReturnType<ParseFile>;
  const options = (filename: string) =>
    ({
      lang: filename.endsWith('.tsx') ? 'tsx' : filename.endsWith('.js') ? 'jsx' : 'ts',
      sourceType: 'module',
      astType: 'ts',
      range: false,
      preserveParens: false,
    }) as const;
  /** A parse as text, with fields in one order; BigInt and RegExp values as the JSON path gives them (`null`). */
  function shape(parsed: ReturnType<ParseFile>): string {
    return JSON.stringify([parsed.program, parsed.module, parsed.comments, parsed.errors], (_key, value: unknown) => {
      if (typeof value === 'bigint' || value instanceof RegExp) return null;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
    });
  }
  function buffered(): ParseFile {
    const parse = bufferParser(require, json);
    if (!parse) throw new Error('the installed oxc-parser did not take a buffer as expected');
    return parse;
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the same AST, module record, comments and errors as the JSON path', () => {
    const parse = buffered();
    const texts: [string, string][] = [
      ...[...SAMPLES, ...RECORD_SAMPLES].map((text): [string, string] => ['sample.ts', text]),
      ['hashbang.js', "#!/usr/bin/env node\nimport 'a'; // é\n"],
      ['view.tsx', "import { h } from 'h';\nexport const v = <div title=\"ü\">{h}</div>;\n"],
      ['bom.ts', "\uFEFFimport 'after-bom';\n"],
      ['literals.ts', 'export const big = 10n, pattern = /a+/g;\n'],
      ['broken.ts', "import { from 'a';\n"],
    ];
    const root = path.join(import.meta.dirname, '../../src');
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      texts.push([file, readFileSync(path.join(root, file), 'utf8')]);
    }
    for (const [filename, text] of texts) {
      expect(shape(parse(filename, text, options(filename))), filename).toBe(shape(json(filename, text, options(filename))));
    }
  });

  it('keeps each result whole when the next parse reuses the buffer', () => {
    const parse = buffered();
    const text = "import { a } from 'first';\nexport const x = a;\n";
    const first = parse('a.ts', text, options('a.ts'));
    parse('b.ts', "export * from 'second';\n".repeat(50), options('b.ts'));
    expect(shape(first)).toBe(shape(json('a.ts', text, options('a.ts'))));
    expect(first.module.staticImports.map((entry) => entry.moduleRequest.value)).toEqual(['first']);
  });

  it('lets its buffer go after ten idle seconds, and makes a new one on the next parse', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const binding = require('oxc-parser/src-js/bindings') as { getBufferOffset: (view: Uint8Array) => number };
    let buffersMade = 0;
    const load = (id: string): unknown =>
      id.endsWith('/bindings')
        ? {
            ...binding,
            getBufferOffset: (view: Uint8Array) => {
              buffersMade += 1;
              return binding.getBufferOffset(view);
            },
          }
        : require(id);
    const parse = bufferParser(load, json);
    if (!parse) throw new Error('the installed oxc-parser did not take a buffer as expected');
    expect(buffersMade).toBe(1);
    vi.advanceTimersByTime(5_000);
    parse('a.ts', "import 'a';", options('a.ts'));
    vi.advanceTimersByTime(9_000);
    parse('a.ts', "import 'a';", options('a.ts'));
    expect(buffersMade).toBe(1);
    vi.advanceTimersByTime(10_001);
    expect(parse('a.ts', "import 'a';", options('a.ts')).module.staticImports).toHaveLength(1);
    expect(buffersMade).toBe(2);
  });

  it('parses the JSON way when a new buffer cannot be made (a cap on virtual memory)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const layout = { ...(require('oxc-parser/src-js/generated/constants') as object), BLOCK_ALIGN: 2 ** 32 };
    const parse = bufferParser((id) => (id.endsWith('/constants') ? layout : require(id)), json);
    if (!parse) throw new Error('the installed oxc-parser did not take a buffer as expected');
    vi.advanceTimersByTime(20_001);
    layout.BLOCK_ALIGN = 2 ** 53;
    const text = "import { a } from 'a';\nexport const b = a;\n";
    expect(shape(parse('a.ts', text, options('a.ts')))).toBe(shape(json('a.ts', text, options('a.ts'))));
  });

  it('gives way to the JSON path where a part is missing or parses otherwise', () => {
    const replacing =
      (id: string, part: unknown) =>
      (wanted: string): unknown =>
        wanted === id ? part : require(wanted);
    const bindings = require('oxc-parser/src-js/bindings') as object;
    const constants = require('oxc-parser/src-js/generated/constants') as object;
    expect(
      bufferParser(() => {
        throw new Error("Cannot find module 'oxc-parser/src-js/generated/deserialize/ts'");
      }, json),
    ).toBeUndefined();
    expect(bufferParser(replacing('oxc-parser/src-js/bindings', { ...bindings, parseRawSync: undefined }), json)).toBeUndefined();
    expect(bufferParser(replacing('oxc-parser/src-js/bindings', { ...bindings, rawTransferSupported: () => false }), json)).toBeUndefined();
    expect(bufferParser(replacing('oxc-parser/src-js/generated/constants', { ...constants, BLOCK_SIZE: '2 GiB' }), json)).toBeUndefined();
    // A buffer that cannot be made, and a deserializer that reads the buffer otherwise.
    expect(bufferParser(replacing('oxc-parser/src-js/generated/constants', { ...constants, BLOCK_ALIGN: 2 ** 53 }), json)).toBeUndefined();
    const other = replacing('oxc-parser/src-js/generated/deserialize/ts', require('oxc-parser/src-js/generated/deserialize/js'));
    expect(bufferParser(other, json)).toBeUndefined();
  });
});
