import { utimesSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createHeavyMatcher } from '../../src/analysis/heavy-matcher.js';
import { cutLinksFor } from '../../src/graph/cuts.js';
import { linkKey, ProjectGraph } from '../../src/graph/graph.js';
import { temporaryDir } from '../support/files.js';

const { dir: root, write, remove } = temporaryDir('cuts');
afterAll(remove);

const matcher = createHeavyMatcher([{ name: 'stripe' }], root);
write('package.json', JSON.stringify({ type: 'module' }));
const entry = write('cli.js', "import { commands } from './table.js';\nexport async function main(name) {\n  return commands[name]();\n}\n");
const table = write('table.js', "import { pay } from './pay.js';\nexport const commands = {\n  async pay() {\n    return pay();\n  },\n};\n");
const pay = write('pay.js', "import Stripe from 'stripe';\nexport const pay = () => new Stripe('key');\n");

describe('where --fix cuts the chains from the entries', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const graph = new ProjectGraph(matcher, undefined);

  it('cuts at the first link from the entry that has a safe lazy form', () => {
    expect(cutLinksFor(graph, matcher, undefined, [entry], root)).toEqual(new Set([linkKey(entry, table)]));
  });

  it('plans an edited file again: a use at module level moves the cut to the next link', () => {
    write('cli.js', "import { commands } from './table.js';\nexport const names = Object.keys(commands);\n");
    const later = new Date(Date.now() + 5000);
    utimesSync(entry, later, later);
    // The next lint after a pause looks for edits, in the graph and in the plans.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    graph.revalidate();
    expect(cutLinksFor(graph, matcher, undefined, [entry], root)).toEqual(new Set([linkKey(table, pay)]));
  });
});
