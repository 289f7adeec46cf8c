import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture monorepo of the chain rule's tests: tests/fixtures/chains. */
export const CHAINS = fileURLToPath(new URL('../../fixtures/chains/', import.meta.url));

/** A file of the fixture, absolute. */
export function chainsFile(relative: string): string {
  return path.join(CHAINS, relative);
}

const WORKSPACES = ['db', 'built', 'shadow', 'heavy-ws'];

/** Test files run in parallel: another may have made the link first. */
function ignoreExisting(make: () => void): void {
  try {
    make();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Lays out the fixture's `node_modules` as an install would (git keeps no `node_modules`):
 * each workspace package linked to its folder, and `wrapper` installed as a copy.
 */
export function prepareChainsFixture(): string {
  const scope = chainsFile('node_modules/@acme');
  mkdirSync(scope, { recursive: true });
  for (const name of WORKSPACES) {
    const link = path.join(scope, name);
    if (!existsSync(link)) ignoreExisting(() => symlinkSync(path.join('..', '..', 'packages', name), link, 'dir'));
  }
  const wrapper = chainsFile('node_modules/wrapper');
  if (!existsSync(wrapper)) cpSync(chainsFile('installed/wrapper'), wrapper, { recursive: true });
  return CHAINS;
}
