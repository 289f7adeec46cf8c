import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { bindingUses, type BindingUse, type ReferenceLike } from '../analysis/binding-uses.js';
import type { ModuleLoad } from '../analysis/module-loads.js';

/** How a module-level declaration loads the module, which decides the shape of its lazy form. */
export type DeclarationForm =
  /** `import … from 'm'` */
  | 'import'
  /** TypeScript `import x = require('m')` */
  | 'import-equals'
  /** `const x = require('m')`, `const { a } = require('m')`, `const x = require('m').a` */
  | 'require';

/** One name that a module-level load declares. */
export interface LoadedBinding {
  readonly local: string;
  /**
   * The key that reads the binding off the loaded module, as written in a destructuring
   * pattern (`alpha`, `default`, `'a-b'`), or `null` when the binding is the whole value
   * (`import * as ns`, `import ns = require()`, `const ns = require()`).
   */
  readonly key: string | null;
  /** `import { type A }`: the binding is declared for types only. */
  readonly markedType: boolean;
  /** The specifier or pattern property that declares it. */
  readonly node: TSESTree.Node;
  /** Its uses, in source order. */
  readonly uses: readonly BindingUse[];
  /** The uses that need its value at run time, in source order. */
  readonly values: readonly BindingUse[];
}

/** A top-level statement that loads a module and names what it loads. */
export interface LoadDeclaration {
  readonly form: DeclarationForm;
  /** The top-level statement to rewrite or remove. */
  readonly statement: TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration | TSESTree.VariableDeclaration;
  /** The module specifier as written, quotes included. */
  readonly sourceText: string;
  readonly bindings: readonly LoadedBinding[];
  /** For `require`: the initializer as written (`require('m')`, `require('m').a`). */
  readonly initText: string;
  /** For `require`: the declaration's type annotation as written (`: T`), or ''. */
  readonly annotationText: string;
}

type Variable = Scope.Variable;

/** The references that read a binding: the write that initializes `const x = require()` is not a use. */
function readsOf(variable: Variable): ReferenceLike[] {
  return variable.references.filter((reference) => reference.init !== true);
}

function usesOf(variable: Variable): readonly BindingUse[] {
  if (variable.references.every((reference) => reference.init !== true)) return bindingUses([variable]);
  return bindingUses([{ name: variable.name, references: readsOf(variable) }]);
}

/** A binding with its uses, and its value uses picked out once for the many questions asked of them. */
function loadedBinding(
  local: string,
  key: string | null,
  markedType: boolean,
  node: TSESTree.Node,
  variable: Variable,
): LoadedBinding {
  const uses = usesOf(variable);
  return { local, key, markedType, node, uses, values: uses.filter((use) => !use.typeOnly) };
}

function keyText(sourceCode: Readonly<SourceCode>, node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : sourceCode.getText(node);
}

function importBindings(sourceCode: Readonly<SourceCode>, node: TSESTree.ImportDeclaration): LoadedBinding[] | undefined {
  const variables = sourceCode.getDeclaredVariables(node);
  const bindings: LoadedBinding[] = [];
  for (const [index, specifier] of node.specifiers.entries()) {
    // Scope managers declare an import's variables in the order of its specifiers; one that did
    // not would leave the import to the scope manager's own answers.
    const variable = variables[index];
    if (variable?.defs.length !== 1 || variable.defs[0]?.node !== specifier) return undefined;
    let key: string | null;
    switch (specifier.type) {
      case AST_NODE_TYPES.ImportNamespaceSpecifier:
        key = null;
        break;
      case AST_NODE_TYPES.ImportDefaultSpecifier:
        key = 'default';
        break;
      case AST_NODE_TYPES.ImportSpecifier:
        key = keyText(sourceCode, specifier.imported);
        break;
    }
    const markedType = specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type';
    bindings.push(loadedBinding(specifier.local.name, key, markedType, specifier, variable));
  }
  return bindings;
}

/** `require('m')` itself, or a chain of plain property reads on it (`require('m').a.b`). */
function isRequireChain(node: TSESTree.Node, call: TSESTree.Node): boolean {
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed && !current.optional) {
    current = current.object;
  }
  return current === call;
}

