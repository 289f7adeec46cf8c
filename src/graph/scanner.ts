import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';
import type * as OxcParser from 'oxc-parser';
import {
  collectModuleLoads,
  loadsTheBuildKeeps,
  nodeSpan,
  type ImportSemantics,
  type LoadKind,
  type ModuleLoad,
} from '../analysis/module-loads.js';
import { jsxFactoriesFor } from '../analysis/compile-semantics.js';
import { loadsOfStartFunctions } from '../analysis/start-calls.js';
import { tsconfigFor } from '../analysis/tsconfig.js';
import { isDeclarationFile } from '../analysis/resolve.js';

/** A load that runs when its module is evaluated: an edge of the project graph. */
export interface EagerLoad {
  readonly kind: LoadKind;
  readonly specifier: string;
}

/**
 * What parsing a file gives: each part is made (crosses from Rust) when it is first read, so
 * that a file read without its module record or its comments does not pay for them.
 */
export interface Parsed {
  readonly program: TSESTree.Program;
  readonly module: OxcParser.EcmaScriptModule;
  readonly comments: OxcParser.Comment[];
  readonly errors: OxcParser.OxcError[];
}

/** oxc-parser's native result: the AST as JSON, the rest as objects, each made when read. */
interface NativeParseResult {
  readonly program: string;
  readonly module: OxcParser.EcmaScriptModule;
  readonly comments: OxcParser.Comment[];
  readonly errors: OxcParser.OxcError[];
}

export type ParseFile = (filename: string, text: string, options: OxcParser.ParserOptions) => Parsed;

let parseFile: ParseFile | undefined;

/**
 * A parse through oxc-parser's native binding, which gives the AST as JSON and the module
 * record and comments only when read, if the installed binding answers as this version does
 * (the AST under `node`); `undefined` otherwise, for the package entry to be used instead. A
 * one-line probe decides, so that a binding that changed shape is never fed to the analysis.
 * `load` is the `require` to load it with.
 */
export function nativeParser(load: (id: string) => unknown): ParseFile | undefined {
  let native: ((...args: Parameters<ParseFile>) => NativeParseResult) | undefined;
  try {
    native = (load('oxc-parser/src-js/bindings') as { parseSync?: (...args: Parameters<ParseFile>) => NativeParseResult }).parseSync;
    // Each field of a native result can be read once: a read takes it from the Rust side.
    const json: unknown = native?.('probe.ts', 'export {};', { lang: 'ts', sourceType: 'module' }).program;
    const parsed = typeof json === 'string' ? (JSON.parse(json) as { node?: { type?: unknown } }) : undefined;
    if (parsed?.node?.type !== 'Program') return undefined;
  } catch {
    return undefined;
  }
  const parse = native;
  if (!parse) return undefined;
  return (filename, text, options) => {
    const result = parse(filename, text, options);
    // Each field of the native result can be read once (a read takes it from the Rust side):
    // each is kept on its first read.
    let program: TSESTree.Program | undefined;
    let module: OxcParser.EcmaScriptModule | undefined;
    let comments: OxcParser.Comment[] | undefined;
    let errors: OxcParser.OxcError[] | undefined;
    return {
      get program() {
        program ??= (JSON.parse(result.program) as { node: TSESTree.Program }).node;
        return program;
      },
      get module() {
        module ??= result.module;
        return module;
      },
      get comments() {
        comments ??= result.comments;
        return comments;
      },
      get errors() {
        errors ??= result.errors;
        return errors;
      },
    };
  };
}

/** What raw transfer needs of oxc-parser's binding, besides `parseSync`. */
interface BufferBinding {
  /** Whether the platform can hold the AST in a shared buffer (64-bit, little-endian). */
  readonly rawTransferSupported: () => boolean;
  /** How far into a buffer its first 4 GiB-aligned byte lies: only the view's start is read. */
  readonly getBufferOffset: (view: Uint8Array) => number;
  /** Parses the source at `sourceStart` of the block, and writes the AST into the block. */
  readonly parseRawSync: (
    filename: string,
    block: Uint8Array,
    sourceStart: number,
    sourceByteLength: number,
    options: OxcParser.ParserOptions,
  ) => void;
}

