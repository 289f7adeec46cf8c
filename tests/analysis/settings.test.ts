import { describe, expect, it } from 'vitest';
import {
  LazyImportsConfigError,
  readHeavySettings,
  readSettings,
  readVerbatimModuleSyntax,
  resolveHeavyList,
} from '../../src/analysis/settings.js';

/** Runs `read` and returns the one error it throws, checked to be a one-line config error. */
function configError(read: () => unknown): LazyImportsConfigError {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LazyImportsConfigError);
  const error = thrown as LazyImportsConfigError;
  expect(error.name).toBe('LazyImportsConfigError');
  expect(error.message).not.toContain('\n');
  // ESLint prints `stack` for a thrown error: it must be the message, not frames inside the plugin.
  expect(error.stack).toBe(error.message);
  return error;
}

function settingsError(own: unknown): string {
  return configError(() => readHeavySettings({ 'lazy-imports': own })).message;
}

function heavyError(heavy: unknown[]): string {
  return settingsError({ heavy });
}

describe('readHeavySettings', () => {
  it('returns an empty list when the settings are absent', () => {
    expect(readHeavySettings(undefined)).toEqual([]);
    expect(readHeavySettings({})).toEqual([]);
    expect(readHeavySettings({ 'import-x/resolver': { typescript: true } })).toEqual([]);
    expect(readHeavySettings({ 'lazy-imports': {} })).toEqual([]);
    expect(readHeavySettings({ 'lazy-imports': { heavy: [] } })).toEqual([]);
  });

  it('reads both entry forms, keeping only what was written', () => {
    expect(
      readHeavySettings({
        'lazy-imports': {
          heavy: [
            'stripe',
            '@aws-sdk/*',
            { name: 'googleapis', reason: 'adds ~650 ms to start-up' },
            { name: 'openai', allowIn: ['src/vendors/openai/**'] },
            { name: './src/sources/load-all.ts', reason: 'imports every source', allowIn: [] },
          ],
        },
      }),
    ).toStrictEqual([
      { name: 'stripe' },
      { name: '@aws-sdk/*' },
      { name: 'googleapis', reason: 'adds ~650 ms to start-up' },
      { name: 'openai', allowIn: ['src/vendors/openai/**'] },
      { name: './src/sources/load-all.ts', reason: 'imports every source', allowIn: [] },
    ]);
  });

  describe("names the setting and the bad value in settings['lazy-imports']", () => {
    it.each<[string, unknown, string]>([
      ['a list', ['stripe'], `settings['lazy-imports'] must be an object like { heavy: [...] }, got ["stripe"]`],
      ['a string', 'stripe', `settings['lazy-imports'] must be an object like { heavy: [...] }, got "stripe"`],
      ['null', null, `settings['lazy-imports'] must be an object like { heavy: [...] }, got null`],
      ['a misspelt key', { heavey: ['stripe'] }, `settings['lazy-imports'] has an unknown key 'heavey' (allowed: heavy, eager, optionalDependencies, verbatimModuleSyntax)`],
      ['an unknown key', { heavy: [], allow: ['x'] }, `settings['lazy-imports'] has an unknown key 'allow' (allowed: heavy, eager, optionalDependencies, verbatimModuleSyntax)`],
      ['heavy as a string', { heavy: 'stripe' }, `settings['lazy-imports'].heavy must be a list, got "stripe"`],
      ['heavy as an object', { heavy: { stripe: true } }, `settings['lazy-imports'].heavy must be a list, got {"stripe":true}`],
      ['heavy as null', { heavy: null }, `settings['lazy-imports'].heavy must be a list, got null`],
      [
        'verbatimModuleSyntax as a string',
        { heavy: [], verbatimModuleSyntax: 'true' },
        `settings['lazy-imports'].verbatimModuleSyntax must be true or false (leave it out to follow tsconfig.json), got "true"`,
      ],
    ])('%s', (_, own, message) => {
      expect(settingsError(own)).toBe(`lazy-imports: ${message}`);
    });
  });

  describe('names the entry and the bad value in heavy', () => {
    it.each<[string, unknown[], string]>([
      ['a number', ['stripe', 'openai', 42], `heavy[2] must be a string or { name }, got 42`],
      ['null', [null], `heavy[0] must be a string or { name }, got null`],
      ['a boolean', ['stripe', true], `heavy[1] must be a string or { name }, got true`],
      ['a nested list', [['stripe', 'openai']], `heavy[0] must be a string or { name }, got ["stripe","openai"]`],
      ['a function', [() => 'stripe'], `heavy[0] must be a string or { name }, got a function`],
      ['an empty string', [''], `heavy[0] must not be empty`],
      ['a blank string', ['stripe', '   '], `heavy[1] must not be empty`],
      ['a padded string', [' stripe'], `heavy[0] must not start or end with spaces, got " stripe"`],
      ['a negated entry', ['@aws-sdk/*', '!@aws-sdk/types'], `heavy[1] must not be negated (list only what is heavy), got "!@aws-sdk/types"`],
      ['a bare scope', ['@aws-sdk'], `heavy[0] names a scope, not a package: write '@aws-sdk/*' for every package of the scope`],
      ['a scope with a slash', [{ name: '@aws-sdk/' }], `heavy[0].name names a scope, not a package: write '@aws-sdk/*' for every package of the scope`],
      ['a directory', ['./src/vendors/'], `heavy[0] names a directory: write './src/vendors/**' for every file under it`],
      ['an empty object', [{}], `heavy[0] must be a string or { name }, got {}`],
      ['an object without name', [{ reason: 'slow' }], `heavy[0] must be a string or { name }, got {"reason":"slow"}`],
      ['a misspelt name', [{ nmae: 'stripe' }], `heavy[0] has an unknown key 'nmae' (allowed: name, reason, allowIn, except)`],
      [
        'a misspelt allowIn',
        ['stripe', { name: 'openai', allowin: ['src/**'] }],
        `heavy[1] has an unknown key 'allowin' (allowed: name, reason, allowIn, except)`,
      ],
      ['a name that is not a string', [{ name: 42 }], `heavy[0].name must be a string, got 42`],
      ['an empty name', [{ name: '' }], `heavy[0].name must not be empty`],
      ['a padded name', [{ name: 'stripe ' }], `heavy[0].name must not start or end with spaces, got "stripe "`],
      ['a reason that is not a string', [{ name: 'stripe', reason: 650 }], `heavy[0].reason must be a string, got 650`],
      ['a null reason', [{ name: 'stripe', reason: null }], `heavy[0].reason must be a string, got null`],
      ['allowIn as a string', [{ name: 'openai', allowIn: 'src/**' }], `heavy[0].allowIn must be a list of globs, got "src/**"`],
      ['allowIn as an object', [{ name: 'openai', allowIn: { src: true } }], `heavy[0].allowIn must be a list of globs, got {"src":true}`],
      [
        'an allowIn glob that is not a string',
        [{ name: 'openai', allowIn: ['src/**', 3] }],
        `heavy[0].allowIn[1] must be a glob string, got 3`,
      ],
      ['an empty allowIn glob', [{ name: 'openai', allowIn: [''] }], `heavy[0].allowIn[0] must not be empty`],
      ['except as a string', [{ name: '**', except: 'commander' }], `heavy[0].except must be a list of package names or globs, got "commander"`],
      ['an except that is not a string', [{ name: '**', except: ['chalk', 3] }], `heavy[0].except[1] must be a glob string, got 3`],
      ['an empty except', [{ name: '**', except: [''] }], `heavy[0].except[0] must not be empty`],
      ['a negated except', [{ name: '**', except: ['!chalk'] }], `heavy[0].except[0] must not be negated (list only what is heavy), got "!chalk"`],
      [
        'a bare scope in except',
        [{ name: '**', except: ['@acme'] }],
        `heavy[0].except[0] names a scope, not a package: write '@acme/*' for every package of the scope`,
      ],
      [
        'a path in except',
        [{ name: '**', except: ['./src/cli.ts'] }],
        `heavy[0].except[0] names a file, but except lists packages (package names or globs), got "./src/cli.ts"`,
      ],
      [
        'except on a path entry',
        [{ name: './src/**', except: ['chalk'] }],
        `heavy[0].except lists packages, so it applies to package entries only, not to "./src/**"`,
      ],
      [
        'a padded allowIn glob',
        [{ name: 'openai', allowIn: ['src/** '] }],
        `heavy[0].allowIn[0] must not start or end with spaces, got "src/** "`,
      ],
    ])('%s', (_, heavy, message) => {
      expect(heavyError(heavy)).toBe(`lazy-imports: settings['lazy-imports'].${message}`);
    });
  });

  it('reports the first bad entry only', () => {
    expect(heavyError(['stripe', 1, { nmae: 'x' }])).toBe(
      `lazy-imports: settings['lazy-imports'].heavy[1] must be a string or { name }, got 1`,
    );
  });

  it('shortens long values and describes values JSON cannot show', () => {
    expect(heavyError([{ name: 'x'.repeat(100), reason: ['y'.repeat(100)] }])).toBe(
      `lazy-imports: settings['lazy-imports'].heavy[0].reason must be a string, got ["${'y'.repeat(55)}...`,
    );
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(settingsError({ heavy: circular })).toBe(
      `lazy-imports: settings['lazy-imports'].heavy must be a list, got [object Object]`,
    );
    expect(heavyError([undefined])).toBe(
      `lazy-imports: settings['lazy-imports'].heavy[0] must be a string or { name }, got undefined`,
    );
  });
});

