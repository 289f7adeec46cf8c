import fc from 'fast-check';
import { ALL_STUBS, STUBS, type StubApi } from './heavy-stubs.js';

/**
 * The kind of file a case is: ES module or CommonJS, TypeScript or JavaScript. `cjs-ts` uses
 * `import x = require()`; `cjs-js` uses `require()` declarations.
 */
export type Format = 'esm-ts' | 'esm-js' | 'cjs-js' | 'cjs-ts';

type BindingKind = 'default' | 'namespace' | 'function' | 'class' | 'constant' | 'type';

/** One name a generated declaration binds. */
export interface GenBinding {
  readonly stub: StubApi;
  readonly kind: BindingKind;
  /** The export it reads (`alpha`, `default`), or '' for the whole module. */
  readonly exported: string;
  readonly local: string;
  /** `import { type X }` */
  readonly inlineType: boolean;
}

/** Sites where `await import()` can load the module first. */
const ASYNC_SITE_LIST = [
  'asyncFunction',
  'asyncArrow',
  'asyncArrowBlock',
  'asyncFunctionExpression',
  'asyncMethod',
  'objectAsyncMethod',
  'nestedCallback',
  'syncOuterAsyncInner',
  'hoisted',
  'shadowed',
  'instanceFieldArrow',
  'asyncGenerator',
  'typedInsideAsync',
  'directive',
  'afterLoad',
  'objectArrow',
  'multilineArrow',
  'shorthand',
] as const;

/** Sync functions that run later, where only `require()` can load the module first. */
const SYNC_FUNCTION_SITE_LIST = ['syncFunction', 'syncMethod', 'getter', 'generator', 'constructor', 'derivedConstructor'] as const;

/** Where a use stands: the value sites run code, the type sites only name types. */
export const VALUE_SITES = [
  ...ASYNC_SITE_LIST,
  ...SYNC_FUNCTION_SITE_LIST,
  'instanceFieldValue',
  'staticField',
  'moduleLevel',
  'defaultParameter',
  'exportLocal',
] as const;

export type ValueSite = (typeof VALUE_SITES)[number];

/** Sites where `await import()` can load the module first. */
export const ASYNC_SITES: ReadonlySet<ValueSite> = new Set(ASYNC_SITE_LIST);

/** Sites inside functions that run later, where `require()` can load the module first. */
export const FUNCTION_SITES: ReadonlySet<ValueSite> = new Set([...ASYNC_SITE_LIST, ...SYNC_FUNCTION_SITE_LIST]);

/** Sites that read the binding only after start-up: `import defer` defers them all. */
export const DEFERRED_SITES: ReadonlySet<ValueSite> = new Set([...FUNCTION_SITES, 'instanceFieldValue', 'defaultParameter']);

const TYPE_SITES = ['annotation', 'satisfies', 'implements', 'typeAlias'] as const;
type TypeSite = (typeof TYPE_SITES)[number];

/** Bindings read at one value site. */
export interface ValueUse {
  readonly site: ValueSite;
  readonly bindings: readonly GenBinding[];
}

/** A binding named at one type site. */
export interface TypeUse {
  readonly site: TypeSite;
  readonly binding: GenBinding;
}

/** A generated module: its source and what the generator knows about it. */
export interface GeneratedModule {
  readonly format: Format;
  readonly code: string;
  /** Every binding each heavy package's declaration introduces. */
  readonly bindings: readonly GenBinding[];
  readonly valueUses: readonly ValueUse[];
  readonly typeUses: readonly TypeUse[];
}

const isTs = (format: Format): boolean => format === 'esm-ts' || format === 'cjs-ts';
const isEsm = (format: Format): boolean => format === 'esm-ts' || format === 'esm-js';

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The value a binding gives, called with `arg`: always a string. */
function valueExpression(binding: GenBinding, arg: string): string {
  const { local, stub } = binding;
  switch (binding.kind) {
    case 'default':
    case 'function':
      return `${local}(${arg})`;
    case 'class':
      return `new ${local}(${arg}).run()`;
    case 'constant':
      return `${local} + ${arg}`;
    case 'namespace':
      return `${local}.${stub.functions[0]}(${arg})`;
    case 'type':
      throw new Error('a type has no value');
  }
}

