import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';

const dist = (file: string): string => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const tmp = temporaryDir('import-cost');
afterAll(() => tmp.remove());

/**
 * The packages (by name, from their folder under node_modules) that importing `entry` in a fresh
 * `node` loads: ES modules as a resolve hook sees them, CommonJS ones from the require cache.
 */
function packagesLoadedBy(entry: string): { packages: string[]; exports: string[]; rules: string[] } {
  const log = tmp.write(`${entry.replaceAll(/\W/g, '-')}.log`, '');
  const hooks = `import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  const register = `import { register } from 'node:module';
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const script = `
    import { createRequire } from 'node:module';
    const exported = await import(${JSON.stringify(entry)});
    const required = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({ exports: Object.keys(exported), rules: Object.keys(exported.default?.rules ?? {}), required }));
  `;
  const output = execFileSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  const { exports, rules, required } = JSON.parse(output) as { exports: string[]; rules: string[]; required: string[] };
  const resolved = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url));
  const packages = new Set(
    [...required, ...resolved].flatMap((file) => {
      const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
      return match?.[1] ? [match[1].replace('\\', '/')] : [];
    }),
  );
  return { packages: [...packages].toSorted(), exports, rules };
}

// A start-up tool must not be heavy itself: importing the built plugin, as ESLint or oxlint
// does, loads no package at all. The AST type names are strings in the bundle (the build
// inlines typescript-eslint's enums), and every runtime dependency loads on first use.
it('importing the built plugin loads no package: no typescript, eslint, scope manager or @typescript-eslint/types', () => {
  const { packages, rules } = packagesLoadedBy(dist('index.js'));
  expect(rules).toContain('banned-module-level-imports');
  expect(packages).toEqual([]);
});

it('the programmatic trace entry loads no @typescript-eslint package either', () => {
  const { packages, exports } = packagesLoadedBy(dist('command/trace.js'));
  expect(exports).toContain('trace');
  expect(packages.filter((name) => name.startsWith('@typescript-eslint/'))).toEqual([]);
});
