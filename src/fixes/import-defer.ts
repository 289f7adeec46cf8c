import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { valueUses, type LoadDeclaration, type LoadedBinding } from './bindings.js';
import { namesInFile } from './guards.js';
import { replaceStatement, type TextEdit } from './text.js';

const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/;

const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if implements import in instanceof interface let new null package private protected public return ' +
    'static super switch this throw true try typeof var void while with yield arguments eval undefined'
  ).split(' '),
);

/** `stripe` → `stripe`, `@aws-sdk/client-s3` → `clientS3`, `lodash/fp` → `fp`. */
function nameFromSpecifier(specifier: string): string {
  const last = specifier.split('/').filter((part) => part !== '' && part !== '.' && part !== '..').at(-1) ?? '';
  const words = last.replace(/^@/, '').replace(/\.[cm]?[jt]sx?$/, '').split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const camel = words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  const name = /^[0-9]/.test(camel) ? `_${camel}` : camel;
  return name === '' || RESERVED.has(name) ? `${name}Module` : name;
}

/** A name for the deferred namespace that no identifier of the file uses yet, nor any of `reserved`. */
function freshNamespaceName(sourceCode: Readonly<SourceCode>, specifier: string, reserved: ReadonlySet<string>): string {
  const taken = namesInFile(sourceCode);
  const base = nameFromSpecifier(specifier);
  let name = base;
  for (let suffix = 2; taken.has(name) || reserved.has(name); suffix++) name = `${base}${suffix}`;
  return name;
}

function memberAccess(namespace: string, key: string): string {
  return IDENTIFIER_NAME.test(key) ? `${namespace}.${key}` : `${namespace}[${key}]`;
}

/** The edits that read one binding off the namespace at each of its value uses, or `null`. */
function rewriteUses(binding: LoadedBinding, namespace: string): TextEdit[] | null {
  const { key } = binding;
  if (key === null) return [];
  const access = memberAccess(namespace, key);
  const edits: TextEdit[] = [];
  for (const use of valueUses(binding)) {
    const { identifier } = use;
    const parent = identifier.parent;
    if (identifier.type === AST_NODE_TYPES.JSXIdentifier) {
      // `<ns['a-b']>` is not JSX.
      if (!IDENTIFIER_NAME.test(key)) return null;
      edits.push({ range: identifier.range, text: access });
    } else if (parent?.type === AST_NODE_TYPES.Property && parent.shorthand) {
      edits.push({ range: parent.range, text: `${binding.local}: ${access}` });
    } else {
      edits.push({ range: identifier.range, text: access });
    }
  }
  return edits;
}

/** The edits of an `import defer` form and the namespace name they use. */
export interface DeferEdits {
  readonly edits: TextEdit[];
  readonly namespace: string;
}

/**
 * `import defer * as ns from 'm'` in place of an import whose bindings are read only inside
 * functions: each value use of a named or default binding becomes a read of `ns` (the
 * module is evaluated on the first read). Names still used as types keep an `import type`.
 * `typeStatements` builds that `import type` for the bindings it is given. A new namespace name
 * avoids the names of the file and `reserved` (names other fixes of the file introduce).
 */
export function importDeferEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  specifier: string,
  typeStatements: (bindings: readonly LoadedBinding[]) => string[] | null,
  reserved: ReadonlySet<string> = new Set(),
): DeferEdits | null {
  if (declaration.form !== 'import') return null;
  const namespaceBinding = declaration.bindings.find((binding) => binding.key === null);
  const namespace = namespaceBinding?.local ?? freshNamespaceName(sourceCode, specifier, reserved);
  const semicolon = sourceCode.getLastToken(declaration.statement)?.value === ';' ? ';' : '';
  // The deferred namespace carries its own types: only other bindings need `import type`.
  const typed = declaration.bindings.filter(
    (binding) => binding !== namespaceBinding && (binding.markedType || binding.uses.some((use) => use.typeOnly)),
  );
  const types = typeStatements(typed);
  if (!types) return null;
  const edits = [
    replaceStatement(sourceCode, declaration.statement, [
      ...types,
      `import defer * as ${namespace} from ${declaration.sourceText}${semicolon}`,
    ]),
  ];
  for (const binding of declaration.bindings) {
    if (binding.markedType) continue;
    const rewrites = rewriteUses(binding, namespace);
    if (!rewrites) return null;
    edits.push(...rewrites);
  }
  return { edits, namespace };
}
