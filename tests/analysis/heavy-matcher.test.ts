import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createHeavyMatcher, describeMatch, type HeavyMatch } from '../../src/analysis/heavy-matcher.js';
import type { HeavyEntry } from '../../src/analysis/settings.js';

/** The working directory of every test: a small project under tests/fixtures/matcher. */
const cwd = fileURLToPath(new URL('../fixtures/matcher/', import.meta.url));
const fromApp = path.join(cwd, 'src/app.ts');

function at(file: string): string {
  return path.join(cwd, file);
}

function entriesOf(list: readonly (string | HeavyEntry)[]): HeavyEntry[] {
  return list.map((entry) => (typeof entry === 'string' ? { name: entry } : entry));
}

function match(
  list: readonly (string | HeavyEntry)[],
  specifier: string,
  importer = fromApp,
): HeavyMatch | undefined {
  return createHeavyMatcher(entriesOf(list), cwd).match(specifier, importer);
}

/** The name of the entry `specifier` matches, or `undefined`. */
function matchedName(list: readonly (string | HeavyEntry)[], specifier: string, importer = fromApp): string | undefined {
  return match(list, specifier, importer)?.entry.name;
}

describe('package entries', () => {
  const rows: { entry: string; matches: string[]; doesNotMatch: string[] }[] = [
    {
      entry: 'stripe',
      matches: ['stripe', 'stripe/lib/x', 'stripe/lib/resources/Charges.js'],
      doesNotMatch: ['stripe-mock', './stripe', '../stripe', '@stripe/stripe-js', 'stripes'],
    },
    {
      entry: '@aws-sdk/client-s3',
      matches: ['@aws-sdk/client-s3', '@aws-sdk/client-s3/dist-cjs/index.js'],
      doesNotMatch: ['@aws-sdk/client-sqs', '@aws-sdk/client-s3-control', '@aws-sdk', 'client-s3'],
    },
    {
      entry: 'lodash/fp',
      matches: ['lodash/fp', 'lodash/fp/map'],
      doesNotMatch: ['lodash', 'lodash/map', 'lodash/fpx', 'lodash-es/fp'],
    },
    {
      entry: '@aws-sdk/*',
      matches: ['@aws-sdk/client-s3', '@aws-sdk/client-sqs', '@aws-sdk/client-s3/dist-cjs/index.js'],
      doesNotMatch: ['@aws-sdk-x/a', '@aws-sdk', 'aws-sdk', '@smithy/types'],
    },
    {
      entry: 'fs',
      matches: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
      doesNotMatch: ['fs-extra', './fs', 'node:path'],
    },
    {
      entry: 'node:fs',
      matches: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
      doesNotMatch: ['fs-extra', 'path'],
    },
    {
      entry: 'fs/promises',
      matches: ['fs/promises', 'node:fs/promises'],
      doesNotMatch: ['fs', 'node:fs'],
    },
    {
      // `node:test` exists only with its prefix; the bare name is an npm package.
      entry: 'node:test',
      matches: ['node:test', 'node:test/reporters'],
      doesNotMatch: ['test', 'test/x'],
    },
    {
      entry: 'test',
      matches: ['test', 'test/x'],
      doesNotMatch: ['node:test'],
    },
  ];

  for (const { entry, matches, doesNotMatch } of rows) {
    describe(`entry '${entry}'`, () => {
      it.each(matches)('matches %s', (specifier) => {
        expect(matchedName([entry], specifier)).toBe(entry);
      });
      it.each(doesNotMatch)('does not match %s', (specifier) => {
        expect(matchedName([entry], specifier)).toBeUndefined();
      });
    });
  }

  it('ignores a trailing slash in the entry', () => {
    expect(matchedName(['stripe/'], 'stripe/lib/x')).toBe('stripe/');
    expect(matchedName(['stripe/'], 'stripe-mock')).toBeUndefined();
  });

  it('does not match a subpath of an unlisted package against a scope glob', () => {
    expect(matchedName(['@aws-sdk/*', 'stripe'], 'lodash/map')).toBeUndefined();
    expect(matchedName(['@aws-sdk/*'], 'lodash/fp/map')).toBeUndefined();
  });

  it('returns the first entry that matches, in list order', () => {
    expect(matchedName(['@aws-sdk/*', '@aws-sdk/client-s3'], '@aws-sdk/client-sqs')).toBe('@aws-sdk/*');
    expect(matchedName(['lodash/fp', 'lodash'], 'lodash/fp/map')).toBe('lodash');
  });
});

