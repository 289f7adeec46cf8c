import type { ESLint } from 'eslint';

/** The built plugin, as users load it (`npm test` builds first). */
export async function builtPlugin(): Promise<ESLint.Plugin> {
  const { default: built } = (await import(new URL('../../../dist/index.js', import.meta.url).href)) as { default: ESLint.Plugin };
  return built;
}
