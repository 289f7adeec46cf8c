import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'rolldown';
import { inlineAstTypes } from '../../scripts/inline-ast-types.js';
import { temporaryDir } from '../support/files.js';

// The build step that keeps `@typescript-eslint/types` out of the bundle: the enums become the
// strings they stand for, and anything that would still load the package stops the build.

const tmp = temporaryDir('inline-ast-types');
afterAll(() => tmp.remove());

let count = 0;
/** Bundles one module, as tsc would emit it, with the plugin; returns the bundle's code. */
async function bundle(code: string): Promise<string> {
  count += 1;
  const input = tmp.write(`module-${count}.js`, code);
  const { output } = await build({
    input,
    platform: 'node',
    plugins: [inlineAstTypes()],
    logLevel: 'silent',
    write: false,
    output: { format: 'esm' },
  });
  return output[0].code;
}

describe('inlines', () => {
  it('each member of both enums as its string, and drops the import', async () => {
    const code = await bundle(
      "import { AST_NODE_TYPES, AST_TOKEN_TYPES as T } from '@typescript-eslint/types';\n" +
        "export const label = 'AST_NODE_TYPES → a string, with text before the uses that is not ASCII';\n" +
        "export const kinds = [AST_NODE_TYPES.ImportExpression, T.Punctuator, AST_NODE_TYPES['TSImportEqualsDeclaration']];\n" +
        'export const key = { AST_NODE_TYPES: 1 }.AST_NODE_TYPES;\n',
    );
    expect(code).not.toContain('@typescript-eslint/types');
    expect(code.replaceAll(/\s/g, '')).toContain('kinds=["ImportExpression","Punctuator","TSImportEqualsDeclaration"]');
    expect(code).toContain('"AST_NODE_TYPES → a string, with text before the uses that is not ASCII"');
  });

  it('leaves modules without the package alone', async () => {
    expect(await bundle("export const kind = 'Identifier';\n")).toContain('"Identifier"');
  });
});

describe('stops the build when the package would still load', () => {
  it.each([
    ['an enum used as a value', "import { AST_NODE_TYPES } from '@typescript-eslint/types';\nexport const all = Object.values(AST_NODE_TYPES);\n", /module-\d+\.js:2:\d+: AST_NODE_TYPES is used as a value/],
    ['a name that is not a member', "import { AST_NODE_TYPES } from '@typescript-eslint/types';\nexport const kind = AST_NODE_TYPES.NoSuchNode;\n", /AST_NODE_TYPES\.NoSuchNode is not a member/],
    ['another import from the package', "import { AST_NODE_TYPES, TSESTree } from '@typescript-eslint/types';\nexport const t = [AST_NODE_TYPES.Identifier, TSESTree];\n", /TSESTree from '@typescript-eslint\/types' would load it at run time/],
    ['a namespace import', "import * as types from '@typescript-eslint/types';\nexport const t = types.AST_NODE_TYPES.Identifier;\n", /\* as types from '@typescript-eslint\/types' would load it/],
    ['a re-export', "export { AST_NODE_TYPES } from '@typescript-eslint/types';\n", /loads @typescript-eslint\/types at run time/],
    ['an import()', "export const load = () => import('@typescript-eslint/types');\n", /loads @typescript-eslint\/types at run time/],
    [
      'a require() the resolver never sees',
      "import { createRequire } from 'node:module';\nexport const types = createRequire(import.meta.url)('@typescript-eslint/types');\n",
      /'@typescript-eslint\/types' in the built code could load it at run time/,
    ],
  ])('%s', async (_name, code, message) => {
    await expect(bundle(code)).rejects.toThrow(message);
  });
});