describe('path entries', () => {
  const loadAll = './src/sources/load-all.ts';

  it.each([
    ['./sources/load-all', 'src/app.ts'],
    ['./sources/load-all.ts', 'src/app.ts'],
    ['./sources/load-all.js', 'src/app.ts'],
    ['../../sources/load-all.js', 'src/heavy/nested/deep.ts'],
    ['./load-all', 'src/sources/other.ts'],
  ])('%s from %s resolves to the entry file', (specifier, importer) => {
    expect(matchedName([loadAll], specifier, at(importer))).toBe(loadAll);
  });

  it('matches an absolute specifier naming the file', () => {
    expect(matchedName([loadAll], at('src/sources/load-all.ts'))).toBe(loadAll);
  });

  it('accepts an entry written without ./ or with .. segments inside the working directory', () => {
    expect(matchedName(['./src/heavy/../sources/load-all.ts'], './sources/load-all')).toBe(
      './src/heavy/../sources/load-all.ts',
    );
  });

  it.each([
    ['./sources/other', 'src/app.ts'],
    ['./sources', 'src/app.ts'],
    ['./load-all', 'src/app.ts'],
    ['load-all', 'src/app.ts'],
    ['./src/sources/load-all', 'src/app.ts'],
  ])('%s from %s does not match', (specifier, importer) => {
    expect(matchedName([loadAll], specifier, at(importer))).toBeUndefined();
  });

  describe('resolves every source extension', () => {
    it.each([
      ['ts-file.ts', ['./heavy/ts-file', './heavy/ts-file.ts', './heavy/ts-file.js']],
      ['tsx-file.tsx', ['./heavy/tsx-file', './heavy/tsx-file.tsx', './heavy/tsx-file.js', './heavy/tsx-file.jsx']],
      ['mts-file.mts', ['./heavy/mts-file', './heavy/mts-file.mts', './heavy/mts-file.mjs']],
      ['cts-file.cts', ['./heavy/cts-file', './heavy/cts-file.cts', './heavy/cts-file.cjs']],
      ['js-file.js', ['./heavy/js-file', './heavy/js-file.js']],
      ['jsx-file.jsx', ['./heavy/jsx-file', './heavy/jsx-file.jsx']],
      ['mjs-file.mjs', ['./heavy/mjs-file', './heavy/mjs-file.mjs']],
      ['cjs-file.cjs', ['./heavy/cjs-file', './heavy/cjs-file.cjs']],
    ])('src/heavy/%s', (file, specifiers) => {
      const entry = `./src/heavy/${file}`;
      for (const specifier of specifiers) expect(matchedName([entry], specifier), specifier).toBe(entry);
    });
  });

  it('matches the file on disk, not every name the import could have had', () => {
    // ts-file.ts exists, so `./heavy/ts-file` is that file and not ts-file.js.
    expect(matchedName(['./src/heavy/ts-file.js'], './heavy/ts-file')).toBeUndefined();
    // Both exist: TypeScript reads the source, so `./emitted/both.js` names both.ts.
    expect(matchedName(['./src/emitted/both.ts'], './emitted/both.js')).toBe('./src/emitted/both.ts');
    expect(matchedName(['./src/emitted/both.js'], './emitted/both.js')).toBeUndefined();
  });

  it('resolves a directory to its index file', () => {
    const entry = './src/heavy/dir/index.ts';
    for (const specifier of ['./heavy/dir', './heavy/dir/', './heavy/dir/index', './heavy/dir/index.js']) {
      expect(matchedName([entry], specifier), specifier).toBe(entry);
    }
    expect(matchedName([entry], '.', at('src/heavy/dir/other.ts'))).toBe(entry);
    expect(matchedName([entry], '..', at('src/heavy/dir/sub/other.ts'))).toBe(entry);
    expect(matchedName(['./src/heavy/dir/index.js'], './heavy/dir')).toBeUndefined();
  });

  it('prefers a file to a directory of the same name, unless the import ends with a slash', () => {
    // src/plain.ts and src/plain/index.ts both exist.
    expect(matchedName(['./src/plain.ts'], './plain')).toBe('./src/plain.ts');
    expect(matchedName(['./src/plain/index.ts'], './plain')).toBeUndefined();
    expect(matchedName(['./src/plain/index.ts'], './plain/')).toBe('./src/plain/index.ts');
    expect(matchedName(['./src/plain.ts'], './plain/')).toBeUndefined();
  });

  describe('glob ./src/heavy/**', () => {
    const glob = './src/heavy/**';
    it.each([
      './heavy/ts-file',
      './heavy/tsx-file.js',
      './heavy/mts-file.mjs',
      './heavy/cts-file.cjs',
      './heavy/js-file.js',
      './heavy/jsx-file',
      './heavy/mjs-file',
      './heavy/cjs-file',
      './heavy/dir',
      './heavy/nested/deep.js',
    ])('matches %s', (specifier) => {
      expect(matchedName([glob], specifier)).toBe(glob);
    });
    it.each(['./plain/light', './plain', './sources/load-all', '../src/heavy-ish'])('does not match %s', (specifier) => {
      expect(matchedName([glob], specifier)).toBeUndefined();
    });
    it('matches imports between files inside the glob', () => {
      expect(matchedName([glob], '../ts-file.js', at('src/heavy/nested/deep.ts'))).toBe(glob);
    });
  });

  it('matches files that do not exist yet by the places they could be', () => {
    expect(matchedName(['./src/heavy/**'], './heavy/not-written-yet')).toBe('./src/heavy/**');
    expect(matchedName(['./src/generated/routes.ts'], './generated/routes')).toBe('./src/generated/routes.ts');
    expect(matchedName(['./src/generated/routes.ts'], './generated/routes.js')).toBe('./src/generated/routes.ts');
    expect(matchedName(['./src/generated/index.ts'], './generated')).toBe('./src/generated/index.ts');
    expect(matchedName(['./src/generated/routes.ts'], './generated/other')).toBeUndefined();
    expect(matchedName(['./src/heavy/**'], './elsewhere/not-written-yet')).toBeUndefined();
  });

  it('never matches a package specifier against a path entry', () => {
    expect(matchedName(['./src/heavy/**'], 'heavy')).toBeUndefined();
    expect(matchedName(['./node_modules/stripe/**'], 'stripe')).toBeUndefined();
  });
});

