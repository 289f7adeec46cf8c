// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
// the browser reads JSON commands on its file descriptor 3 and writes replies and events on
// descriptor 4, each message ended by a NUL byte. A pipe needs no WebSocket (Node 20 has none
// built in), no port and no driver package: the tests of the trace page and the screenshot
// script use the few commands below and nothing else.
//
// The browser is the one `CHROMIUM` names, else Debian's `chromium` package when it is installed,
// else the headless shell that `npm ci` installs with @sparticuz/chromium (Linux x64). That package
// ships the browser inside its tarball, brotli-compressed with the few shared libraries it needs
// that a bare Debian lacks (NSS, NSPR, expat: built for Amazon Linux 2023, they run on any glibc
// at least as new) and a font. It means them for AWS Lambda and decompresses them into /tmp, one
// fixed folder for every user and version, from where two processes that start at once can run a
// half-written binary. Here they are decompressed once per package version into
// node_modules/.cache, made whole in a folder of their own and then renamed into place, and the
// browser finds its libraries and font through its environment alone (LD_LIBRARY_PATH,
// FONTCONFIG_FILE): nothing to install with apt.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

/** Debian's `chromium` package, used when it is installed. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The devDependency that ships a headless Chromium for Linux x64 in its npm package. */
const REGISTRY_CHROMIUM = '@sparticuz/chromium';

const CACHE = fileURLToPath(new URL('../node_modules/.cache/lazy-imports-chromium/', import.meta.url));

/**
 * @typedef {object} ChromiumBinary
 * @property {string} executable the browser binary
 * @property {string} source where it comes from, for messages
 * @property {NodeJS.ProcessEnv} env the environment it runs in
 */

/**
 * The browser to run: `CHROMIUM`, else Debian's package, else the registry's headless shell,
 * decompressed on first use.
 * @returns {Promise<ChromiumBinary>}
 */
export async function findChromium() {
  const named = process.env.CHROMIUM;
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) throw new Error(`CHROMIUM names ${named}, which does not exist: unset it, or name a Chromium binary.`);
    return { executable: named, source: 'CHROMIUM', env: process.env };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executable: DEBIAN_CHROMIUM, source: "Debian's chromium", env: process.env };
  return registryChromium();
}

