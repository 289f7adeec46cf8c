// Which packages a Node program loads before it exits: run it once with a preload that
// records every module file, ESM and CommonJS, and name the packages under node_modules.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Runs in the program's main thread. ESM resolution is seen by a hooks module; CommonJS
// `require()` does not pass through those hooks on every Node version, so `require.cache`
// is read when the process exits.
const PRELOAD = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.LOADED_PACKAGES_LOG;
if (log) {
  register(new URL('./hooks.mjs', import.meta.url), { data: { log } });
  const { cache } = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(cache);
    if (files.length > 0) appendFileSync(log, files.join('\\n') + '\\n');
  });
}
`;

// Runs on the loader hooks thread: every ESM resolution, before the module is loaded.
const HOOKS = `
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let log;
export function initialize(data) {
  log = data.log;
}
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(log, fileURLToPath(resolved.url) + '\\n');
  return resolved;
}
`;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * The package a file belongs to: the name after its last `node_modules` folder
 * (`…/node_modules/@aws-sdk/client-s3/dist-es/index.js` → `@aws-sdk/client-s3`), or
 * `undefined` for the program's own files.
 * @param {string} file
 * @returns {string | undefined}
 */
export function packageOf(file) {
  const at = file.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const parts = file.slice(at + NODE_MODULES.length).split(path.sep);
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return name || undefined;
}

/**
 * @typedef {object} LoadedPackages
 * @property {string[]} packages  every package loaded, sorted by name
 * @property {number} files  how many module files were loaded, the program's own included
 * @property {number | null} exitCode
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs `command` once and reports which packages it loaded before it exited. The preload goes
 * through `NODE_OPTIONS`, so it reaches every Node process the command starts.
 * @param {string} command  an executable, e.g. `process.execPath`
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<LoadedPackages>}
 */
export async function loadedPackages(command, args, options = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'loaded-packages-'));
  try {
    const preload = path.join(dir, 'preload.mjs');
    const log = path.join(dir, 'loaded.log');
    await writeFile(preload, PRELOAD);
    await writeFile(path.join(dir, 'hooks.mjs'), HOOKS);
    await writeFile(log, '');
    const env = { ...(options.env ?? process.env) };
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(' ');
    env.LOADED_PACKAGES_LOG = log;
    const { exitCode, stdout, stderr } = await run(command, args, { cwd: options.cwd ?? process.cwd(), env });
    const files = new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean));
    const packages = new Set();
    for (const file of files) {
      const name = packageOf(file);
      if (name) packages.add(name);
    }
    return { packages: [...packages].sort(), files: files.size, exitCode, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ exitCode: number | null, stdout: string, stderr: string }>}
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

// `node scripts/loaded-packages.js <script> [args…]`: the packages that script loads.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('Usage: node scripts/loaded-packages.js <script> [args…]');
    process.exit(2);
  }
  const result = await loadedPackages(process.execPath, args);
  console.log(result.packages.join('\n'));
  console.error(`${result.packages.length} packages, ${result.files} module files; exit code ${result.exitCode}`);
}
