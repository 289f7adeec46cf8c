import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { renderTraceHtml } from '../../src/cli/html.js';
import type { TracedPackage, TraceNode, TraceResult } from '../../src/cli/trace-model.js';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports } from './support/cli.js';
import { writeApp, writeStubs } from './support/stubs.js';

// The `--html` page in a real headless Chromium (the one `npm ci` installs, or Debian's package
// when present: scripts/chromium.js), opened from disk with every request that is not a file
// failing, from hand-built traces so that the page is tested apart from the recorder. The browser
// is driven over the DevTools protocol.

const FIXTURES = fileURLToPath(new URL('../fixtures/trace/', import.meta.url));
const VIEWPORT = { width: 1200, height: 900 };

/** A recorded trace; one recorded before packages counted their chains (or kept them) holds every chain it has. */
function fixture(name: string): TraceResult {
  const result = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as TraceResult;
  const recorded = result.packages as readonly (Omit<TracedPackage, 'chains' | 'chainCount'> & Partial<TracedPackage>)[];
  return {
    ...result,
    packages: recorded.map((pkg) => {
      const chains = pkg.chains ?? [];
      return { ...pkg, chains, chainCount: pkg.chainCount ?? { total: chains.length, complete: true } };
    }),
  };
}

/** The tree's modules in the order the page draws them: each process's root, then depth first. */
function preorder(tree: readonly TraceNode[]): { node: TraceNode; depth: number; parent: number | undefined }[] {
  const out: { node: TraceNode; depth: number; parent: number | undefined }[] = [];
  const visit = (node: TraceNode, depth: number, parent: number | undefined): void => {
    const index = out.length;
    out.push({ node, depth, parent });
    for (const child of node.children) visit(child, depth + 1, index);
  };
  for (const root of tree) visit(root, 0, undefined);
  return out;
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

interface Opened {
  readonly page: Page;
  /** Console errors and warnings, uncaught exceptions and browser log errors, as text. */
  readonly problems: string[];
  /** Every address other than a file that the page asked for; each request was made to fail. */
  readonly requests: Set<string>;
}

let browser: Browser;
let dir: string;

beforeAll(async () => {
  // Fails every test below with a hint when no browser starts: never a skip.
  browser = await launchChromium();
  dir = mkdtempSync(path.join(tmpdir(), 'lazy-imports-html-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes `html` to a file and opens it in a new page of the browser with the network blocked. */
async function open(html: string, name: string): Promise<Opened> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage(VIEWPORT);
  const problems: string[] = [];
  const requests = new Set<string>();
  page.on('Fetch.requestPaused', ({ requestId, request }: { requestId: string; request: { url: string } }) => {
    if (request.url.startsWith('file:')) {
      void page.send('Fetch.continueRequest', { requestId });
    } else {
      requests.add(request.url);
      void page.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    }
  });
  // What request interception does not see (a WebSocket) still shows up here.
  page.on('Network.requestWillBeSent', ({ request }: { request: { url: string } }) => {
    if (!request.url.startsWith('file:')) requests.add(request.url);
  });
  page.on('Network.webSocketCreated', ({ url }: { url: string }) => requests.add(url));
  page.on('Runtime.consoleAPICalled', ({ type, args }: { type: string; args: { value?: unknown; description?: string }[] }) => {
    if (type === 'error' || type === 'warning' || type === 'assert') {
      problems.push(`console.${type}: ${args.map((arg) => String(arg.value ?? arg.description)).join(' ')}`);
    }
  });
  page.on('Runtime.exceptionThrown', ({ exceptionDetails }: { exceptionDetails: { text: string; exception?: { description?: string } } }) => {
    problems.push(`exception: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  });
  page.on('Log.entryAdded', ({ entry }: { entry: { level: string; text: string; url?: string } }) => {
    if (entry.level === 'error' || entry.level === 'warning') problems.push(`${entry.level}: ${entry.text} ${entry.url ?? ''}`);
  });
  await page.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  await page.send('Network.enable');
  await page.send('Runtime.enable');
  await page.send('Log.enable');
  await page.goto(pathToFileURL(file).href);
  return { page, problems, requests };
}

interface DrawnBox {
  readonly index: number;
  readonly process: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly chartLeft: number;
  readonly chartTop: number;
  readonly chartWidth: number;
  readonly packageLabel: string | null;
  readonly fileLabel: string;
  readonly clipsText: boolean;
}

async function boxes(page: Page): Promise<DrawnBox[]> {
  return (await page.evaluate(`[...document.querySelectorAll('.icicle')].flatMap((icicle, process) => {
    const chart = icicle.getBoundingClientRect();
    return [...icicle.querySelectorAll('.box:not([hidden])')].map((box) => {
      const rect = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      const label = getComputedStyle(box.querySelector('.label'));
      return {
        index: Number(box.dataset.index), process,
        left: rect.left, top: rect.top, width: rect.width, height: rect.height,
        chartLeft: chart.left, chartTop: chart.top, chartWidth: chart.width,
        packageLabel: box.querySelector('b')?.textContent ?? null,
        fileLabel: box.querySelector('.file').textContent,
        clipsText: style.overflow === 'hidden' && label.textOverflow === 'ellipsis' && label.whiteSpace === 'nowrap',
      };
    });
  })`)) as DrawnBox[];
}

interface Shown {
  readonly hidden: boolean;
  readonly name: string;
  readonly own: string;
  readonly total: string;
  readonly share: string;
  readonly chain: string;
  readonly inViewport: boolean;
}

/** What the tooltip or the details panel shows. */
async function shown(page: Page, selector: string): Promise<Shown> {
  return (await page.evaluate(`(() => {
    const panel = document.querySelector(${JSON.stringify(selector)});
    const rect = panel.getBoundingClientRect();
    return {
      hidden: panel.hidden,
      name: panel.querySelector('.name')?.textContent ?? '',
      own: panel.querySelector('.own')?.textContent ?? '',
      total: panel.querySelector('.total')?.textContent ?? '',
      share: panel.querySelector('.share')?.textContent ?? '',
      chain: panel.querySelector('.chain')?.textContent ?? '',
      inViewport: rect.left >= 0 && rect.top >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight,
    };
  })()`)) as Shown;
}

function center(box: DrawnBox): [number, number] {
  return [box.left + box.width / 2, box.top + box.height / 2];
}

/**
 * Each module of `tree` is one box on the page, in drawing order: its width its total time on
 * the page's one scale (the longest process fills the chart) within a pixel, its row its depth,
 * inside its importer's span, after its previous sibling, labelled with its file (and its
 * package where the tree enters the package), the label clipped to the box.
 */
async function expectDrawnTree(page: Page, tree: readonly TraceNode[]): Promise<void> {
  const modules = preorder(tree);
  const drawn = await boxes(page);
  expect(drawn.map((box) => box.index)).toEqual(modules.map((_, index) => index));
  const scaleMs = Math.max(...tree.map((root) => root.totalMs));
  for (const box of drawn) {
    const { node, depth, parent } = modules[box.index]!;
    expect(box.process).toBe(tree.indexOf(modules.findLast((m, i) => i <= box.index && m.depth === 0)!.node));
    expect(Math.abs(box.width - (node.totalMs / scaleMs) * box.chartWidth), node.file).toBeLessThanOrEqual(1);
    expect(box.top - box.chartTop).toBe(depth * 22);
    expect(node.file.endsWith(box.fileLabel), node.file).toBe(true);
    // The package is named where the tree enters it.
    const entersPackage = parent === undefined || modules[parent]!.node.package !== node.package;
    expect(box.packageLabel).toBe(entersPackage ? node.package : null);
    expect(box.clipsText).toBe(true);
    if (parent !== undefined) {
      const importer = drawn[parent]!;
      expect(box.left).toBeGreaterThanOrEqual(importer.left - 0.5);
      expect(box.left + box.width).toBeLessThanOrEqual(importer.left + importer.width + 0.5);
    } else {
      expect(box.left).toBe(box.chartLeft);
    }
  }
  // Siblings follow each other in load order, without gaps.
  for (const [index, { node }] of modules.entries()) {
    const children = modules.flatMap((m, i) => (m.parent === index ? [drawn[i]!] : []));
    expect(children).toHaveLength(node.children.length);
    children.reduce((left, child) => {
      expect(Math.abs(child.left - left)).toBeLessThanOrEqual(0.5);
      return child.left + child.width;
    }, drawn[index]!.left);
  }
}

describe('the trace page in headless Chromium', () => {
  const result = fixture('example-app.json');
  const modules = preorder(result.tree);
  let opened: Opened;

  beforeAll(async () => {
    opened = await open(renderTraceHtml(result), 'example-app');
  });

  it('opens from disk without a request or a console error', () => {
    expect([...opened.requests]).toEqual([]);
    expect(opened.problems).toEqual([]);
  });

  it('shows the command, wall time, exit code and the heavy packages loaded', async () => {
    const header = (await opened.page.evaluate(`document.querySelector('header').innerText`)) as string;
    expect(header).toContain('node dist/cli.js quote team --seats 12');
    expect(header).toMatch(/wall time\s+845 ms/);
    expect(header).toMatch(/exit code\s+0/);
    // One row a heavy entry and phase, with the first package's chain.
    const rows = (await opened.page.evaluate(
      `[...document.querySelectorAll('header tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent))`,
    )) as string[][];
    expect(rows).toEqual([
      ['start-up', '@aws-sdk/*', '@aws-sdk/client-s3, @aws-sdk/core', result.heavyLoaded[0]!.chain.join(' → ')],
      ['start-up', 'stripe', 'stripe', result.heavyLoaded[2]!.chain.join(' → ')],
      ['later', '@anthropic-ai/sdk', '@anthropic-ai/sdk', result.heavyLoaded[3]!.chain.join(' → ')],
      ['start-up', 'typescript', 'typescript', result.heavyLoaded[4]!.chain.join(' → ')],
    ]);
  });

  it('draws one box per module, as wide as its total time, under its importer', async () => {
    await expectDrawnTree(opened.page, result.tree);
  });

  it('shows a box’s name, own and total time and chain on hover, and hides it off the chart', async () => {
    const drawn = await boxes(opened.page);
    const cases = [
      { file: 'node_modules/stripe/esm/resources.js', own: 'own 96.1 ms', total: 'total 96.1 ms', share: '20 % of the process' },
      {
        file: 'node_modules/@aws-sdk/client-s3/dist-cjs/index.js',
        own: 'own 183 ms',
        total: 'total 261 ms',
        share: '53 % of the process',
      },
      { file: 'dist/commands/summarize.js', own: 'own 0.35 ms', total: 'total 0.35 ms', share: '0.1 % of the process' },
      // The second process's share is of its own time.
      { file: 'node_modules/typescript/lib/typescript.js', own: 'own 287 ms', total: 'total 287 ms', share: '100 % of the process' },
    ];
    for (const { file, own, total, share } of cases) {
      const index = modules.findIndex((m) => m.node.file === file);
      const { node } = modules[index]!;
      await opened.page.mouse('mouseMoved', ...center(drawn[index]!));
      const tooltip = await shown(opened.page, '#tooltip');
      expect(tooltip).toEqual({
        hidden: false,
        name: `${node.package} ${node.file}`,
        own,
        total,
        share,
        chain: node.chain.join(' → '),
        inViewport: true,
      });
    }
    await opened.page.mouse('mouseMoved', 5, 5);
    expect((await shown(opened.page, '#tooltip')).hidden).toBe(true);
  });

  it('keeps a clicked box’s details in the panel and marks the box', async () => {
    const drawn = await boxes(opened.page);
    const index = modules.findIndex((m) => m.node.file === 'node_modules/@anthropic-ai/sdk/index.mjs');
    const { node } = modules[index]!;
    const [x, y] = center(drawn[index]!);
    await opened.page.mouse('mouseMoved', x, y);
    await opened.page.mouse('mousePressed', x, y);
    await opened.page.mouse('mouseReleased', x, y);
    await opened.page.mouse('mouseMoved', 5, 5);
    expect(await shown(opened.page, '#details')).toMatchObject({
      hidden: false,
      name: `${node.package} ${node.file}`,
      own: 'own 64.0 ms',
      total: 'total 82.7 ms',
      share: '17 % of the process',
      chain: node.chain.join(' → '),
    });
    expect(await opened.page.evaluate(`[...document.querySelectorAll('.box.selected')].map((box) => Number(box.dataset.index))`)).toEqual([
      index,
    ]);
    expect(opened.problems).toEqual([]);
  });
});

describe('every chain of a package', () => {
  const result = fixture('example-app.json');
  const modules = preorder(result.tree);
  const stripe = result.packages.find((pkg) => pkg.name === 'stripe')!;

  it('is listed in a clicked box’s details, with each chain’s phase, and not in the tooltip', async () => {
    const opened = await open(renderTraceHtml(result), 'chains');
    const drawn = await boxes(opened.page);
    const index = modules.findIndex((m) => m.node.file === 'node_modules/stripe/esm/resources.js');
    const [x, y] = center(drawn[index]!);
    await opened.page.mouse('mouseMoved', x, y);
    expect(await opened.page.evaluate(`document.querySelectorAll('#tooltip .chains li').length`)).toBe(0);
    await opened.page.mouse('mousePressed', x, y);
    await opened.page.mouse('mouseReleased', x, y);
    expect(await opened.page.evaluate(`document.querySelector('#details .chains-heading').textContent`)).toBe(
      'Every chain that loaded stripe (3):',
    );
    expect(await opened.page.evaluate(`[...document.querySelectorAll('#details .chains li')].map((item) => item.textContent)`)).toEqual(
      stripe.chains.map(({ phase, chain }) => `${phase} ${chain.join(' → ')}`),
    );
    expect(opened.problems).toEqual([]);
  });

  /** The details heading of a stripe box, in a trace where stripe has `total` chains and the page gets the first 20. */
  async function headingFor(total: number, complete: boolean): Promise<unknown> {
    const chains = Array.from({ length: Math.min(total, 20) }, (_, index) => ({
      phase: 'start-up' as const,
      chain: ['src/cli.ts', `src/commands/c${String(index).padStart(2, '0')}.ts`, 'stripe'],
    }));
    const counted = { ...result, packages: result.packages.map((pkg) => (pkg === stripe ? { ...pkg, chains, chainCount: { total, complete } } : pkg)) };
    const opened = await open(renderTraceHtml(counted), `chains-${String(total)}`);
    const drawn = await boxes(opened.page);
    const [x, y] = center(drawn[modules.findIndex((m) => m.node.file === 'node_modules/stripe/esm/resources.js')]!);
    await opened.page.mouse('mousePressed', x, y);
    await opened.page.mouse('mouseReleased', x, y);
    expect(await opened.page.evaluate(`document.querySelectorAll('#details .chains li').length`)).toBe(chains.length);
    expect(opened.problems).toEqual([]);
    return opened.page.evaluate(`document.querySelector('#details .chains-heading').textContent`);
  }

  it('says how many chains there are: all of them when the list holds them all, however round the number', async () => {
    expect(await headingFor(20, true)).toBe('Every chain that loaded stripe (20):');
    expect(await headingFor(57, true)).toBe('The 20 shortest chains that loaded stripe (and 37 more):');
    expect(await headingFor(1000, false)).toBe('The 20 shortest chains that loaded stripe (and at least 980 more):');
  });
});

describe('zooming', () => {
  const result = fixture('example-app.json');
  const modules = preorder(result.tree);

  it('fills the width with a double-clicked box, under its importers, and the button zooms out', async () => {
    const { page, problems } = await open(renderTraceHtml(result), 'zoom');
    const before = await boxes(page);
    const index = modules.findIndex((m) => m.node.file === 'node_modules/stripe/esm/stripe.esm.node.js');
    const stripe = modules[index]!.node;
    const [x, y] = center(before[index]!);
    for (const clickCount of [1, 2]) {
      await page.mouse('mousePressed', x, y, clickCount);
      await page.mouse('mouseReleased', x, y, clickCount);
    }
    const zoomed = new Map((await boxes(page)).map((box) => [box.index, box]));
    const inside = new Set([index]);
    for (const [i, m] of modules.entries()) if (m.parent !== undefined && inside.has(m.parent)) inside.add(i);
    const above = new Set<number>();
    for (let at = modules[index]!.parent; at !== undefined; at = modules[at]!.parent) above.add(at);
    // The other boxes of the process are hidden; the second process is as it was.
    const firstProcess = modules.findIndex((m, i) => i > 0 && m.depth === 0);
    expect([...zoomed.keys()].filter((i) => i < firstProcess).sort((a, b) => a - b)).toEqual([...above, ...inside].sort((a, b) => a - b));
    for (const i of [...above, index]) expect(Math.abs(zoomed.get(i)!.width - zoomed.get(i)!.chartWidth)).toBeLessThanOrEqual(1);
    for (const i of inside) {
      const expected = (modules[i]!.node.totalMs / stripe.totalMs) * zoomed.get(i)!.chartWidth;
      expect(Math.abs(zoomed.get(i)!.width - expected), modules[i]!.node.file).toBeLessThanOrEqual(1);
    }
    for (const i of modules.keys()) if (i >= firstProcess) expect(zoomed.get(i)?.width).toBe(before[i]!.width);

    const reset = (await page.evaluate(`(() => {
      const buttons = [...document.querySelectorAll('.reset')];
      const shown = buttons.filter((button) => !button.hidden);
      const rect = shown[0].getBoundingClientRect();
      return { shown: shown.length, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    })()`)) as { shown: number; x: number; y: number };
    expect(reset.shown).toBe(1);
    await page.mouse('mousePressed', reset.x, reset.y);
    await page.mouse('mouseReleased', reset.x, reset.y);
    expect(await boxes(page)).toEqual(before);
    expect(await page.evaluate(`[...document.querySelectorAll('.reset')].every((button) => button.hidden)`)).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('names that look like markup', () => {
  const result = fixture('hostile-names.json');
  const [root] = result.tree;
  const child = root!.children[0]!;

  it('stay inside the embedded data: one closing script tag a script, no URL', () => {
    const html = renderTraceHtml(result);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>&amp;');
    expect(html).not.toMatch(/https?:/i);
  });

  it('show as text in the header, the boxes, the tooltip and the table', async () => {
    const { page, problems, requests } = await open(renderTraceHtml(result), 'hostile-names');
    expect(await page.evaluate('window.injected')).toBeUndefined();
    expect(await page.evaluate(`document.querySelectorAll('script, img').length`)).toBe(2);
    expect(await page.evaluate(`document.querySelector('.command').textContent`)).toBe(
      `node 'src/<b>&amp;</b>.js' 'it'\\''s </script>'`,
    );
    expect(await page.evaluate(`document.querySelector('#exit').textContent`)).toBe('ended by a signal');
    expect(await page.evaluate(`document.querySelector('header tbody').textContent`)).toBe(
      `later<img src=x onerror="window.injected = 2">${child.package}${child.chain.join(' → ')}`,
    );
    const drawn = await boxes(page);
    expect(drawn.map((box) => [box.packageLabel, box.fileLabel])).toEqual([
      [root!.package, root!.file],
      [child.package, child.file],
    ]);
    await page.mouse('mouseMoved', ...center(drawn[1]!));
    expect(await shown(page, '#tooltip')).toMatchObject({
      name: `${child.package} ${child.file}`,
      chain: child.chain.join(' → '),
    });
    expect(await page.evaluate(`document.querySelector('main tbody td').textContent`)).toBe(child.package);
    expect([...requests]).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('a trace without modules', () => {
  it('says so instead of drawing a chart', async () => {
    const empty: TraceResult = { command: ['true'], exitCode: 0, wallMs: 3.2, packages: [], heavyLoaded: [], tree: [] };
    const { page, problems } = await open(renderTraceHtml(empty), 'empty');
    expect(await page.evaluate(`document.getElementById('charts').textContent`)).toBe(
      'No module was recorded: the command started no traced node process.',
    );
    expect(await page.evaluate(`document.querySelector('header .none').textContent`)).toBe('No heavy package loaded.');
    expect(problems).toEqual([]);
  });
});

describe('lazy-imports trace --html, from the packed package', () => {
  // Stub packages that busy-wait: one heavy at start-up with a CommonJS dependency, one heavy
  // that loads after start-up.
  const APP = `import 'heavy-esm';\nimport { later } from 'lazy-holder';\nsetTimeout(later, 10);\n`;
  let page: Page;
  let problems: string[];
  let requests: Set<string>;
  let tree: TraceNode[];
  let stdout: string;
  let code: number | null;
  let remove = (): void => {};

  beforeAll(async () => {
    const cli = await installedCli();
    const temporary = temporaryDir('html');
    remove = temporary.remove;
    writeApp(temporary.dir, { 'app.js': APP });
    writeStubs(temporary.dir, [
      { name: 'heavy-esm', module: 'esm', ms: 60, innerMs: 10, loads: [{ name: 'leaf-cjs', kind: 'static' }] },
      { name: 'leaf-cjs', module: 'cjs', ms: 20 },
      { name: 'lazy-holder', module: 'esm', ms: 0, loads: [{ name: 'later-pkg', kind: 'later' }] },
      { name: 'later-pkg', module: 'esm', ms: 30 },
    ]);
    const file = path.join(temporary.dir, 'trace.html');
    ({ stdout, code } = await lazyImports(
      cli,
      ['trace', '--html', file, '--heavy', 'heavy-esm,later-pkg', '--', process.execPath, 'app.js'],
      { cwd: temporary.dir },
    ));
    ({ page, problems, requests } = await open(readFileSync(file, 'utf8'), 'packed'));
    tree = (JSON.parse((await page.evaluate(`document.getElementById('trace-data').textContent`)) as string) as { tree: TraceNode[] })
      .tree;
  }, 600_000);

  afterAll(() => remove());

  it('writes the page, says where, and passes the status through', () => {
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Trace page: .+trace\.html$/m);
  });

  it('opens without a request or a console error and draws the recorded tree', async () => {
    expect([...requests]).toEqual([]);
    expect(problems).toEqual([]);
    expect(tree).toHaveLength(1);
    await expectDrawnTree(page, tree);
  });

  it('colours the heavy packages by phase', async () => {
    const entered = (await page.evaluate(`[...document.querySelectorAll('.box')]
      .filter((box) => box.querySelector('b'))
      .map((box) => [box.querySelector('b').textContent, box.dataset.phase, 'heavy' in box.dataset])`)) as [string, string, boolean][];
    expect(entered).toEqual(
      expect.arrayContaining([
        ['heavy-esm', 'start-up', true],
        ['leaf-cjs', 'start-up', false],
        ['lazy-holder', 'start-up', false],
        ['later-pkg', 'later', true],
      ]),
    );
    const rows = (await page.evaluate(
      `[...document.querySelectorAll('header tbody tr')].map((row) => [...row.cells].slice(0, 3).map((cell) => cell.textContent))`,
    )) as string[][];
    expect(rows).toEqual([
      ['start-up', 'heavy-esm', 'heavy-esm'],
      ['later', 'later-pkg', 'later-pkg'],
    ]);
  });
});

describe('the harness', () => {
  it('catches a request to the network and a console error', async () => {
    const { problems, requests } = await open(
      '<!doctype html><img src="http://lazy-imports.invalid/a.png"><script>console.error("boom")</script>',
      'control',
    );
    expect([...requests]).toEqual(['http://lazy-imports.invalid/a.png']);
    expect(problems).toContain('console.error: boom');
  });
});