describe('a working directory whose name holds glob characters', () => {
  const odd = mkdtempSync(path.join(os.tmpdir(), 'lazy imports (1) [a]+{b}-'));
  afterAll(() => rmSync(odd, { recursive: true, force: true }));
  mkdirSync(path.join(odd, 'src/vendors'), { recursive: true });
  writeFileSync(path.join(odd, 'src/heavy.ts'), 'export {};\n');
  writeFileSync(path.join(odd, 'src/vendors/openai.ts'), 'export {};\n');

  it('still matches path entries and allowIn globs relative to it', () => {
    const matcher = createHeavyMatcher(
      [{ name: './src/heavy.ts' }, { name: 'openai', allowIn: ['src/vendors/**'] }],
      odd,
    );
    const app = path.join(odd, 'src/app.ts');
    expect(matcher.match('./heavy.js', app)?.entry.name).toBe('./src/heavy.ts');
    expect(matcher.match('openai', app)?.entry.name).toBe('openai');
    expect(matcher.match('openai', path.join(odd, 'src/vendors/openai.ts'))).toBeUndefined();
    expect(matcher.match('./vendors/openai', app)).toEqual({ entry: { name: 'openai', allowIn: ['src/vendors/**'] }, carrier: true });
  });
});

describe('allowIn', () => {
  const openai: HeavyEntry = { name: 'openai', allowIn: ['src/vendors/openai/**'] };
  const client = at('src/vendors/openai/client.ts');

  it('lets a file inside allowIn import the entry', () => {
    expect(match([openai], 'openai', client)).toBeUndefined();
    expect(match([openai], 'openai/resources/chat', client)).toBeUndefined();
  });

  it('still names the entry inside allowIn when asked where it is heavy at all (anywhere)', () => {
    const matcher = createHeavyMatcher([openai], cwd);
    expect(matcher.match('openai', client, true)).toEqual({ entry: openai });
    expect(matcher.match('./client.js', at('src/vendors/openai/index.ts'), true)).toEqual({ entry: openai, carrier: true });
  });

  it('reports the entry itself when imported from outside allowIn', () => {
    expect(match([openai], 'openai')).toEqual({ entry: openai });
  });

  it('reports a file inside allowIn imported from outside as a carrier of the entry', () => {
    for (const specifier of ['./vendors/openai/client', './vendors/openai/client.js', './vendors/openai/client.ts']) {
      expect(match([openai], specifier), specifier).toEqual({ entry: openai, carrier: true });
    }
    expect(match([openai], '../../vendors/openai/helpers.js', at('src/heavy/nested/deep.ts'))).toEqual({
      entry: openai,
      carrier: true,
    });
  });

  it('lets files inside allowIn import each other', () => {
    expect(match([openai], './client', at('src/vendors/openai/helpers.ts'))).toBeUndefined();
    expect(match([openai], './helpers.js', client)).toBeUndefined();
  });

  it('does not touch files outside allowIn', () => {
    expect(match([openai], './plain/light')).toBeUndefined();
    expect(match([openai], './sources/load-all')).toBeUndefined();
  });

  it('reads globs written with ./ the same way', () => {
    const dotted: HeavyEntry = { name: 'openai', allowIn: ['./src/vendors/openai/**'] };
    expect(match([dotted], 'openai', client)).toBeUndefined();
    expect(match([dotted], './vendors/openai/client')).toEqual({ entry: dotted, carrier: true });
  });

  it('applies to scope globs and path entries too', () => {
    const aws: HeavyEntry = { name: '@aws-sdk/*', allowIn: ['src/vendors/**'] };
    expect(match([aws], '@aws-sdk/client-s3', client)).toBeUndefined();
    expect(match([aws], '@aws-sdk/client-s3')).toEqual({ entry: aws });

    const loadAll: HeavyEntry = { name: './src/sources/load-all.ts', allowIn: ['src/app.ts'] };
    expect(match([loadAll], './sources/load-all')).toBeUndefined();
    expect(match([loadAll], './sources/load-all', at('src/plain.ts'))).toEqual({ entry: loadAll });
  });

  it('still reports an entry that another entry of the same name does not allow', () => {
    const plain: HeavyEntry = { name: 'openai' };
    expect(match([plain, openai], 'openai', client)).toEqual({ entry: plain });
    expect(match([openai, plain], 'openai', client)).toEqual({ entry: plain });
  });

  it('reports the entry, not a carrier, when a carrier file is also a heavy path', () => {
    const loadAll: HeavyEntry = { name: './src/vendors/openai/client.ts' };
    expect(match([openai, loadAll], './vendors/openai/client')).toEqual({ entry: loadAll });
  });
});