/** A type that names the binding. */
function typeExpression(binding: GenBinding): string {
  const { local, stub } = binding;
  switch (binding.kind) {
    case 'type':
    case 'class':
      return local;
    case 'namespace':
      return `${local}.${stub.iface}`;
    default:
      return `typeof ${local}`;
  }
}

/** The interface `{ n: number }` through this binding, if it reaches one. */
function interfaceExpression(binding: GenBinding): string | undefined {
  if (binding.kind === 'type' && binding.exported === binding.stub.iface) return binding.local;
  if (binding.kind === 'namespace') return `${binding.local}.${binding.stub.iface}`;
  return undefined;
}

function renderValueUse(use: ValueUse, index: number, format: Format): { code: string; name: string } {
  const ts = isTs(format);
  const name = `e${index}`;
  const klass = `C${index}`;
  const param = ts ? 'n: number' : 'n';
  const inner = ts ? 'm: number' : 'm';
  const expr = (arg: string): string => use.bindings.map((binding) => valueExpression(binding, arg)).join(' + ');
  const first = use.bindings[0];
  switch (use.site) {
    case 'asyncFunction':
      return { name, code: `async function ${name}(${param}) {\n  return ${expr('n')};\n}` };
    case 'asyncArrow':
      return { name, code: `const ${name} = async (${param}) => ${expr('n')};` };
    case 'asyncArrowBlock':
      return { name, code: `const ${name} = async (${param}) => {\n  const value = ${expr('n')};\n  return value;\n};` };
    case 'asyncFunctionExpression':
      return { name, code: `const ${name} = async function (${param}) {\n  return ${expr('n')};\n};` };
    case 'asyncMethod':
      return { name: klass, code: `class ${klass} {\n  async run(${param}) {\n    return ${expr('n')};\n  }\n}` };
    case 'objectAsyncMethod':
      return { name, code: `const ${name} = {\n  async run(${param}) { return ${expr('n')}; },\n};` };
    case 'nestedCallback':
      return { name, code: `async function ${name}(${param}) {\n  return [n, n + 1].map((m) => ${expr('m')}).join('|');\n}` };
    case 'syncOuterAsyncInner':
      return { name, code: `function ${name}(${param}) {\n  return async () => ${expr('n')};\n}` };
    case 'hoisted':
      return {
        name,
        code: `async function ${name}(${param}) {\n  return inner(n);\n  function inner(${inner}) {\n    return ${expr('m')};\n  }\n}`,
      };
    case 'shadowed': {
      const shadow = first?.local ?? 'shadow';
      return {
        name,
        code: `async function ${name}(${param}) {\n  {\n    const ${shadow} = 0;\n    void ${shadow};\n  }\n  return ${expr('n')};\n}`,
      };
    }
    case 'instanceFieldArrow':
      return { name: klass, code: `class ${klass} {\n  run = async (${param}) => ${expr('n')};\n}` };
    case 'asyncGenerator':
      return { name, code: `async function* ${name}(${param}) {\n  yield ${expr('n')};\n}` };
    case 'typedInsideAsync': {
      const annotation = ts && first ? `: ${typeExpression(first)} | undefined` : '';
      return {
        name,
        code: `async function ${name}(${param}) {\n  const typed${annotation} = undefined;\n  void typed;\n  return ${expr('n')};\n}`,
      };
    }
    case 'directive':
      return { name, code: `async function ${name}(${param}) {\n  'use strict';\n  return ${expr('n')};\n}` };
    case 'afterLoad': {
      // A load already at the top of the body: the new one goes after it.
      const load = isEsm(format)
        ? "const { version: loaded } = await import('heavy-a');"
        : format === 'cjs-ts'
          ? "const { version: loaded }: typeof import('heavy-a') = require('heavy-a');"
          : "const { version: loaded } = require('heavy-a');";
      const keyword = isEsm(format) ? 'async function' : 'function';
      return { name, code: `${keyword} ${name}(${param}) {\n  ${load}\n  return ${expr('n')} + loaded;\n}` };
    }
    case 'objectArrow':
      return { name, code: `const ${name} = async (${param}) => ({ value: ${expr('n')} });` };
    case 'multilineArrow':
      return { name, code: `const ${name} = async (${param}) =>\n  [${expr('n')}]\n    .join('');` };
    case 'shorthand': {
      // A shorthand property keeps its key when the value is read another way.
      const local = first?.local ?? 'undefined';
      return { name, code: `async function ${name}(${param}) {\n  const held = { ${local} };\n  return Object.keys(held).join() + typeof held.${local} + ${expr('n')};\n}` };
    }
    case 'derivedConstructor':
      return {
        name: klass,
        code: `class ${klass} extends Object {\n  value${ts ? ': string' : ''};\n  constructor() {\n    super();\n    this.value = ${expr('2')};\n  }\n}`,
      };
    case 'syncFunction':
      return { name, code: `function ${name}(${param}) {\n  return ${expr('n')};\n}` };
    case 'syncMethod':
      return { name: klass, code: `class ${klass} {\n  run(${param}) {\n    return ${expr('n')};\n  }\n}` };
    case 'getter':
      return { name, code: `const ${name} = {\n  get value() {\n    return ${expr('1')};\n  },\n};` };
    case 'generator':
      return { name, code: `function* ${name}(${param}) {\n  yield ${expr('n')};\n}` };
    case 'constructor':
      return {
        name: klass,
        code: `class ${klass} {\n  value${ts ? ': string' : ''};\n  constructor() {\n    this.value = ${expr('2')};\n  }\n}`,
      };
    case 'instanceFieldValue':
      return { name: klass, code: `class ${klass} {\n  value = ${expr('1')};\n}` };
    case 'staticField':
      return { name: klass, code: `class ${klass} {\n  static value = ${expr('1')};\n}` };
    case 'moduleLevel':
      return { name, code: `const ${name} = ${expr('1')};` };
    case 'defaultParameter':
      return { name, code: `async function ${name}(${param}, value = ${expr('n')}) {\n  return value;\n}` };
    case 'exportLocal':
      return { name, code: `{ ${first?.local ?? 'undefined'} as ${name} };` };
  }
}

