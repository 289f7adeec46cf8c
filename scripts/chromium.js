// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
// the browser reads JSON commands on its file descriptor 3 and writes replies and events on
// descriptor 4, each message ended by a NUL byte. A pipe needs no WebSocket (Node 20 has none
// built in), no port and no driver package: the tests of the trace page and the screenshot
// script use the few commands below and nothing else.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's `chromium` package, unless `CHROMIUM` names another binary. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

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
 * Starts headless Chromium. Fails with a message that says how to install it when it is missing.
 * @returns {Promise<Browser>}
 */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install Debian's package (apt-get install chromium), ` +
        'or set CHROMIUM to the path of a Chromium binary.',
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'lazy-imports-chromium-'));
  const child = spawn(
    CHROMIUM,
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
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
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
        reject(new Error(`Chromium exited during ${method}:\n${stderr}`));
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