function requireBindings(
  sourceCode: Readonly<SourceCode>,
  declarator: TSESTree.VariableDeclarator,
): LoadedBinding[] | undefined {
  const variables = sourceCode.getDeclaredVariables(declarator);
  // Any later assignment makes the module-level variable more than a name for the module.
  if (variables.some((variable) => variable.references.some((reference) => reference.init !== true && reference.isWrite()))) {
    return undefined;
  }
  const { id } = declarator;
  if (id.type === AST_NODE_TYPES.Identifier) {
    const variable = variables[0];
    if (!variable) return undefined;
    return [loadedBinding(id.name, null, false, id, variable)];
  }
  if (id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const bindings: LoadedBinding[] = [];
  for (const property of id.properties) {
    // A rest element depends on every other key, and a default value or computed key may
    // read names the function does not see: such patterns are not moved.
    if (
      property.type !== AST_NODE_TYPES.Property ||
      property.computed ||
      property.value.type !== AST_NODE_TYPES.Identifier ||
      (property.key.type !== AST_NODE_TYPES.Identifier && property.key.type !== AST_NODE_TYPES.Literal)
    ) {
      return undefined;
    }
    const value = property.value;
    const variable = variables.find((candidate) => candidate.name === value.name);
    if (!variable) return undefined;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : sourceCode.getText(property.key);
    bindings.push(loadedBinding(value.name, key, false, property, variable));
  }
  return bindings;
}

/**
 * Whether an import carries `with { … }` attributes. Older parsers (ESLint 8's espree) name
 * them `assertions`, or leave both out.
 */
function hasImportAttributes(node: TSESTree.ImportDeclaration): boolean {
  const { attributes } = node as { attributes?: readonly unknown[] };
  // typescript-eslint keeps `assertions` as a getter that warns: read it only where there is no `attributes`.
  if (attributes) return attributes.length > 0;
  const { assertions } = node as { assertions?: readonly unknown[] };
  return (assertions?.length ?? 0) > 0;
}

/**
 * The top-level declaration behind a module load and the bindings it declares, when the load
 * is one this plugin knows how to rewrite: an `import` with bindings, a top-level
 * `import x = require()`, or a top-level single `const … = require()` declaration.
 * `undefined` for anything else (side-effect imports, re-exports, `require()` in an
 * expression, import attributes).
 */
export function loadDeclarationOf(sourceCode: Readonly<SourceCode>, load: ModuleLoad): LoadDeclaration | undefined {
  const { node } = load;
  const sourceText = sourceCode.getText(load.source);
  // Written out, not spread from a shared base: this runs for every finding.
  switch (node.type) {
    case AST_NODE_TYPES.ImportDeclaration: {
      if (node.specifiers.length === 0 || hasImportAttributes(node) || node.parent.type !== AST_NODE_TYPES.Program) {
        return undefined;
      }
      const bindings = importBindings(sourceCode, node);
      return bindings && { form: 'import', statement: node, sourceText, bindings, initText: '', annotationText: '' };
    }
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      if (node.parent.type !== AST_NODE_TYPES.Program) return undefined;
      const variable = sourceCode.getDeclaredVariables(node)[0];
      if (!variable) return undefined;
      const binding = loadedBinding(node.id.name, null, false, node.id, variable);
      return { form: 'import-equals', statement: node, sourceText, bindings: [binding], initText: '', annotationText: '' };
    }
    case AST_NODE_TYPES.CallExpression: {
      let declarator: TSESTree.Node = node;
      while (declarator.parent && declarator.type !== AST_NODE_TYPES.VariableDeclarator) declarator = declarator.parent;
      if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init) return undefined;
      const declaration = declarator.parent;
      if (
        !isRequireChain(declarator.init, node) ||
        declaration.declarations.length !== 1 ||
        declaration.declare ||
        declaration.parent.type !== AST_NODE_TYPES.Program
      ) {
        return undefined;
      }
      const bindings = requireBindings(sourceCode, declarator);
      const annotation = declarator.id.typeAnnotation;
      return (
        bindings && {
          form: 'require',
          statement: declaration,
          sourceText,
          bindings,
          initText: sourceCode.getText(declarator.init),
          annotationText: annotation ? sourceCode.getText(annotation) : '',
        }
      );
    }
    default:
      return undefined;
  }
}

/** A binding's uses that need its value at run time. */
export function valueUses(binding: LoadedBinding): readonly BindingUse[] {
  return binding.values;
}

/** Whether a binding is used somewhere as a type. */
export function hasTypeUse(binding: LoadedBinding): boolean {
  return binding.values.length < binding.uses.length;
}
