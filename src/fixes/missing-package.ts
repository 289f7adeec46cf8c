import { packageNameOf } from '../analysis/resolve.js';
import type { LoadCall } from './lazy-form.js';

/** A package that users of the linted package may not have installed: an optional dependency of it. */
export interface OptionalPackage {
  /** The specifier as imported (`openai`, `openai/helpers`). */
  readonly specifier: string;
  /** The `name` of the package that declares the dependency. */
  readonly owner: string;
}

/**
 * The condition, in JavaScript that also type-checks as TypeScript (`error` may be `unknown`),
 * that `error` says the package itself could not be found. Node says so with the package's
 * name in quotes: `Cannot find package 'openai' imported from …` (ES modules) or `Cannot find
 * module 'openai/helpers'` (CommonJS). A module missing inside an installed package names
 * another module or a path, so it fails the check and is thrown as it was.
 */
function isMissingCheck({ specifier }: OptionalPackage): string {
  const names = [...new Set([packageNameOf(specifier), specifier])].map((name) => `error.message.includes(${JSON.stringify(`'${name}'`)})`);
  const named = names.length > 1 ? `(${names.join(' || ')})` : (names[0] ?? '');
  return [
    'error instanceof Error',
    "'code' in error",
    "(error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND')",
    named,
  ].join(' && ');
}

/** The message of the error the lazy form throws when the package is not installed. */
export function missingPackageMessage({ specifier, owner }: OptionalPackage): string {
  const name = packageNameOf(specifier);
  return `'${name}' is not installed, and ${owner} needs it here: install it with \`npm install ${name}\`.`;
}

/** Lines that throw the clear error for a missing package and rethrow anything else, one level in by `unit`. */
function rethrowLines(optional: OptionalPackage, unit: string): string[] {
  return [
    `if (${isMissingCheck(optional)}) {`,
    `${unit}throw new Error(${JSON.stringify(missingPackageMessage(optional))});`,
    '}',
    'throw error;',
  ];
}

/**
 * Wraps the load of an optional package (`import('openai')`, `require('openai')`) so that a
 * missing package gets an error that names it and says how to install it, and any other error
 * (a module missing inside the installed package, an error its code throws) goes through
 * unchanged. The result is an expression of several lines, indented by `unit` from the line
 * it starts on; its value is what the load gives.
 */
export function guardedLoad(load: string, call: LoadCall, optional: OptionalPackage, unit: string): string {
  const rethrow = rethrowLines(optional, unit);
  if (call === 'dynamic-import') {
    return [`${load}.catch((error) => {`, ...rethrow.map((line) => unit + line), '})'].join('\n');
  }
  return [
    '(() => {',
    `${unit}try {`,
    `${unit.repeat(2)}return ${load};`,
    `${unit}} catch (error) {`,
    ...rethrow.map((line) => unit.repeat(2) + line),
    `${unit}}`,
    '})()',
  ].join('\n');
}
