import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

// A start-up tool must not be heavy itself: importing the built plugin, as ESLint or oxlint
// does, loads none of the compilers and linters it only needs types from.
it('importing the built plugin loads neither typescript, eslint nor the scope manager', () => {
  const script = `
    import { createRequire } from 'node:module';
    const plugin = (await import(${JSON.stringify(entry)})).default;
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({ rules: Object.keys(plugin.rules), loaded }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const { rules, loaded } = JSON.parse(output) as { rules: string[]; loaded: string[] };
  expect(rules).toContain('banned-module-level-imports');
  const packages = new Set(
    loaded.flatMap((file) => {
      const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
      return match?.[1] ? [match[1].replace('\\', '/')] : [];
    }),
  );
  expect([...packages]).toEqual(['@typescript-eslint/types']);
  for (const heavy of ['typescript', 'eslint', '@typescript-eslint/scope-manager', 'picomatch']) {
    expect(packages.has(heavy)).toBe(false);
  }
});