describe('describeMatch', () => {
  const googleapis: HeavyEntry = { name: 'googleapis', reason: 'adds ~650 ms to start-up' };
  const openai: HeavyEntry = { name: 'openai', allowIn: ['src/vendors/openai/**'] };

  function described(list: readonly (string | HeavyEntry)[], specifier: string): string {
    const found = match(list, specifier);
    if (!found) throw new Error(`${specifier} should match`);
    return describeMatch(specifier, found);
  }

  it('names the entry when the specifier is the entry', () => {
    expect(described(['stripe'], 'stripe')).toBe("heavy 'stripe'");
    expect(described([googleapis], 'googleapis')).toBe("heavy 'googleapis' (adds ~650 ms to start-up)");
  });

  it('names the specifier and the entry it matches', () => {
    expect(described(['stripe'], 'stripe/lib/x')).toBe("heavy 'stripe/lib/x' (matches 'stripe')");
    expect(described([googleapis], 'googleapis/build/src/apis/drive')).toBe(
      "heavy 'googleapis/build/src/apis/drive' (matches 'googleapis'; adds ~650 ms to start-up)",
    );
    expect(described(['fs'], 'node:fs')).toBe("heavy 'node:fs' (matches 'fs')");
    expect(described(['./src/sources/load-all.ts'], './sources/load-all.js')).toBe(
      "heavy './sources/load-all.js' (matches './src/sources/load-all.ts')",
    );
  });

  it('names an optional dependency by the package that declares it', () => {
    const peer: HeavyEntry = { name: 'openai', optional: { owner: '@acme/sdk', peer: true } };
    expect(described([peer], 'openai')).toBe("optional peer dependency 'openai' of @acme/sdk");
    expect(described([{ ...peer, reason: 'one provider' }], 'openai/helpers')).toBe(
      "'openai/helpers' (optional peer dependency 'openai' of @acme/sdk; one provider)",
    );
    expect(described([{ ...peer, reason: 'one provider' }], 'openai')).toBe("optional peer dependency 'openai' of @acme/sdk (one provider)");
    expect(described([{ name: 'fast-native', optional: { owner: '@acme/sdk', peer: false } }], 'fast-native')).toBe(
      "optional dependency 'fast-native' of @acme/sdk",
    );
  });

  it('says which heavy entry a carrier file loads', () => {
    expect(described([openai], './vendors/openai/client')).toBe(
      "'./vendors/openai/client' (loads heavy 'openai')",
    );
    expect(described([{ ...openai, reason: 'adds ~200 ms' }], './vendors/openai/client')).toBe(
      "'./vendors/openai/client' (loads heavy 'openai'; adds ~200 ms)",
    );
  });
});

