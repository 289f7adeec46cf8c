// `eslint --fix` across the whole fixture project with `autofix: true`, as a user converts a
// repository: what is fixed, what is left, that a second run changes nothing, and that the
// fixed code still works and no longer loads the heavy module at start-up.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eslint10Project, fromEslintJson, referenceFindings, RULE, type Finding } from './support/findings.js';
import { eslint, pluginFacts, scratchCopy } from './support/package.js';
import { runOrThrow } from './support/run.js';

const project = await eslint10Project();
const fixable = (await pluginFacts(project)).rules[RULE.split('/')[1] ?? '']?.fixable != null;

/** Findings that no fix may remove: their bindings are used at module level, or nothing is bound. */
const UNFIXABLE_FILES = new Set(['src/index.ts', 'src/legacy.cjs', 'src/worker.js']);

/** Imports a module of the project and calls one export; reports what was loaded before and after the call. */
const PROBE = `
const module = await import('./src/charge.js');
const atStartUp = [...(globalThis.loadedHeavyModules ?? [])];
const result = await module.charge(5);
console.log(JSON.stringify({ atStartUp, afterCall: globalThis.loadedHeavyModules ?? [], result }));
`;

interface Probe {
  readonly atStartUp: string[];
  readonly afterCall: string[];
  readonly result: unknown;
}

async function probe(dir: string): Promise<Probe> {
  const { stdout } = await runOrThrow(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: dir });
  return JSON.parse(stdout) as Probe;
}

function sources(dir: string): Record<string, string> {
  const files = readdirSync(path.join(dir, 'src'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files.map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(dir, file), readFileSync(file, 'utf8')];
    }),
  );
}

describe('eslint --fix across a repository, autofix: true', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-fix-'));

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.skipIf(!fixable)(
    `converts every import that has a safe lazy or type-only form${fixable ? '' : ' (skipped: the packed rule has no meta.fixable)'}`,
    async () => {
      const dir = scratchCopy(project, path.join(scratch, 'project'));
      expect(await probe(dir)).toMatchObject({ atStartUp: ['stripe'] });
      const fix = () => eslint(dir, ['--config', 'eslint.autofix.config.js', '--fix', '--format', 'json', '.']);

      const first = await fix();
      expect(first.stderr).toBe('');
      expect(first.code).toBe(1);
      const left: Finding[] = fromEslintJson(first.stdout, dir);
      expect(left.filter((finding) => finding.ruleId !== RULE), 'parse errors or other rules').toEqual([]);
      const reference = await referenceFindings();
      expect(left.map(({ file, line, column }) => ({ file, line, column }))).toEqual(
        reference.filter((finding) => UNFIXABLE_FILES.has(finding.file)).map(({ file, line, column }) => ({ file, line, column })),
      );

      const fixed = sources(dir);
      expect(fixed['src/billing.ts']).toMatch(/^import type Stripe from 'stripe';$/m);
      expect(fixed['src/cli.ts']).toMatch(/^import type \{ drive_v3 \} from 'googleapis';$/m);
      expect(fixed['src/cli.ts']).toMatch(/^import type \{ PutObjectCommandInput \} from '@aws-sdk\/client-s3';$/m);
      for (const load of [
        "const { default: Stripe } = await import('stripe');",
        "const { S3Client } = await import('@aws-sdk/client-s3');",
        "const { summarize } = await import('./vendors/openai/client.js');",
      ]) {
        expect(fixed['src/cli.ts']).toContain(load);
      }
      expect(fixed['src/charge.js']).toContain("const { default: Stripe } = await import('stripe');");
      for (const file of UNFIXABLE_FILES) expect(fixed[file]).toBe(readFileSync(path.join(project, file), 'utf8'));

      // Stable: a second run finds the same and changes nothing.
      const second = await fix();
      expect(fromEslintJson(second.stdout, dir)).toEqual(left);
      expect(sources(dir)).toEqual(fixed);

      // Same behaviour when called, and the SDK is no longer loaded at start-up.
      expect(await probe(dir)).toEqual({ atStartUp: [], afterCall: ['stripe'], result: { amount: 5, key: 'sk_test' } });
    },
    180_000,
  );
});