function renderTypeUse(use: TypeUse, index: number): string {
  const name = `t${index}`;
  const iface = interfaceExpression(use.binding);
  switch (use.site) {
    case 'satisfies':
      if (iface) return `export const ${name} = { n: 1 } satisfies ${iface};`;
      break;
    case 'implements':
      if (iface) return `export class ${capitalized(name)} implements ${iface} {\n  n = 1;\n}`;
      break;
    case 'typeAlias':
      return `export type ${capitalized(name)} = ${typeExpression(use.binding)};`;
    case 'annotation':
      break;
  }
  return `export let ${name}: ${typeExpression(use.binding)} | undefined;`;
}

function quote(specifier: string, double: boolean): string {
  return double ? `"${specifier}"` : `'${specifier}'`;
}

function importDeclaration(bindings: readonly GenBinding[], stub: StubApi, double: boolean): string {
  const from = ` from ${quote(stub.specifier, double)};`;
  const defaults = bindings.filter((binding) => binding.kind === 'default');
  const namespace = bindings.find((binding) => binding.kind === 'namespace');
  const named = bindings.filter((binding) => binding.kind !== 'default' && binding.kind !== 'namespace');
  const parts = defaults.map((binding) => binding.local);
  if (namespace) parts.push(`* as ${namespace.local}`);
  if (named.length > 0) {
    const specifiers = named.map(
      (binding) =>
        `${binding.inlineType ? 'type ' : ''}${binding.exported === binding.local ? binding.local : `${binding.exported} as ${binding.local}`}`,
    );
    parts.push(`{ ${specifiers.join(', ')} }`);
  }
  return `import ${parts.join(', ')}${from}`;
}

function requireDeclaration(bindings: readonly GenBinding[], stub: StubApi, double: boolean, keyword: string): string {
  const call = `require(${quote(stub.specifier, double)})`;
  const [first] = bindings;
  if (!first) return '';
  if (first.kind === 'namespace') return `${keyword} ${first.local} = ${call};`;
  if (bindings.length === 1 && first.local.endsWith('Only')) return `${keyword} ${first.local} = ${call}.${first.exported};`;
  const entries = bindings.map((binding) =>
    binding.exported === binding.local ? binding.local : `${binding.exported}: ${binding.local}`,
  );
  return `${keyword} { ${entries.join(', ')} } = ${call};`;
}