describe('readVerbatimModuleSyntax', () => {
  it('returns the setting, or undefined when it is left out', () => {
    expect(readVerbatimModuleSyntax(undefined)).toBeUndefined();
    expect(readVerbatimModuleSyntax({ 'lazy-imports': { heavy: ['stripe'] } })).toBeUndefined();
    expect(readVerbatimModuleSyntax({ 'lazy-imports': { verbatimModuleSyntax: true } })).toBe(true);
    expect(readVerbatimModuleSyntax({ 'lazy-imports': { verbatimModuleSyntax: false } })).toBe(false);
  });

  it.each([['yes'], [1], [null], [{}]])('stops on %j with one message', (value) => {
    const message = configError(() => readVerbatimModuleSyntax({ 'lazy-imports': { verbatimModuleSyntax: value } })).message;
    expect(message).toMatch(/^lazy-imports: settings\['lazy-imports'\]\.verbatimModuleSyntax must be true or false/);
  });
});

describe('resolveHeavyList', () => {
  it('returns an empty list without settings or options', () => {
    expect(resolveHeavyList(undefined, undefined)).toEqual([]);
    expect(resolveHeavyList({}, [])).toEqual([]);
  });

  it('appends option entries after the settings entries', () => {
    const settings = { 'lazy-imports': { heavy: ['stripe', { name: 'openai', reason: 'slow' }] } };
    expect(resolveHeavyList(settings, ['typescript', { name: 'eslint', allowIn: ['src/cli/**'] }])).toStrictEqual([
      { name: 'stripe' },
      { name: 'openai', reason: 'slow' },
      { name: 'typescript' },
      { name: 'eslint', allowIn: ['src/cli/**'] },
    ]);
  });

  it('uses the option entries alone when settings are absent', () => {
    expect(resolveHeavyList(undefined, ['stripe'])).toStrictEqual([{ name: 'stripe' }]);
    expect(resolveHeavyList({}, ['stripe'])).toStrictEqual([{ name: 'stripe' }]);
  });

  it('leaves the settings list untouched when options add entries', () => {
    const settings = { 'lazy-imports': { heavy: ['stripe'] } };
    expect(resolveHeavyList(settings, ['openai'])).toHaveLength(2);
    expect(resolveHeavyList(settings, ['typescript'])).toStrictEqual([{ name: 'stripe' }, { name: 'typescript' }]);
    expect(resolveHeavyList(settings, undefined)).toStrictEqual([{ name: 'stripe' }]);
  });

  it('throws for bad settings on every call, not only the first', () => {
    const settings = { 'lazy-imports': { heavy: [42] } };
    const message = `lazy-imports: settings['lazy-imports'].heavy[0] must be a string or { name }, got 42`;
    expect(configError(() => resolveHeavyList(settings, undefined)).message).toBe(message);
    expect(configError(() => resolveHeavyList(settings, ['stripe'])).message).toBe(message);
  });

  it('names a bad option entry by its option path', () => {
    expect(configError(() => resolveHeavyList(undefined, ['stripe', { name: 'x', because: 'y' }])).message).toBe(
      `lazy-imports: options.heavy[1] has an unknown key 'because' (allowed: name, reason, allowIn, except)`,
    );
  });
});

