// The importer recorder of a traced process, in this thread: every require() the preload notes (cached ones too),
// ES imports reported by hooks in this thread, and those that hooks on their own thread send
// over the port, each edge once with the phase of its first load.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listenForImports, recordImporters, reportImport } from '../../src/cli/importers.js';
import { temporaryDir } from '../support/files.js';

type Load = (this: unknown, request: string, parent: { filename?: string | null } | undefined, isMain: boolean) => unknown;
const internals = Module as unknown as { _load: Load };
const originalLoad = internals._load;
const { dir, write, remove } = temporaryDir('importers');
afterAll(() => {
  internals._load = originalLoad;
  remove();
});

const a = write('a.cjs', `require('./shared.cjs');\n`);
const b = write('b.cjs', `require('./shared.cjs');\nrequire('node:path');\n`);
const shared = write('shared.cjs', `module.exports = 1;\n`);
const url = (file: string): string => pathToFileURL(file).href;

describe('recordImporters', () => {
  let later = false;
  const recorder = recordImporters(() => later);
  // As the preload does: its one `Module._load` wrapper notes each require() first.
  internals._load = function (request, parent, isMain) {
    recorder.noteRequire(request, parent, isMain);
    return originalLoad.call(this, request, parent, isMain);
  };

  it('records every require(), a cached one too, resolved to its file, and no builtin', () => {
    const load = createRequire(path.join(dir, 'index.cjs'));
    load('./a.cjs');
    later = true;
    load('./b.cjs');
    expect(recorder.edges()).toEqual(
      expect.arrayContaining([
        { from: a, to: shared, later: false },
        { from: b, to: shared, later: true },
      ]),
    );
    expect(recorder.edges().filter((edge) => edge.from === b)).toHaveLength(1);
  });

  it('records the imports that hooks in this thread report, each once', () => {
    later = false;
    reportImport(url(a), url(shared));
    reportImport(url(a), url(b));
    reportImport(url(a), url(b));
    reportImport(undefined, url(a));
    reportImport(url(a), 'node:fs');
    expect(recorder.edges().filter((edge) => edge.from === a)).toEqual([
      { from: a, to: shared, later: false },
      { from: a, to: b, later: false },
    ]);
  });

  it('takes in the imports sent over the port, with the phase of the moment they are taken in', () => {
    listenForImports(recorder.hooksData);
    reportImport(url(b), url(a));
    recorder.settle();
    later = true;
    reportImport(url(shared), url(a));
    expect(recorder.edges().filter((edge) => edge.to === a && edge.from !== path.join(dir, 'index.cjs'))).toEqual([
      { from: b, to: a, later: false },
      { from: shared, to: a, later: true },
    ]);
  });
});