describe('createHeavyMatcher', () => {
  it('returns the same matcher for equal lists in the same working directory', () => {
    const first = createHeavyMatcher([{ name: 'stripe' }, { name: 'openai', allowIn: ['src/**'] }], cwd);
    const second = createHeavyMatcher([{ name: 'stripe' }, { name: 'openai', allowIn: ['src/**'] }], cwd);
    expect(second).toBe(first);
  });

  it('compiles a new matcher for a different list or working directory', () => {
    const first = createHeavyMatcher([{ name: 'stripe' }], cwd);
    expect(createHeavyMatcher([{ name: 'stripe' }, { name: 'openai' }], cwd)).not.toBe(first);
    expect(createHeavyMatcher([{ name: 'stripe', reason: 'slow' }], cwd)).not.toBe(first);
    expect(createHeavyMatcher([{ name: 'stripe' }], path.dirname(cwd))).not.toBe(first);
  });

  it('says whether the list is empty', () => {
    expect(createHeavyMatcher([], cwd).isEmpty).toBe(true);
    expect(createHeavyMatcher([], cwd).match('stripe', fromApp)).toBeUndefined();
    expect(createHeavyMatcher([{ name: 'stripe' }], cwd).isEmpty).toBe(false);
  });
});

describe('package globs and built-ins', () => {
  it.each([
    ['**', ['stripe', 'stripe/lib/x', '@aws-sdk/client-s3', 'lodash/fp/map', 'test']],
    ['*', ['stripe', 'stripe/lib/x', 'lodash/fp/map']],
  ])('%s matches packages', (glob, specifiers) => {
    for (const specifier of specifiers) expect(matchedName([glob], specifier)).toBe(glob);
  });

  it('* matches unscoped packages only', () => {
    expect(matchedName(['*'], '@aws-sdk/client-s3')).toBeUndefined();
  });

  it.each(['**', '*', '*s', '{fs,stripe}'])('%s matches no built-in, with or without node:', (glob) => {
    for (const specifier of ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path', 'node:test', 'node:sqlite']) {
      expect(matchedName([glob], specifier)).toBeUndefined();
    }
  });

  it('matches no subpath import or URL-like specifier', () => {
    for (const specifier of ['#db', '#internal/x', 'virtual:routes', 'data:text/javascript,1']) {
      expect(matchedName(['**'], specifier)).toBeUndefined();
    }
  });

  it('node:* matches every built-in, written either way, and no package', () => {
    for (const specifier of ['fs', 'node:fs', 'fs/promises', 'node:test', 'child_process']) {
      expect(matchedName(['node:*'], specifier)).toBe('node:*');
    }
    for (const specifier of ['stripe', 'test', 'fs-extra']) expect(matchedName(['node:*'], specifier)).toBeUndefined();
  });

  it('a built-in named in the list still matches beside a glob', () => {
    expect(matchedName(['**', 'fs'], 'node:fs')).toBe('fs');
    expect(matchedName(['**', 'node:fs'], 'fs/promises')).toBe('node:fs');
  });
});