/** The bindings one declaration of `stub` may introduce, for a format. */
function bindingsArbitrary(stub: StubApi, format: Format): fc.Arbitrary<GenBinding[]> {
  const letter = stub.specifier.slice(-1).toUpperCase();
  const make = (kind: BindingKind, exported: string, local: string, inlineType = false): GenBinding => ({
    stub,
    kind,
    exported,
    local,
    inlineType,
  });
  const namespace = make('namespace', '', `ns${letter}`);
  const named = (ts: boolean): fc.Arbitrary<GenBinding[]> =>
    fc
      .subarray(
        [
          ['function', stub.functions[0]],
          ['function', stub.functions[1]],
          ['class', stub.klass],
          ['constant', stub.constant],
          ...(ts ? [['type', stub.iface], ['type', stub.alias]] : []),
        ] as [BindingKind, string][],
        { minLength: 1 },
      )
      .chain((picked) =>
        fc.tuple(
          ...picked.map(([kind, exported]) =>
            fc.record({ aliased: fc.boolean(), inlineType: ts ? fc.boolean() : fc.constant(false) }).map(({ aliased, inlineType }) =>
              // Under `verbatimModuleSyntax` a type must be imported as one.
              make(kind, exported, aliased ? `my${capitalized(exported)}` : exported, inlineType || kind === 'type'),
            ),
          ),
        ).map((bindings) => [...bindings]),
      );
  switch (format) {
    case 'cjs-ts':
      return fc.constant<GenBinding[]>([make('namespace', '', `mod${letter}`)]);
    case 'cjs-js':
      return fc.oneof(
        fc.constant<GenBinding[]>([make('namespace', '', `mod${letter}`)]),
        fc.constant<GenBinding[]>([make('function', stub.functions[0], `${stub.functions[0]}Only`)]),
        named(false),
      );
    default: {
      const ts = format === 'esm-ts';
      const withDefault = fc.boolean().map((yes) => (yes ? [make('default', 'default', `main${letter}`)] : []));
      return fc
        .tuple(withDefault, fc.oneof(fc.constant([namespace]), named(ts), fc.constant([])))
        .map(([defaults, rest]) => [...defaults, ...rest])
        .filter((bindings) => bindings.length > 0);
    }
  }
}

/** How big a generated module is: which heavy packages it may import and how many uses it has. */
export interface ModuleShape {
  readonly stubs: readonly StubApi[];
  readonly minImports: number;
  readonly maxValueUses: number;
  /** Bindings one value site reads: several let one function use several packages. */
  readonly maxBindingsPerUse: number;
}

/** One or two heavy imports, up to five uses. */
const SMALL: ModuleShape = { stubs: STUBS, minImports: 1, maxValueUses: 5, maxBindingsPerUse: 2 };

/**
 * More than ten heavy imports, their bindings used in the same functions and in different
 * ones: the files where fixes of one file must be applied together.
 */
export const MANY_IMPORTS: ModuleShape = { stubs: ALL_STUBS, minImports: 11, maxValueUses: 14, maxBindingsPerUse: 4 };