describe('readSettings', () => {
  it('reads the eager list and the optional-dependency setting', () => {
    expect(
      readSettings({
        'lazy-imports': {
          heavy: [{ name: '**', except: ['commander', '@acme/*'] }],
          eager: ['reflect-metadata', { name: '@opentelemetry/*', reason: 'tracing set-up', except: ['@opentelemetry/api'] }],
          optionalDependencies: { allowIn: ['src/providers/**'], reason: 'a provider' },
        },
      }),
    ).toStrictEqual({
      heavy: [{ name: '**', except: ['commander', '@acme/*'] }],
      eager: [{ name: 'reflect-metadata' }, { name: '@opentelemetry/*', reason: 'tracing set-up', except: ['@opentelemetry/api'] }],
      optionalDependencies: { reason: 'a provider', allowIn: ['src/providers/**'] },
    });
  });

  it('reads optionalDependencies true as on, false or absent as off', () => {
    expect(readSettings({ 'lazy-imports': { optionalDependencies: true } }).optionalDependencies).toStrictEqual({});
    expect(readSettings({ 'lazy-imports': { optionalDependencies: false } }).optionalDependencies).toBeUndefined();
    expect(readSettings({ 'lazy-imports': {} }).optionalDependencies).toBeUndefined();
    expect(readSettings(undefined)).toStrictEqual({ heavy: [], eager: [], optionalDependencies: undefined });
  });

  it('lets a heavy glob cover an eager package', () => {
    expect(readSettings({ 'lazy-imports': { heavy: ['**', '@opentelemetry/*'], eager: ['@opentelemetry/sdk-node'] } }).eager).toStrictEqual([
      { name: '@opentelemetry/sdk-node' },
    ]);
  });

  it('lets a heavy package have an eager subpath', () => {
    expect(readSettings({ 'lazy-imports': { heavy: ['dotenv'], eager: ['dotenv/config'] } }).heavy).toStrictEqual([{ name: 'dotenv' }]);
  });

  describe('stops with one line that names the bad entry', () => {
    it.each<[string, unknown, string]>([
      ['eager as a string', { eager: 'dotenv/config' }, `.eager must be a list, got "dotenv/config"`],
      ['an eager number', { eager: ['dotenv/config', 7] }, `.eager[1] must be a string or { name }, got 7`],
      ['allowIn on an eager entry', { eager: [{ name: 'dotenv/config', allowIn: ['src/**'] }] }, `.eager[0] has an unknown key 'allowIn' (allowed: name, reason, except)`],
      [
        'a package both heavy and eager',
        { heavy: ['stripe', 'reflect-metadata'], eager: ['dotenv/config', 'reflect-metadata'] },
        `.heavy[1] names 'reflect-metadata', which settings['lazy-imports'].eager[1] says must load at start-up: remove it from one of the two lists`,
      ],
      [
        'a built-in both heavy and eager, written two ways',
        { heavy: [{ name: 'node:fs' }], eager: ['fs'] },
        `.heavy[0] names 'node:fs', which settings['lazy-imports'].eager[0] says must load at start-up: remove it from one of the two lists`,
      ],
      [
        'a heavy subpath of an eager package',
        { heavy: ['dotenv/config'], eager: ['dotenv'] },
        `.heavy[0] names 'dotenv/config', which settings['lazy-imports'].eager[0] says must load at start-up: remove it from one of the two lists`,
      ],
      ['optionalDependencies as a string', { optionalDependencies: 'yes' }, `.optionalDependencies must be true, false or { allowIn?, reason? }, got "yes"`],
      ['an unknown optionalDependencies key', { optionalDependencies: { allow: [] } }, `.optionalDependencies has an unknown key 'allow' (allowed: allowIn, reason)`],
      ['an optionalDependencies reason that is not a string', { optionalDependencies: { reason: 1 } }, `.optionalDependencies.reason must be a string, got 1`],
      ['optionalDependencies allowIn as a string', { optionalDependencies: { allowIn: 'src/**' } }, `.optionalDependencies.allowIn must be a list of globs, got "src/**"`],
      ['an empty optionalDependencies allowIn glob', { optionalDependencies: { allowIn: [' '] } }, `.optionalDependencies.allowIn[0] must not be empty`],
    ])('%s', (_, own, message) => {
      expect(configError(() => readSettings({ 'lazy-imports': own })).message).toBe(`lazy-imports: settings['lazy-imports']${message}`);
    });
  });

  it('names a rule option that names an eager package by its option path', () => {
    const settings = { 'lazy-imports': { eager: ['reflect-metadata'] } };
    expect(configError(() => resolveHeavyList(settings, ['reflect-metadata'], "rules['lazy-imports/x'][1].heavy")).message).toBe(
      `lazy-imports: rules['lazy-imports/x'][1].heavy[0] names 'reflect-metadata', which settings['lazy-imports'].eager[0] says must load at start-up: remove it from one of the two lists`,
    );
  });
});