/** The buffer's layout, as oxc-parser's generated constants give it. */
interface BufferLayout {
  readonly BLOCK_SIZE: number;
  readonly BLOCK_ALIGN: number;
  readonly BUFFER_SIZE: number;
  readonly ACTIVE_SIZE: number;
  readonly IS_TS_FLAG_POS: number;
}

/** A buffer as oxc-parser's deserializer reads it: the bytes, with views of them as 32-bit integers and doubles. */
interface TransferBuffer extends Uint8Array {
  int32: Int32Array;
  float64: Float64Array;
  block: Uint8Array;
}

type Deserialize = (buffer: TransferBuffer, text: string, sourceStart: number, sourceByteLength: number) => Parsed;

/** A buffer unused for this long is let go, as oxc-parser does with its own. */
const BUFFER_IDLE_MS = 10_000;

/** A text made to hold one of each thing whose shape the two ways of parsing must agree on. */
const PROBE_TEXT =
  "import type { A } from 'a';\nimport b, * as c from \"b\";\n/* é */ export { d } from './d';\n" +
  "export default async function e(f: A = b): Promise<void> { await import(`é${c}`); }\n// ü\n";

/**
 * Raw transfer where Node is older than oxc-parser offers it for (before 22), through the
 * package's own binding, buffer layout and deserializer: the AST crosses from Rust as bytes,
 * not as JSON (whose parsing alone took over a quarter of the chain rule's time on Node 20).
 * oxc-parser turns Node 20 away because its typed arrays cannot span the whole 6 GiB buffer;
 * but only the aligned 2 GiB block needs a view, and a view that long Node 20 can make.
 * `undefined` where the binding, the layout or the deserializer is missing, a buffer cannot
 * be made, or a probe parses differently from `json` (the parse it stands in for), so that
 * a package that changed shape is never fed to the analysis. Only for `astType: 'ts'`.
 */