/** A module of the given format with heavy declarations (one or two by default) and uses of their bindings. */
export function moduleArbitrary(format: Format, shape: ModuleShape = SMALL): fc.Arbitrary<GeneratedModule> {
  const ts = isTs(format);
  const esm = isEsm(format);
  const stubs = fc.subarray([...shape.stubs], { minLength: shape.minImports });
  return stubs
    .chain((picked) => fc.tuple(...picked.map((stub) => bindingsArbitrary(stub, format))))
    .chain((declarations) => {
      const all = declarations.flat();
      const values = all.filter((binding) => binding.kind !== 'type' && !binding.inlineType);
      const sites = VALUE_SITES.filter((site) => esm || site !== 'exportLocal');
      const valueUse: fc.Arbitrary<ValueUse> =
        values.length === 0
          ? fc.constant({ site: 'asyncFunction' as const, bindings: [] })
          : fc
              .record({
                site: fc.constantFrom(...sites),
                bindings: fc.subarray(values, { minLength: 1, maxLength: Math.min(shape.maxBindingsPerUse, values.length) }),
              })
              // `export { a as e }` names one binding.
              .map((use) => (use.site === 'exportLocal' ? { ...use, bindings: use.bindings.slice(0, 1) } : use));
      const typeUse: fc.Arbitrary<TypeUse> = fc.record({
        site: fc.constantFrom(...TYPE_SITES),
        binding: fc.constantFrom(...all),
      });
      return fc.tuple(
        fc.constant(declarations),
        fc.array(valueUse, { maxLength: shape.maxValueUses }),
        ts ? fc.array(typeUse, { maxLength: 3 }) : fc.constant([]),
        fc.boolean(),
        fc.constantFrom('const', 'let'),
        fc.record({ leading: fc.boolean(), trailing: fc.boolean(), inside: fc.boolean(), tabs: fc.boolean() }),
      );
    })
    .map(([declarations, valueUses, typeUses, double, keyword, layout]) => {
      const lines: string[] = [];
      declarations.forEach((bindings, index) => {
        const stub = bindings[0]?.stub ?? shape.stubs[index];
        if (!stub) return;
        let declaration: string;
        if (format === 'cjs-ts') {
          declaration = `import ${bindings[0]?.local ?? 'mod'} = require(${quote(stub.specifier, double)});`;
        } else if (format === 'cjs-js') {
          declaration = requireDeclaration(bindings, stub, double, keyword);
        } else {
          declaration = importDeclaration(bindings, stub, double);
        }
        if (layout.inside) declaration = declaration.replace('{ ', `{ /* part ${index} */ `);
        if (layout.leading) lines.push(`// The ${stub.specifier} client.`);
        lines.push(layout.trailing ? `${declaration} // loaded ${index}` : declaration);
      });
      lines.push('');
      const exported: string[] = [];
      const usable = valueUses.filter((use) => use.bindings.length > 0);
      usable.forEach((use, index) => {
        const rendered = renderValueUse(use, index, format);
        lines.push(cjsOrEsm(rendered.code, format), '');
        exported.push(rendered.name);
      });
      typeUses.forEach((use, index) => lines.push(renderTypeUse(use, index), ''));
      if (format === 'cjs-js') lines.push(`module.exports = { ${exported.join(', ')} };`);
      const code = `${lines.join('\n').trimEnd()}\n`;
      return {
        format,
        code: layout.tabs ? code.replaceAll(/^((?:  )+)/gm, (indent: string) => '\t'.repeat(indent.length / 2)) : code,
        bindings: declarations.flat(),
        valueUses: usable,
        typeUses,
      };
    });
}

/** CommonJS JavaScript exports through `module.exports`; the other formats with `export`. */
function cjsOrEsm(code: string, format: Format): string {
  return format === 'cjs-js' ? code : `export ${code}`;
}

/** Modules of every format, TypeScript and JavaScript, ES modules and CommonJS. */
export const anyModule: fc.Arbitrary<GeneratedModule> = fc.oneof(
  { arbitrary: moduleArbitrary('esm-ts'), weight: 4 },
  { arbitrary: moduleArbitrary('esm-js'), weight: 2 },
  { arbitrary: moduleArbitrary('cjs-js'), weight: 2 },
  { arbitrary: moduleArbitrary('cjs-ts'), weight: 1 },
);

/** Modules of every format with more than ten heavy imports. */
export const manyImportsModule: fc.Arbitrary<GeneratedModule> = fc.oneof(
  { arbitrary: moduleArbitrary('esm-ts', MANY_IMPORTS), weight: 4 },
  { arbitrary: moduleArbitrary('esm-js', MANY_IMPORTS), weight: 2 },
  { arbitrary: moduleArbitrary('cjs-js', MANY_IMPORTS), weight: 2 },
  { arbitrary: moduleArbitrary('cjs-ts', MANY_IMPORTS), weight: 1 },
);