describe('except', () => {
  const allBut: HeavyEntry = { name: '**', except: ['commander', 'chalk', '@acme/*', 'lodash/fp'] };

  it('leaves out the packages it names, with their subpaths', () => {
    for (const specifier of ['commander', 'chalk', 'chalk/source/index.js', '@acme/db', '@acme/db/client', 'lodash/fp', 'lodash/fp/map']) {
      expect(matchedName([allBut], specifier)).toBeUndefined();
    }
  });

  it('covers every other package', () => {
    for (const specifier of ['stripe', 'commander-plus', '@acme-x/db', 'lodash', 'lodash/map', 'chalks']) {
      expect(matchedName([allBut], specifier)).toBe('**');
    }
  });

  it('lets a later entry match what an earlier one leaves out', () => {
    expect(matchedName([allBut, { name: 'chalk', reason: 'slow here' }], 'chalk')).toBe('chalk');
  });

  it('applies to scope globs and names too', () => {
    expect(matchedName([{ name: '@aws-sdk/*', except: ['@aws-sdk/types'] }], '@aws-sdk/types')).toBeUndefined();
    expect(matchedName([{ name: '@aws-sdk/*', except: ['@aws-sdk/types'] }], '@aws-sdk/client-s3')).toBe('@aws-sdk/*');
    expect(matchedName([{ name: 'lodash', except: ['lodash/fp'] }], 'lodash/fp/map')).toBeUndefined();
    expect(matchedName([{ name: 'lodash', except: ['lodash/fp'] }], 'lodash/map')).toBe('lodash');
  });
});

describe('eager', () => {
  const eagerList: HeavyEntry[] = [{ name: 'reflect-metadata' }, { name: 'dotenv/config' }, { name: '@opentelemetry/*' }];

  function eagerMatcher(list: readonly (string | HeavyEntry)[]) {
    return createHeavyMatcher(entriesOf(list), cwd, eagerList);
  }

  it('wins over a heavy glob', () => {
    const matcher = eagerMatcher(['**']);
    for (const specifier of ['reflect-metadata', 'dotenv/config', '@opentelemetry/sdk-node']) {
      expect(matcher.match(specifier, fromApp)).toBeUndefined();
      expect(matcher.match(specifier, fromApp, true)).toBeUndefined();
    }
    expect(matcher.match('dotenv', fromApp)?.entry.name).toBe('**');
    expect(matcher.match('stripe', fromApp)?.entry.name).toBe('**');
  });

  it('names the eager entry a specifier matches', () => {
    const matcher = eagerMatcher([]);
    expect(matcher.eager('@opentelemetry/api', fromApp)).toEqual({ name: '@opentelemetry/*' });
    expect(matcher.eager('dotenv/config', fromApp)).toEqual({ name: 'dotenv/config' });
    expect(matcher.eager('dotenv', fromApp)).toBeUndefined();
    expect(matcher.eager('stripe', fromApp)).toBeUndefined();
  });

  it('takes path entries and excepts as the heavy list does', () => {
    const matcher = createHeavyMatcher([{ name: './src/heavy/**' }, { name: '**' }], cwd, [
      { name: './src/heavy/ts-file.ts' },
      { name: '@opentelemetry/*', except: ['@opentelemetry/exporter-*'] },
    ]);
    expect(matcher.match('./heavy/ts-file.js', fromApp)).toBeUndefined();
    expect(matcher.eager('./heavy/ts-file.js', fromApp)).toEqual({ name: './src/heavy/ts-file.ts' });
    expect(matcher.match('./heavy/js-file.js', fromApp)?.entry.name).toBe('./src/heavy/**');
    expect(matcher.match('@opentelemetry/exporter-otlp', fromApp)?.entry.name).toBe('**');
  });

  it('keeps matchers of different eager lists apart', () => {
    expect(createHeavyMatcher([{ name: 'stripe' }], cwd, eagerList)).not.toBe(createHeavyMatcher([{ name: 'stripe' }], cwd));
  });
});
