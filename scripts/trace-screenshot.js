// `npm run screenshot`: traces the example app's `billing --help` as written (its SDKs load at
// start-up), renders the `--html` page and photographs it with headless Chromium into
// docs/images/trace.png, the picture in the README's "Measure" section. The heaviest module
// that loads at start-up is clicked and hovered, so that the picture shows its details.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderTraceHtml } from '../dist/cli/html.js';
import { trace } from '../dist/cli/trace.js';
import { launchChromium } from './chromium.js';
import { APP, buildApp, HEAVY, relative, ROOT } from './example-app.js';

const IMAGE = path.join(ROOT, 'docs', 'images', 'trace.png');
// Tall enough for the chart, so that the tooltip opens below the pointer as on a large screen.
// Drawn at twice the pixels, so that it stays sharp when the README shows it narrower.
const VIEWPORT = { width: 1000, height: 1600, deviceScaleFactor: 2 };

buildApp(APP);
const result = await trace({ command: ['node', 'dist/cli.js', '--help'], cwd: APP, heavy: HEAVY, output: 'ignore' });
if (result.exitCode !== 0) throw new Error(`billing --help exited with ${result.exitCode}`);

const dir = mkdtempSync(path.join(tmpdir(), 'lazy-imports-screenshot-'));
const browser = await launchChromium();
try {
  const page = path.join(dir, 'trace.html');
  writeFileSync(page, renderTraceHtml(result));
  const tab = await browser.newPage(VIEWPORT);
  await tab.goto(pathToFileURL(page).href);
  // The box of the heavy start-up module with the largest total time.
  const { x, y } = await tab.evaluate(`(() => {
    const widest = [...document.querySelectorAll('.box[data-heavy][data-phase="start-up"]')]
      .map((box) => box.getBoundingClientRect())
      .sort((a, b) => b.width - a.width)[0];
    return widest ? { x: widest.left + Math.min(widest.width / 2, 120), y: widest.top + widest.height / 2 } : { x: 0, y: 0 };
  })()`);
  // The pointer moves onto the box last: a move to where the pointer already is fires no event.
  await tab.mouse('mousePressed', x, y);
  await tab.mouse('mouseReleased', x, y);
  await tab.mouse('mouseMoved', x - 4, y);
  await tab.mouse('mouseMoved', x, y);
  if (await tab.evaluate(`document.getElementById('tooltip').hidden`)) throw new Error('The tooltip did not open on hover.');
  // The picture ends under the details panel: the package table below it is in the README as text.
  const bottom = await tab.evaluate(`document.getElementById('details').getBoundingClientRect().bottom + 16`);
  mkdirSync(path.dirname(IMAGE), { recursive: true });
  writeFileSync(IMAGE, await tab.screenshot({ x: 0, y: 0, width: VIEWPORT.width, height: Math.ceil(bottom) }));
  console.log(`Wrote ${relative(IMAGE)}: the trace of billing --help, ${result.packages.length} packages in ${Math.round(result.wallMs)} ms.`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
