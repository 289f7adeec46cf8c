import { describe, expect, it } from 'vitest';
import { createHeavyMatcher } from '../../src/analysis/heavy-matcher.js';
import { chainsFile, prepareChainsFixture } from '../graph/support/chains-fixture.js';

prepareChainsFixture();

// Path entries match the file a specifier resolves to, whichever way it is written.
describe('path entries through aliases', () => {
  const matcher = createHeavyMatcher(
    [{ name: './src/sources/load-all.ts' }, { name: 'openai', allowIn: ['src/vendors/openai/**'] }, { name: './packages/db/src/index.ts' }],
    chainsFile('.'),
  );
  const app = chainsFile('src/app.ts');

  it.each([
    ['./sources/load-all.js', './src/sources/load-all.ts'],
    ['@app/sources/load-all', './src/sources/load-all.ts'],
    ['@acme/db', './packages/db/src/index.ts'],
  ])('%s matches %s', (specifier, entry) => {
    expect(matcher.match(specifier, app)?.entry.name).toBe(entry);
  });

  it('an alias of a file in allowIn carries its entry', () => {
    expect(matcher.match('@app/vendors/openai/client', app)).toEqual({ entry: { name: 'openai', allowIn: ['src/vendors/openai/**'] }, carrier: true });
  });

  it.each(['@app/commands/pay', '#db', 'wrapper', '@acme/shadow'])('%s matches no path entry', (specifier) => {
    expect(matcher.match(specifier, app)).toBeUndefined();
  });
});

// `**` means every installed package: a bare specifier that names a file of the project is not one.
describe('package globs and the project', () => {
  const matcher = createHeavyMatcher([{ name: '**' }], chainsFile('.'));
  const app = chainsFile('src/app.ts');

  it.each(['@app/sources/load-all', '@acme/db', '#db'])('%s, a module of the project, is not covered', (specifier) => {
    expect(matcher.match(specifier, app)).toBeUndefined();
  });

  it('an installed package is', () => {
    expect(matcher.match('stripe', app)?.entry.name).toBe('**');
  });
});

// A glob of one scope names packages on purpose, the project's own workspace packages among them:
// a monorepo may mark its own heavy scope, and such a load ends a chain.
describe('scope globs and the project', () => {
  const matcher = createHeavyMatcher([{ name: '@acme/*' }], chainsFile('.'));
  const app = chainsFile('src/app.ts');

  it('a workspace package of the scope is covered', () => {
    expect(matcher.match('@acme/db', app)?.entry.name).toBe('@acme/*');
  });
});
