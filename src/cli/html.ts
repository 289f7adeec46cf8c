import { countText, moreText } from './counts.js';
import type { HeavyLoaded, Phase, TracedPackage, TraceResult } from './trace-model.js';

// The `--html` page of `lazy-imports trace`: one file that opens from disk with no network, so
// that it can be attached to a CI run or a bug report. The header and the package table are
// written here; the icicle chart is drawn in the page from the import tree, embedded as JSON,
// because its boxes need the data again for their tooltips and details.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text (file names may hold `<` or `&`) as HTML, for element content and quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON that can sit inside a `<script>` element: no `<` (so no `</script>` or `<!--`), no `>`
 * or `&`, and no line or paragraph separator, each written as a `\u` escape that `JSON.parse`
 * reads back as the same character.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Milliseconds as the page shows them, with fewer decimals as they grow. The page's script
 * uses this same function (its source is embedded), so the header, the table and the tooltips agree.
 */
function formatMs(ms: number): string {
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

/** The command as a shell line, quoting the arguments a shell would split or expand. */
function commandLine(command: readonly string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function phaseBadge(phase: Phase): string {
  return `<span class="badge ${phase === 'start-up' ? 'startup' : 'later'}">${phase}</span>`;
}

function chainHtml(chain: readonly string[]): string {
  return chain.map((step) => `<code>${escapeHtml(step)}</code>`).join(' <span class="arrow">→</span> ');
}

// One row a heavy entry and phase: a glob such as `@aws-sdk/*` can stand for a dozen packages,
// which all load through the first one's chain.
function heavyTable(heavy: readonly HeavyLoaded[]): string {
  if (heavy.length === 0) return '<p class="none">No heavy package loaded.</p>';
  const groups = new Map<string, HeavyLoaded[]>();
  for (const loaded of heavy) {
    const key = `${loaded.phase}\0${loaded.entry}`;
    groups.set(key, [...(groups.get(key) ?? []), loaded]);
  }
  const rows = [...groups.values()].map(([first, ...more]) => {
    if (first === undefined) return '';
    const names = [first, ...more].map((loaded) => `<b>${escapeHtml(loaded.package)}</b>`).join(', ');
    return (
      `<tr><td>${phaseBadge(first.phase)}</td><td><code>${escapeHtml(first.entry)}</code></td>` +
      `<td>${names}</td><td class="chain">${chainHtml(first.chain)}</td></tr>`
    );
  });
  return (
    '<table class="heavy"><thead><tr><th>phase</th><th>heavy entry</th><th>packages</th><th>first chain</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** The heading of a package's chains in the details panel, with how many it leaves out. */
function chainsHeading(pkg: TracedPackage): string {
  const more = moreText(pkg.chains.length, pkg.chainCount);
  if (more === undefined) return `Every chain that loaded ${pkg.name} (${countText(pkg.chainCount)}):`;
  return `The ${String(pkg.chains.length)} shortest chains that loaded ${pkg.name} (${more}):`;
}

function packageTable(packages: readonly TracedPackage[]): string {
  const rows = packages.map(
    (pkg) =>
      `<tr><td class="package"><b>${escapeHtml(pkg.name)}</b></td><td>${escapeHtml(pkg.version ?? '')}</td>` +
      `<td class="num">${pkg.modules}</td><td class="num">${formatMs(pkg.selfMs)}</td>` +
      `<td class="num">${formatMs(pkg.totalMs)}</td><td>${phaseBadge(pkg.phase)}</td>` +
      `<td class="num">${pkg.processes}</td><td class="chain">${chainHtml(pkg.chain)}</td></tr>`,
  );
  return (
    '<table><thead><tr><th>package</th><th>version</th><th class="num">modules</th><th class="num">own</th>' +
    `<th class="num">total</th><th>phase</th><th class="num">processes</th><th>first chain</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

const STYLE = `
:root { --startup: hsl(210 60% 68%); --later: hsl(150 25% 76%); --heavy-startup: hsl(2 72% 62%); --heavy-later: hsl(34 88% 64%); }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #fff; }
header, main { padding: 16px 24px; }
header { background: #f5f7fa; border-bottom: 1px solid #dde3ea; }
h1 { font-size: 18px; margin: 0 0 8px; }
h2 { font-size: 15px; margin: 20px 0 8px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.command { font-size: 14px; background: #fff; border: 1px solid #dde3ea; border-radius: 4px; padding: 2px 6px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 24px; margin: 10px 0 0; }
.facts dt { color: #5b6675; font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; }
.heavy td { border-bottom-color: #e3e8ee; }
.heavy .chain { font-size: 12px; width: 45%; }
.heavy td:nth-child(2), .heavy b { white-space: nowrap; }
.chain { color: #3c4656; overflow-wrap: anywhere; }
.arrow, .muted, .none { color: #6b7684; }
.badge { display: inline-block; white-space: nowrap; border-radius: 3px; padding: 0 6px; font-size: 12px; font-weight: 600; }
.badge.startup { background: hsl(210 60% 88%); color: hsl(210 60% 28%); }
.badge.later { background: hsl(150 25% 88%); color: hsl(150 30% 24%); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: #4a5565; margin: 0 0 8px; }
.legend .swatch::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -2px; border-radius: 2px; background: var(--swatch); }
.process h2 { font-weight: 600; }
.process h2 .muted { font-weight: 400; }
.icicle { position: relative; width: 100%; overflow: hidden; }
.box { position: absolute; height: 21px; overflow: hidden; font-size: 12px; line-height: 21px;
  border-right: 1px solid #fff; border-bottom: 1px solid #fff; cursor: pointer; color: #141a24; }
.box[hidden] { display: none; }
.reset { margin-left: 12px; font: inherit; font-size: 12px; font-weight: 400; padding: 1px 8px; border: 1px solid #c5ced9; border-radius: 4px; background: #fff; cursor: pointer; }
.reset[hidden] { display: none; }
/* The label's padding sits inside it, so that a box narrower than the padding keeps its width. */
.label { display: block; padding: 0 4px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.box:hover { filter: brightness(1.08); }
.box.selected { outline: 2px solid #141a24; outline-offset: -2px; z-index: 1; }
.box b { font-weight: 650; }
.box .file { color: #2e3744; }
#tooltip { position: fixed; z-index: 10; max-width: 460px; pointer-events: none; background: #1d2330; color: #f3f5f8;
  border-radius: 6px; padding: 8px 10px; font-size: 12.5px; box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
#tooltip code, #details code { overflow-wrap: anywhere; }
#tooltip .chain { color: #c9d2de; }
#tooltip .arrow { color: #8d99a8; }
.name { font-weight: 650; overflow-wrap: anywhere; }
.times { margin: 2px 0; }
.chains { margin: 4px 0 0; padding-left: 22px; font-size: 12.5px; }
.chains li { margin: 2px 0; }
.chains-heading { margin-top: 6px; color: #5b6675; font-size: 12px; }
#details { margin-top: 12px; min-height: 3.2em; border: 1px solid #dde3ea; border-radius: 6px; padding: 8px 12px; background: #fafbfc; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e6eaef; vertical-align: top; }
th { color: #5b6675; font-weight: 600; font-size: 12px; }
.package { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
`;

// Runs in the page: draws each process's import tree as an icicle, one box a module, each box's
// width its total time on one scale for the whole page, and fills the tooltip and the details
// panel from the box's node. All text goes in through `textContent`, never as markup.
const SCRIPT = `
'use strict';
const formatMs = ${formatMs.toString()};
const ROW = 22;
const data = JSON.parse(document.getElementById('trace-data').textContent);
const charts = document.getElementById('charts');
const tooltip = document.getElementById('tooltip');
const details = document.getElementById('details');
const entries = [];
const scaleMs = Math.max(...data.tree.map((root) => root.totalMs), 0.001);

function hash(text) {
  let value = 0;
  for (let i = 0; i < text.length; i += 1) value = (value * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(value);
}

// Colour says phase and heaviness; each package gets its own lightness so that neighbouring
// packages stay apart.
function colour(node) {
  const shade = hash(node.package) % 5;
  if (node.heavy) return node.phase === 'start-up' ? 'hsl(2 72% ' + (58 + shade * 2.5) + '%)' : 'hsl(34 88% ' + (60 + shade * 2.5) + '%)';
  return node.phase === 'start-up' ? 'hsl(210 58% ' + (66 + shade * 3) + '%)' : 'hsl(150 24% ' + (72 + shade * 3) + '%)';
}

// Inside node_modules, the file within its package is what tells two boxes of a package apart.
function shortFile(node) {
  const marker = 'node_modules/' + node.package + '/';
  const at = node.file.lastIndexOf(marker);
  return at === -1 ? node.file : node.file.slice(at + marker.length);
}

function element(tag, className, text) {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

function describe(target, entry, full) {
  const node = entry.node;
  const processMs = roots[entry.process].node.totalMs;
  target.replaceChildren();
  const name = element('div', 'name');
  name.append(element('span', 'package', node.package), ' ', element('code', 'file', node.file));
  const times = element('div', 'times');
  times.append(
    element('span', 'own', 'own ' + formatMs(node.selfMs)),
    ' · ',
    element('span', 'total', 'total ' + formatMs(node.totalMs)),
    ' · ',
    element('span', 'phase', node.phase),
  );
  if (processMs > 0) {
    const share = (node.totalMs / processMs) * 100;
    times.append(' · ', element('span', 'share', share.toFixed(share < 10 ? 1 : 0) + ' % of the process'));
  }
  if (node.heavy) times.append(' · ', element('b', 'heavy', 'heavy'));
  target.append(name, times, chainElement('div', node.chain));
  // The details panel lists every chain that loaded the package, not only this box's.
  const every = full ? data.chains[node.package] : undefined;
  if (every && every.chains.length > 0) {
    const heading = element('div', 'chains-heading', every.heading);
    const list = element('ol', 'chains');
    for (const { phase, chain } of every.chains) {
      const item = chainElement('li', chain);
      item.prepend(element('span', 'badge ' + (phase === 'start-up' ? 'startup' : 'later'), phase), ' ');
      list.append(item);
    }
    target.append(heading, list);
  }
}

function chainElement(tag, steps) {
  const chain = element(tag, 'chain');
  steps.forEach((step, index) => {
    if (index > 0) chain.append(' ', element('span', 'arrow', '→'), ' ');
    chain.append(element('code', '', step));
  });
  return chain;
}

// One entry a module: its node, its box and its place in the tree, built once; \`layout\`
// places the boxes for what the chart is zoomed into.
function build(node, parent, process, icicle) {
  const box = element('div', 'box');
  const entry = { node, parent, process, box, depth: parent ? parent.depth + 1 : 0, children: [] };
  box.dataset.index = String(entries.length);
  entries.push(entry);
  box.style.background = colour(node);
  box.dataset.phase = node.phase;
  if (node.heavy) box.dataset.heavy = '';
  const label = element('span', 'label');
  if (!parent || parent.node.package !== node.package) label.append(element('b', '', node.package), ' ');
  label.append(element('span', 'file', shortFile(node)));
  box.append(label);
  icicle.append(box);
  for (const child of node.children) entry.children.push(build(child, entry, process, icicle));
  return entry;
}

function place(entry, left, width) {
  entry.box.hidden = false;
  entry.box.style.left = left + '%';
  entry.box.style.width = width + '%';
  entry.box.style.top = entry.depth * ROW + 'px';
}

// Children share their parent's width in load order; rounding in the recorded times must not
// push them past it. Returns the deepest row with a box two pixels wide or more: the rows below
// hold only slivers, which the chart clips until a zoom widens them.
function placeTree(entry, left, width, msWidth, pixelsPerPercent) {
  place(entry, left, width);
  const childrenMs = entry.children.reduce((sum, child) => sum + child.node.totalMs, 0);
  const fit = childrenMs > entry.node.totalMs && childrenMs > 0 ? entry.node.totalMs / childrenMs : 1;
  let deepest = width * pixelsPerPercent >= 2 ? entry.depth : 0;
  let x = left;
  for (const child of entry.children) {
    const childWidth = child.node.totalMs * msWidth * fit;
    deepest = Math.max(deepest, placeTree(child, x, childWidth, msWidth, pixelsPerPercent));
    x += childWidth;
  }
  return deepest;
}

// Unzoomed, every process shares one scale, so that their widths compare; zoomed into a box,
// that box fills the width, under its importers, and the rest of the tree is hidden.
function layout(process, focus) {
  focuses[process] = focus;
  for (const entry of entries) if (entry.process === process) entry.box.hidden = true;
  const root = roots[process];
  const zoomed = focus !== root;
  const msWidth = 100 / (zoomed ? Math.max(focus.node.totalMs, 0.001) : scaleMs);
  const width = focus.node.totalMs * msWidth;
  for (let above = focus.parent; above; above = above.parent) place(above, 0, width);
  const deepest = placeTree(focus, 0, width, msWidth, icicles[process].clientWidth / 100);
  icicles[process].style.height = (Math.max(deepest, focus.depth) + 1) * ROW + 'px';
  resets[process].hidden = !zoomed;
}

const roots = [];
const focuses = [];
const icicles = [];
const resets = [];
data.tree.forEach((root, index) => {
  const section = element('section', 'process');
  const heading = element('h2', '', data.tree.length > 1 ? 'Process ' + (index + 1) + ': ' : 'Process: ');
  heading.append(element('code', '', root.file), element('span', 'muted', ' · ' + formatMs(root.totalMs)));
  const reset = element('button', 'reset', 'Show the whole tree');
  reset.type = 'button';
  reset.addEventListener('click', () => layout(index, roots[index]));
  heading.append(reset);
  const icicle = element('div', 'icicle');
  roots.push(build(root, undefined, index, icicle));
  icicles.push(icicle);
  resets.push(reset);
  section.append(heading, icicle);
  charts.append(section);
  layout(index, roots[index]);
});
if (data.tree.length === 0) charts.append(element('p', 'none', 'No module was recorded: the command started no traced node process.'));
window.addEventListener('resize', () => roots.forEach((_, index) => layout(index, focuses[index])));

function boxAt(event) {
  const box = event.target instanceof Element ? event.target.closest('.box') : null;
  return box ? entries[Number(box.dataset.index)] : undefined;
}

charts.addEventListener('mousemove', (event) => {
  const hit = boxAt(event);
  if (!hit) {
    tooltip.hidden = true;
    return;
  }
  describe(tooltip, hit);
  tooltip.hidden = false;
  const gap = 14;
  const { width, height } = tooltip.getBoundingClientRect();
  const x = event.clientX + gap + width > window.innerWidth ? Math.max(4, event.clientX - gap - width) : event.clientX + gap;
  const y = event.clientY + gap + height > window.innerHeight ? Math.max(4, event.clientY - gap - height) : event.clientY + gap;
  tooltip.style.left = x + 'px';
  tooltip.style.top = y + 'px';
});
charts.addEventListener('mouseleave', () => {
  tooltip.hidden = true;
});
charts.addEventListener('click', (event) => {
  const hit = boxAt(event);
  if (!hit) return;
  for (const selected of charts.querySelectorAll('.box.selected')) selected.classList.remove('selected');
  hit.box.classList.add('selected');
  describe(details, hit, true);
});
charts.addEventListener('dblclick', (event) => {
  const hit = boxAt(event);
  if (hit) layout(hit.process, hit);
});
`;

/**
 * The `--html` page of a trace: a header (command, wall time, exit status, the heavy packages
 * it loaded), an icicle chart of each process's import tree sized by total time and coloured
 * by phase and heaviness, with a tooltip and a details panel per box, and the package table.
 * Self-contained: no URL outside the page, enforced by its content security policy.
 */
export function renderTraceHtml(result: TraceResult): string {
  const command = commandLine(result.command);
  const exit = result.exitCode === null ? 'ended by a signal' : String(result.exitCode);
  const modules = result.packages.reduce((sum, pkg) => sum + pkg.modules, 0);
  // Chains by package, for the details panel.
  const chains = Object.fromEntries(result.packages.map((pkg) => [pkg.name, { heading: chainsHeading(pkg), chains: pkg.chains }]));
  const data = { tree: result.tree, chains };
  const legend = (
    [
      ['--startup', 'start-up'],
      ['--later', 'later'],
      ['--heavy-startup', 'heavy, start-up'],
      ['--heavy-later', 'heavy, later'],
    ] as const
  )
    .map(([colour, label]) => `<span class="swatch" style="--swatch: var(${colour})">${label}</span>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lazy-imports trace: ${escapeHtml(command)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>lazy-imports trace</h1>
<code class="command">${escapeHtml(command)}</code>
<dl class="facts">
<div><dt>wall time</dt><dd id="wall">${formatMs(result.wallMs)}</dd></div>
<div><dt>exit code</dt><dd id="exit">${escapeHtml(exit)}</dd></div>
<div><dt>packages</dt><dd>${result.packages.length}</dd></div>
<div><dt>modules in packages</dt><dd>${modules}</dd></div>
<div><dt>processes</dt><dd>${result.tree.length}</dd></div>
</dl>
<h2>Heavy packages loaded</h2>
${heavyTable(result.heavyLoaded)}
</header>
<main>
<h2>Import tree</h2>
<p class="legend">${legend}<span class="muted">width: whole price of a module (reading, parsing, linking, evaluating) with what it loads · hover or click a box, double-click to zoom into it</span></p>
<div id="charts"></div>
<div id="details" aria-live="polite"><span class="muted">Click a box to keep its details here.</span></div>
<div id="tooltip" role="tooltip" hidden></div>
<h2>Packages</h2>
${packageTable(result.packages)}
</main>
<script type="application/json" id="trace-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