/** @returns {Promise<ChromiumBinary>} */
async function registryChromium() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${REGISTRY_CHROMIUM} ships Chromium for Linux x64 only, and this is ${process.platform} ${process.arch}: ` +
        'set CHROMIUM to the path of a Chromium binary.',
    );
  }
  let entry;
  try {
    entry = createRequire(import.meta.url).resolve(REGISTRY_CHROMIUM);
  } catch {
    throw new Error(`${REGISTRY_CHROMIUM} is not installed: run npm ci, or set CHROMIUM to the path of a Chromium binary.`);
  }
  // The package's entry is build/<format>/index.*, and its archives lie in bin/ beside build/.
  const packageRoot = path.resolve(path.dirname(entry), '..', '..');
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
  const dir = path.join(CACHE, version);
  if (!existsSync(dir)) await unpack(path.join(packageRoot, 'bin'), dir);
  return {
    executable: path.join(dir, 'chromium'),
    source: `${REGISTRY_CHROMIUM} ${version}`,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter),
      // Only the shipped font: the page renders the same on every machine, fonts installed or not.
      FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
    },
  };
}

/**
 * Decompresses the browser, its libraries and its font from the package's `bin` folder into
 * `dir`. Another process may be doing the same: each fills a folder of its own and renames it
 * into place, so `dir` is whole or absent, never half-written.
 * @param {string} bin
 * @param {string} dir
 */
async function unpack(bin, dir) {
  mkdirSync(CACHE, { recursive: true });
  const partial = mkdtempSync(`${dir}.partial-`);
  try {
    await pipeline(
      createReadStream(path.join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(path.join(partial, 'chromium'), { mode: 0o755 }),
    );
    // al2023.tar.br holds lib/*.so; fonts.tar.br holds fonts/Open_Sans/*.ttf and a fonts.conf
    // that points at Lambda's folders, replaced below.
    for (const archive of ['al2023.tar.br', 'fonts.tar.br']) {
      const untar = spawnSync('tar', ['-x', '--no-same-owner', '-C', partial], { input: brotliDecompressSync(readFileSync(path.join(bin, archive))) });
      if (untar.status !== 0) throw new Error(`Could not unpack ${path.join(bin, archive)}: ${untar.stderr}`);
    }
    writeFileSync(
      path.join(partial, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <dir>${path.join(dir, 'fonts')}</dir>\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    // mkdtemp makes the folder for its owner alone; the browser is for everyone who runs the tests.
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another process renamed its copy into place first: use that one.
      if (!existsSync(dir)) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** How long one protocol command may take before the browser is taken to be stuck. */
const COMMAND_TIMEOUT_MS = 20_000;

/**
 * @typedef {object} Page
 * @property {(method: string, params?: object) => Promise<any>} send a protocol command to the page
 * @property {(method: string, listener: (params: any) => void) => void} on listens to a page event
 * @property {(url: string) => Promise<void>} goto loads `url` and waits for its `load` event
 * @property {(expression: string) => Promise<any>} evaluate the value of a JavaScript expression in the page
 * @property {(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, clickCount?: number) => Promise<void>} mouse
 *   a mouse event at page coordinates; a press and release with `clickCount` 2 after one with 1 is a double click
 * @property {(clip?: { x: number, y: number, width: number, height: number }) => Promise<Buffer>} screenshot
 *   a PNG of the page, or of the `clip` rectangle of it (in page coordinates)
 */

/**
 * @typedef {object} Browser
 * @property {(viewport: { width: number, height: number, deviceScaleFactor?: number }) => Promise<Page>} newPage
 * @property {() => Promise<void>} close
 */

/**
 * Starts headless Chromium (see {@link findChromium}). Fails with a message that says what to do
 * when there is none.
 * @returns {Promise<Browser>}
 */
export async function launchChromium() {
  const chromium = await findChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'lazy-imports-chromium-'));
  const child = spawn(
    chromium.executable,
    [
      '--headless',
      '--remote-debugging-pipe',
      // Containers run as root, where Chromium refuses its sandbox.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      '--mute-audio',
      'about:blank',
    ],
    { env: chromium.env, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [, , , input, output] = child.stdio;
  if (!(input && 'write' in input) || !(output && 'on' in output)) throw new Error('Chromium started without its protocol pipe.');

  let nextId = 1;
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void, method: string }>} */
  const pending = new Map();
  /** @type {Map<string, ((params: any) => void)[]>} listeners by `sessionId method` */
  const listeners = new Map();
  let exited = false;
  const exit = new Promise((resolve) => {
    child.on('exit', () => {
      exited = true;
      for (const { reject, method } of pending.values()) {
        reject(new Error(`Chromium (${chromium.source}, ${chromium.executable}) exited during ${method}:\n${stderr}`));
      }
      pending.clear();
      resolve(undefined);
    });
  });
  child.on('error', (error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  });

  let buffered = '';
  output.setEncoding('utf8');
  output.on('data', (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\0')) !== -1) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (typeof message.id === 'number') {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(`${waiting.method}: ${message.error.message}`));
        else waiting?.resolve(message.result);
      } else {
        for (const listener of listeners.get(`${message.sessionId ?? ''} ${message.method}`) ?? []) listener(message.params);
      }
    }
  });

  /**
   * @param {string | undefined} sessionId
   * @param {string} method
   * @param {object} [params]
   * @returns {Promise<any>}
   */
  function send(sessionId, method, params = {}) {
    if (exited) return Promise.reject(new Error(`Chromium is not running (${method}):\n${stderr}`));
    const id = nextId++;
    input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${COMMAND_TIMEOUT_MS} ms.`));
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, {
        method,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** @param {string | undefined} sessionId @param {string} method @param {(params: any) => void} listener */
  function on(sessionId, method, listener) {
    const key = `${sessionId ?? ''} ${method}`;
    listeners.set(key, [...(listeners.get(key) ?? []), listener]);
  }

  await send(undefined, 'Browser.getVersion');

  return {
    async newPage({ width, height, deviceScaleFactor = 1 }) {
      const { targetId } = await send(undefined, 'Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send(undefined, 'Target.attachToTarget', { targetId, flatten: true });
      await send(sessionId, 'Page.enable');
      await send(sessionId, 'Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor, mobile: false });
      return {
        send: (method, params) => send(sessionId, method, params),
        on: (method, listener) => on(sessionId, method, listener),
        async goto(url) {
          const loaded = new Promise((resolve) => on(sessionId, 'Page.loadEventFired', resolve));
          const { errorText } = await send(sessionId, 'Page.navigate', { url });
          if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
          await loaded;
        },
        async evaluate(expression) {
          const { result, exceptionDetails } = await send(sessionId, 'Runtime.evaluate', {
            expression,
            returnByValue: true,
            awaitPromise: true,
          });
          if (exceptionDetails) {
            throw new Error(`${expression} threw: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          }
          return result.value;
        },
        async mouse(type, x, y, clickCount = 1) {
          await send(sessionId, 'Input.dispatchMouseEvent', {
            type,
            x,
            y,
            ...(type === 'mouseMoved' ? {} : { button: 'left', clickCount }),
          });
        },
        async screenshot(clip) {
          const { cssContentSize } = await send(sessionId, 'Page.getLayoutMetrics');
          const area = { x: 0, y: 0, width, height: Math.ceil(cssContentSize.height), ...clip, scale: 1 };
          const { data } = await send(sessionId, 'Page.captureScreenshot', {
            format: 'png',
            // Capturing beyond the viewport resizes it for a moment, which can move the page's
            // hover state (a tooltip): only when the area needs it.
            captureBeyondViewport: area.y + area.height > height,
            clip: area,
          });
          return Buffer.from(data, 'base64');
        },
      };
    },
    async close() {
      if (!exited) {
        // Browser.close answers only as the browser goes away, so its reply is not awaited.
        send(undefined, 'Browser.close').catch(() => {});
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