export function bufferParser(load: (id: string) => unknown, json: ParseFile): ParseFile | undefined {
  let binding: BufferBinding;
  let layout: BufferLayout;
  let deserialize: Deserialize;
  try {
    binding = load('oxc-parser/src-js/bindings') as BufferBinding;
    layout = load('oxc-parser/src-js/generated/constants') as BufferLayout;
    deserialize = (load('oxc-parser/src-js/generated/deserialize/ts') as { deserialize: Deserialize }).deserialize;
    const functions = [binding.rawTransferSupported, binding.getBufferOffset, binding.parseRawSync, deserialize];
    const sizes = [layout.BLOCK_SIZE, layout.BLOCK_ALIGN, layout.BUFFER_SIZE, layout.ACTIVE_SIZE, layout.IS_TS_FLAG_POS];
    if (!functions.every((value) => typeof value === 'function') || !sizes.every(Number.isSafeInteger)) return undefined;
    if (!binding.rawTransferSupported()) return undefined;
  } catch {
    return undefined;
  }
  const encoder = new TextEncoder();
  let buffer: TransferBuffer | undefined;
  let lastUse = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const letGoWhenIdle = (): void => {
    idleTimer = undefined;
    const idle = performance.now() - lastUse;
    if (idle >= BUFFER_IDLE_MS) buffer = undefined;
    else (idleTimer = setTimeout(letGoWhenIdle, BUFFER_IDLE_MS - idle)).unref();
  };
  /** The buffer, made if need be: `undefined` where it cannot be made (a cap on virtual memory). */
  const bufferInUse = (): TransferBuffer | undefined => {
    lastUse = performance.now();
    idleTimer ??= setTimeout(letGoWhenIdle, BUFFER_IDLE_MS).unref();
    if (buffer) return buffer;
    // A block of 2 GiB aligned on 4 GiB fits in 6 GiB wherever these start; only virtual
    // memory, until parsing writes to it.
    let bytes: ArrayBuffer;
    try {
      bytes = new ArrayBuffer(layout.BLOCK_SIZE + layout.BLOCK_ALIGN);
    } catch {
      return undefined;
    }
    const offset = binding.getBufferOffset(new Uint8Array(bytes, 0, 1));
    const made = new Uint8Array(bytes, offset, layout.BUFFER_SIZE) as TransferBuffer;
    made.int32 = new Int32Array(bytes, offset, layout.BUFFER_SIZE / 4);
    made.float64 = new Float64Array(bytes, offset, layout.BUFFER_SIZE / 8);
    made.block = new Uint8Array(bytes, offset, layout.BLOCK_SIZE);
    buffer = made;
    return made;
  };
  const parse: ParseFile = (filename, text, options) => {
    // The source goes at the end of the active region, with room for three bytes a character;
    // a source of a gigabyte or more goes the JSON way.
    const room = text.length * 3;
    const transfer = room > layout.ACTIVE_SIZE / 2 ? undefined : bufferInUse();
    if (!transfer) return json(filename, text, options);
    const sourceStart = layout.ACTIVE_SIZE - room;
    const { written } = encoder.encodeInto(text, new Uint8Array(transfer.buffer, transfer.byteOffset + sourceStart, room));
    binding.parseRawSync(filename, transfer.block, sourceStart, written, options);
    // The deserializer made here reads a TypeScript-shaped AST only.
    if (transfer[layout.IS_TS_FLAG_POS] === 0) return json(filename, text, options);
    // Every part is made now: the next parse writes over the buffer.
    return deserialize(transfer, text, sourceStart, written);
  };
  try {
    const options: OxcParser.ParserOptions = { lang: 'ts', sourceType: 'module', astType: 'ts', range: false, preserveParens: false };
    // A buffer that cannot be made now is taken as never: each parse would try again.
    if (!bufferInUse()) return undefined;
    const [ours, theirs] = [parse('probe.ts', PROBE_TEXT, options), json('probe.ts', PROBE_TEXT, options)];
    // The same fields and values; the deserializer may order an object's fields otherwise.
    const sorted = (_key: string, value: unknown): unknown =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
        : value;
    const shape = (parsed: Parsed): string => JSON.stringify([parsed.program, parsed.module, parsed.comments, parsed.errors], sorted);
    if (shape(ours) !== shape(theirs)) return undefined;
  } catch {
    return undefined;
  }
  return parse;
}

/**
 * oxc-parser, a native package: loaded on the chain rule's first use, never at plugin import.
 * Where Node supports it (22 and later), the AST crosses from Rust through a shared buffer,
 * which halves the cost of reading a file; before 22, {@link bufferParser} does the same
 * through the package's parts. Elsewhere it crosses as JSON, which the package entry turns
 * into objects with the module record and comments, all at once; its native binding gives
 * each only when read ({@link nativeParser}). The AST is the same, but for the values of
 * BigInt and RegExp literals, which stay `null` on the JSON path (no analysis of loads reads
 * them).
 */
function parser(): ParseFile {
  if (!parseFile) {
    const require = createRequire(import.meta.url);
    const parser = require('oxc-parser') as typeof OxcParser;
    if (parser.rawTransferSupported()) {
      // `experimentalRawTransfer` is read by this version's `parseSync`, though its types omit it.
      parseFile = (filename, text, options) =>
        parser.parseSync(filename, text, { ...options, experimentalRawTransfer: true } as OxcParser.ParserOptions) as unknown as Parsed;
    } else {
      const json: ParseFile =
        nativeParser(require) ?? ((filename, text, options) => parser.parseSync(filename, text, options) as unknown as Parsed);
      parseFile = bufferParser(require, json) ?? json;
    }
  }
  return parseFile;
}

/** Files that may hold JSX: TypeScript only in `.tsx`, JavaScript in any of its extensions. */
const JSX_FILE = /\.(?:tsx|jsx|[cm]?js)$/;

/** Whether a program holds JSX: only then does it load a JSX runtime. */
export function containsJsx(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(containsJsx);
  const type = (node as { type?: unknown }).type;
  if (type === 'JSXElement' || type === 'JSXFragment') return true;
  for (const key in node) {
    if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments') continue;
    const value = (node as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null && containsJsx(value)) return true;
  }
  return false;
}

