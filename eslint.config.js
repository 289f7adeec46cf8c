// The plugin lints its own source with its own recommended config: the built package, as
// users load it (`npm run build` runs before `npm run lint` in `npm test`).
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import lazyImports from './dist/index.js';

export default [
  {
    ignores: ['dist/', 'node_modules/', 'examples/**/dist/', 'tests/fixtures/', '.bench/'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
  },
  {
    files: ['src/**/*.ts'],
    ...lazyImports.configs.recommended,
    settings: {
      'lazy-imports': {
        heavy: [
          { name: 'typescript', reason: 'the compiler takes ~300 ms to load' },
          { name: 'eslint', reason: 'users may load the plugin without ESLint (oxlint)' },
          '@typescript-eslint/utils',
          '@typescript-eslint/parser',
          '@typescript-eslint/scope-manager',
          '@typescript-eslint/typescript-estree',
          { name: 'picomatch', reason: 'loaded on the first glob, not with the plugin' },
        ],
      },
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
];
