// A rolldown plugin for scripts/build.js: the source names AST node and token types through
// typescript-eslint's `AST_NODE_TYPES` and `AST_TOKEN_TYPES` enums, and the built plugin must not
// load `@typescript-eslint/types` for them (about half of what importing the plugin would cost).
// Each `AST_NODE_TYPES.Name` becomes the string it stands for, read from the enum itself at build
// time, and the import goes. Anything else that would load the package at run time (another
// import from it, the enum used as a value, a re-export, an `import()` of it) stops the build.
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/types';

const PACKAGE = '@typescript-eslint/types';
const ENUMS = new Map([
  ['AST_NODE_TYPES', AST_NODE_TYPES],
  ['AST_TOKEN_TYPES', AST_TOKEN_TYPES],
]);

/**
 * Rewrites one module's uses of the enums into string literals.
 * @param {string} code the module, as tsc emitted it
 * @param {import('estree').Program} program its syntax tree, with `start`/`end` offsets
 * @param {string} id the module's file, for messages
 * @returns {string | undefined} the module without the package, or undefined when it has no import of it
 */
function inlineAstTypesIn(code, program, id) {
  /** @type {Map<string, Record<string, string>>} local name → enum */
  const locals = new Map();
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== PACKAGE) continue;
    for (const specifier of statement.specifiers) {
      const imported = specifier.type === 'ImportSpecifier' ? specifierName(specifier.imported) : undefined;
      const values = imported === undefined ? undefined : ENUMS.get(imported);
      if (!values) {
        throw new Error(
          `${where(code, specifier, id)}: ${code.slice(specifier.start, specifier.end)} from '${PACKAGE}' would load it at run time; ` +
            `only ${[...ENUMS.keys()].join(' and ')} are inlined.`,
        );
      }
      locals.set(specifier.local.name, values);
    }
    edits.push({ start: statement.start, end: statement.end, text: '' });
  }
  if (locals.size === 0) return undefined;

  walk(program, (node, parent) => {
    if (node.type === 'ImportDeclaration') return false;
    if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && locals.has(node.object.name)) {
      const name = node.computed ? (node.property.type === 'Literal' ? node.property.value : undefined) : node.property.name;
      const values = locals.get(node.object.name);
      if (typeof name !== 'string' || values === undefined || !Object.hasOwn(values, name)) {
        throw new Error(`${where(code, node, id)}: ${code.slice(node.start, node.end)} is not a member of ${PACKAGE}'s enum; it cannot be inlined.`);
      }
      edits.push({ start: node.start, end: node.end, text: JSON.stringify(values[name]) });
      return false;
    }
    if (node.type === 'Identifier' && locals.has(node.name) && !isPropertyName(node, parent)) {
      throw new Error(
        `${where(code, node, id)}: ${node.name} is used as a value, which would load ${PACKAGE} at run time; name a member (${node.name}.Identifier).`,
      );
    }
    return true;
  });

  let out = code;
  for (const edit of edits.toSorted((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * The rolldown plugin: inlines the enums in every module, and fails the build on any load of
 * the package that survives, whatever its form.
 * @returns {import('rolldown').Plugin}
 */
export function inlineAstTypes() {
  return {
    name: 'inline-ast-types',
    resolveId(source, importer) {
      if (source === PACKAGE || source.startsWith(`${PACKAGE}/`)) {
        this.error(`${importer ?? 'the build'} loads ${source} at run time: the built plugin must not (scripts/inline-ast-types.js).`);
      }
      return null;
    },
    transform(code, id) {
      if (!code.includes(PACKAGE)) return null;
      const inlined = inlineAstTypesIn(code, this.parse(code), id);
      return inlined === undefined ? null : { code: inlined, map: null };
    },
    generateBundle(_options, bundle) {
      // A load the resolver never sees, such as a require() through createRequire, still names the package.
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        walk(this.parse(chunk.code), (node) => {
          const text = node.type === 'Literal' ? node.value : node.type === 'TemplateElement' ? node.value.cooked : undefined;
          if (typeof text === 'string' && (text === PACKAGE || text.startsWith(`${PACKAGE}/`))) {
            this.error(`${where(chunk.code, node, chunk.fileName)}: '${text}' in the built code could load it at run time.`);
          }
          return true;
        });
      }
    },
  };
}

/**
 * Calls `visit` on every node of an ESTree tree, parents first; `visit` returns false to skip a
 * node's children.
 * @param {any} node
 * @param {(node: any, parent: any) => boolean} visit
 * @param {any} [parent]
 */
function walk(node, visit, parent) {
  if (!visit(node, parent)) return;
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof child.type === 'string') walk(child, visit, node);
    }
  }
}

/** @param {any} name an ImportSpecifier's `imported`: an identifier or a string literal */
function specifierName(name) {
  return name.type === 'Identifier' ? name.name : String(name.value);
}

/** Whether an identifier is a property key or a non-computed member name, not a reference. */
function isPropertyName(node, parent) {
  if (!parent) return false;
  if (parent.type === 'MemberExpression') return parent.property === node && !parent.computed;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
    return parent.key === node && !parent.computed && !(parent.type === 'Property' && parent.shorthand);
  }
  return false;
}

/** `file:line:column` of a node, for messages. @param {string} code @param {any} node @param {string} file */
function where(code, node, file) {
  const before = code.slice(0, node.start).split('\n');
  return `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
