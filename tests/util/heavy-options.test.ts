import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { EDIT_CHECK_MS } from '../../src/analysis/file-stamp.js';
import { heavyMatcherFor } from '../../src/util/heavy-options.js';
import { temporaryDir } from '../support/files.js';

const project = temporaryDir('heavy-options');
afterAll(project.remove);
afterEach(() => {
  vi.useRealTimers();
});

describe('heavyMatcherFor', () => {
  const settings = { 'lazy-imports': { heavy: ['stripe'], eager: ['reflect-metadata'], optionalDependencies: { reason: 'a provider' } } };
  const manifest = project.write('package.json', JSON.stringify({ name: 'sdk', peerDependenciesMeta: { openai: { optional: true } } }));
  const file = path.join(project.dir, 'src/index.ts');
  const context = { settings, cwd: project.dir, filename: file };

  it('adds the optional dependencies of the file’s package before the heavy list, with the eager list over all', () => {
    const matcher = heavyMatcherFor(context, ['@aws-sdk/*']);
    expect(matcher.match('openai', file)?.entry).toEqual({ name: 'openai', reason: 'a provider', optional: { owner: 'sdk', peer: true } });
    expect(matcher.match('stripe', file)?.entry).toEqual({ name: 'stripe' });
    expect(matcher.match('@aws-sdk/client-s3', file)?.entry).toEqual({ name: '@aws-sdk/*' });
    expect(matcher.eager('reflect-metadata', file)).toEqual({ name: 'reflect-metadata' });
  });

  it('gives every file of a package the same matcher', () => {
    expect(heavyMatcherFor({ ...context, filename: path.join(project.dir, 'src/other.ts') }, undefined)).toBe(heavyMatcherFor(context, undefined));
  });

  it('follows an edit of the manifest', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(heavyMatcherFor(context, undefined).match('anthropic', file)).toBeUndefined();
    project.write('package.json', JSON.stringify({ name: 'sdk', optionalDependencies: { anthropic: '1' } }));
    utimesSync(manifest, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS + 1);
    const matcher = heavyMatcherFor(context, undefined);
    expect(matcher.match('anthropic', file)?.entry.optional).toEqual({ owner: 'sdk', peer: false });
    expect(matcher.match('openai', file)).toBeUndefined();
  });

  it('reads no manifest unless the setting is on', () => {
    const off = { 'lazy-imports': { heavy: ['stripe'] } };
    expect(heavyMatcherFor({ ...context, settings: off }, undefined).match('anthropic', file)).toBeUndefined();
  });
});