/**
 * The module JSX compiles to a load of, as the tsconfig's `jsx` and `jsxImportSource` say:
 * `react/jsx-runtime` for `react-jsx`, `react/jsx-dev-runtime` for `react-jsxdev`. The
 * classic `react` transform needs `React` in scope, which the file imports itself; `preserve`
 * and `react-native` leave the JSX to a later tool.
 */
function jsxRuntimeOf(filename: string): string | undefined {
  const options = tsconfigFor(filename)?.compilerOptions;
  const jsx = (options?.jsx as string | undefined)?.toLowerCase();
  const source = options?.jsxImportSource ?? 'react';
  if (jsx === 'react-jsx') return `${source}/jsx-runtime`;
  if (jsx === 'react-jsxdev') return `${source}/jsx-dev-runtime`;
  return undefined;
}

/**
 * The eager loads among a file's module loads (found by `module-loads`, the analysis every
 * rule uses), plus the JSX runtime that its JSX compiles to a load of.
 */
export function eagerLoadsFrom(
  loads: readonly ModuleLoad[],
  { filename, hasJsx }: { readonly filename: string; readonly hasJsx: boolean },
): EagerLoad[] {
  if (isDeclarationFile(filename)) return [];
  const eager: EagerLoad[] = [];
  for (const load of loads) {
    if (load.atLoad) eager.push({ kind: load.kind, specifier: load.specifier });
  }
  if (hasJsx) {
    const runtime = jsxRuntimeOf(filename);
    if (runtime) eager.push({ kind: 'import', specifier: runtime });
  }
  return eager;
}

/** The loads of a program, those of them the build keeps, and its eager loads. */
interface ProgramLoads {
  readonly found: readonly ModuleLoad[];
  readonly kept: readonly ModuleLoad[];
  readonly eager: EagerLoad[];
}

/**
 * The loads of a whole program (any ESTree), those the build keeps under `semantics`, and the
 * eager loads among those (with the JSX runtime its JSX loads).
 */
export function programLoads(
  program: TSESTree.Program,
  filename: string,
  semantics: ImportSemantics,
  sourceText: string | undefined,
): ProgramLoads {
  // Only a JSX runtime makes JSX a load: skip the search where the tsconfig names none.
  const hasJsx = JSX_FILE.test(filename) && jsxRuntimeOf(filename) !== undefined && containsJsx(program.body);
  const jsxFactories = jsxFactoriesFor(filename);
  const found = collectModuleLoads(program, { jsxFactories, ...(sourceText === undefined ? {} : { sourceText }) });
  // Elision as `collectModuleLoads` applies it, done here to keep both lists.
  const kept = loadsTheBuildKeeps(program, found, semantics, { jsxFactories });
  return { found, kept, eager: eagerLoadsFrom(kept, { filename, hasJsx }) };
}

/**
 * The eager loads of a whole program (any ESTree, ESLint's or oxc-parser's) that the build
 * keeps: under `'elided'` semantics an import no value uses is no load.
 */
export function eagerLoadsOf(
  program: TSESTree.Program,
  filename: string,
  semantics: ImportSemantics,
  sourceText?: string,
): EagerLoad[] {
  return programLoads(program, filename, semantics, sourceText).eager;
}

/**
 * What reading a file from disk found, kept so that its lint need not analyse the same text
 * again: the text, and where each load found and each load the build keeps starts in it.
 */
export interface FileReading {
  readonly text: string;
  readonly found: ReadonlySet<number>;
  readonly kept: ReadonlySet<number>;
}

/** A file read from disk: its eager loads, and the reading behind them where it was parsed. */
export interface ScannedFile {
  readonly eager: EagerLoad[];
  readonly reading?: FileReading;
  /**
   * The loads in the body of a function the file declares and calls while it evaluates
   * (`await main()`): what an entry file runs at start-up beyond its eager loads. Found where
   * asked for ({@link ScanOptions.startFunctions}) or known without the AST; else absent.
   */
  readonly start?: EagerLoad[];
}

/** What a scan finds besides the eager loads. */
export interface ScanOptions {
  /** Find the loads of the functions the file calls while it evaluates (an entry file's). */
  readonly startFunctions?: boolean;
}

/** A file that loads nothing: no eager load, and none in a function it calls. */
function loadsNothing(): ScannedFile {
  return { eager: [], start: [] };
}

/** Where a load starts: the same offset in oxc-parser's AST (`start`) as in ESLint's (`range`). */
function startOf(load: ModuleLoad): number {
  return nodeSpan(load.node)?.[0] ?? -1;
}

/** Spacing and comments, as between tokens. */
const GAP = String.raw`(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*`;
/**
 * What oxc-parser's module record cannot answer: `require` (an escaped one too), ambient
 * declarations (whose imports load nothing), and `export {} from`, which it leaves out.
 */
const NOT_IN_RECORD = new RegExp(String.raw`require|\\u|\bdeclare\b|\bexport${GAP}(?:type\b${GAP})?\{${GAP}\}${GAP}from\b`);
/** Import phases (`import defer`, `import source`), whose loads run later or not at all. */
const PHASE_WORD = /\b(?:defer|source)\b/;

/**
 * Whether every `import` and `export` word of the text lies in one of `spans` (the statements
 * the record lists, its `import.meta`s, the comments). The parser takes declarations where
 * the language allows none (`export` in a function body), which the record may leave out
 * and the AST holds; a word anywhere else (a string, a property name) leaves the answer to
 * the AST too.
 */
function keywordsAccountedFor(spans: readonly { readonly start: number; readonly end: number }[], text: string): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let index = 0;
  let reach = -1;
  for (const match of text.matchAll(/\b(?:import|export)\b/g)) {
    // Spans that start at or before the word: the word is inside one when the furthest end passes it.
    for (; index < sorted.length && (sorted[index] as { start: number }).start <= match.index; index += 1) {
      reach = Math.max(reach, (sorted[index] as { end: number }).end);
    }
    if (reach <= match.index) return false;
  }
  return true;
}

/**
 * The eager loads of a parsed file as oxc-parser's module record tells them, without the AST:
 * `undefined` wherever only the AST can tell — a dynamic `import()` (does it run at
 * start-up?), JSX that loads a runtime, and, under `'elided'` semantics, an import with a
 * binding a value may use (the record knows no uses) — or where the record is not exact.
 * Where it answers, it is what {@link eagerLoadsOf} gives for the file's AST.
 */
export function eagerLoadsFromRecord(
  { module: record, comments }: Pick<OxcParser.ParseResult, 'module' | 'comments'>,
  text: string,
  filename: string,
  semantics: ImportSemantics,
): EagerLoad[] | undefined {
  if (record.dynamicImports.length > 0 || NOT_IN_RECORD.test(text)) return undefined;
  if (!keywordsAccountedFor([...record.staticImports, ...record.staticExports, ...record.importMetas, ...comments], text)) {
    return undefined;
  }
  if (JSX_FILE.test(filename) && jsxRuntimeOf(filename) !== undefined) return undefined;
  const loads: { readonly start: number; readonly load: EagerLoad }[] = [];
  for (const statement of record.staticImports) {
    if (PHASE_WORD.test(text.slice(statement.start, statement.moduleRequest.start))) return undefined;
    const { entries } = statement;
    // `import 'm'` and `import {} from 'm'` always load; with bindings, all marked `type`,
    // the import is removed under elision (under `'kept'`, `import type` and inline `type`
    // differ, which the record does not say); a value binding needs its uses.
    if (entries.length > 0) {
      if (semantics === 'elided' && entries.every((entry) => entry.isType)) continue;
      if (semantics === 'elided' || entries.every((entry) => entry.isType)) return undefined;
    }
    loads.push({ start: statement.start, load: { kind: 'import', specifier: statement.moduleRequest.value } });
  }
  for (const statement of record.staticExports) {
    const specifier = statement.entries[0]?.moduleRequest?.value;
    if (specifier === undefined) continue;
    // The record also lists `export { a }` of an imported `a` with the import's module, at
    // the import's place: only an `export … from` holds its names and module itself.
    const inside = (span: { readonly start: number; readonly end: number } | null): boolean =>
      span !== null && statement.start <= span.start && span.end <= statement.end;
    if (!statement.entries.every((entry) => inside(entry) && inside(entry.moduleRequest))) return undefined;
    // All names marked `type` (`export type … from`, inline or not): removed under elision.
    if (statement.entries.every((entry) => entry.isType)) {
      if (semantics === 'elided') continue;
      return undefined;
    }
    loads.push({ start: statement.start, load: { kind: 'export', specifier } });
  }
  if (isDeclarationFile(filename)) return [];
  return loads.sort((a, b) => a.start - b.start).map(({ load }) => load);
}

/** `import {`, `import *`, `import a` (but not `import type`): an import that may bind a value. */
const VALUE_BINDING_IMPORT = /\bimport\s*(?:[{*]|(?!type\b)[\p{ID_Start}$_])/u;

/**
 * Whether the module record may answer for a file, as far as its text tells: under `'elided'`
 * semantics, an import that binds a value needs the AST (see {@link eagerLoadsFromRecord}),
 * which then need not wait for the record to be read. Only a shortcut: the AST gives the same
 * loads wherever the record answers.
 */
function recordMayAnswer(text: string, semantics: ImportSemantics): boolean {
  return semantics === 'kept' || !VALUE_BINDING_IMPORT.test(text);
}

function langOf(filename: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (/\.[cm]?tsx$/.test(filename)) return 'tsx';
  if (/\.[cm]?ts$/.test(filename)) return 'ts';
  // JavaScript may hold JSX in any of its extensions.
  return 'jsx';
}

/**
 * Reads and parses a file ESLint is not linting right now, and returns its eager loads.
 * A file that cannot be read gives `undefined`; one that does not parse loads nothing we can
 * know of (a leaf), never an error.
 */
export function scanFile(filename: string, semantics: ImportSemantics, options: ScanOptions = {}): ScannedFile | undefined {
  if (isDeclarationFile(filename)) return loadsNothing();
  let text: string;
  try {
    text = readFileSync(filename, 'utf8');
  } catch {
    return undefined;
  }
  return scanText(filename, text, semantics, options);
}

/** {@link scanFile} of a text read already (the text of a reading, for what it did not find then). */
export function scanText(filename: string, text: string, semantics: ImportSemantics, { startFunctions = false }: ScanOptions = {}): ScannedFile {
  if (filename.endsWith('.json')) return loadsNothing();
  // Every load's text holds one of these words (`\u`: an escaped `require`); a file with none
  // loads nothing but a JSX runtime.
  if (!/import|export|require|\\u/.test(text) && !(JSX_FILE.test(filename) && jsxRuntimeOf(filename) !== undefined)) {
    return loadsNothing();
  }
  const result = parseText(filename, text);
  if (!result) return loadsNothing();
  // Where the module record is exact, the AST is never built: most of a file's cost. A load in
  // a function is a `require()` or an `import()`, for which the record never answers: where
  // it answers, no function of the file loads anything.
  const fromRecord = recordMayAnswer(text, semantics) ? eagerLoadsFromRecord(result, text, filename, semantics) : undefined;
  if (fromRecord) return { eager: fromRecord, start: [] };
  const { found, kept, eager } = programLoads(result.program, filename, semantics, text);
  const reading = { text, found: new Set(found.map(startOf)), kept: new Set(kept.map(startOf)) };
  if (!startFunctions) return { eager, reading };
  const start = loadsOfStartFunctions(result.program, kept).map((load) => ({ kind: load.kind, specifier: load.specifier }));
  return { eager, reading, start };
}

/** Parses a file's text with oxc-parser; `undefined` when it does not parse. */
function parseText(filename: string, text: string): Parsed | undefined {
  const options: OxcParser.ParserOptions = {
    lang: langOf(filename),
    sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module',
    astType: 'ts',
    // Positions come as `start` and `end`; `range` arrays would add a quarter to the cost.
    range: false,
    // Parentheses as nodes would hide an immediately invoked `(function () {})()`.
    preserveParens: false,
  };
  const result = parser()(filename, text, options);
  return result.errors.some((error) => String(error.severity) === 'Error') ? undefined : result;
}
