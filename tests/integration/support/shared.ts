import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Where the packed plugin, the fixture projects and the tools live between test files and
 * between runs. Each entry is named by what it was made from, so a changed source makes a
 * new entry and an unchanged one is reused.
 */
export const CACHE_ROOT = path.join(os.tmpdir(), 'eslint-plugin-lazy-imports-integration');

const READY = '.ready';
const LOCK_STALE_MS = 10 * 60_000;
const WAIT_LIMIT_MS = 8 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock left by a process that died, or held for longer than any step takes. */
function isStale(lock: string): boolean {
  const stat = statSync(lock, { throwIfNoEntry: false });
  if (!stat) return false;
  let pid = 0;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Taken a moment ago: the owner has not written its pid yet.
  }
  if (pid > 0 && !isAlive(pid)) return true;
  return Date.now() - stat.mtimeMs > LOCK_STALE_MS;
}

async function acquire(lock: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`Timed out waiting for ${lock}`);
    await sleep(200);
  }
}

/**
 * Makes `dir` once, however many test files (in however many worker processes) ask for it at
 * the same time: the first takes a lock and calls `make`, the others wait and reuse the result.
 * A directory whose `make` did not finish is made again from scratch.
 */
export async function sharedDirectory(dir: string, make: (dir: string) => Promise<void>): Promise<string> {
  const ready = path.join(dir, READY);
  if (existsSync(ready)) return dir;
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  await acquire(lock);
  try {
    if (existsSync(ready)) return dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await make(dir);
    writeFileSync(ready, new Date().toISOString());
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Marks a cache entry as in use, so {@link pruneCache} keeps it. */
export function touch(dir: string): void {
  const now = new Date();
  utimesSync(dir, now, now);
}

/**
 * Removes cache entries that no run has used for a while: each change to the sources leaves a
 * packed plugin and its installed projects behind (a few hundred megabytes). Tools, which
 * change only with their pinned version, are kept for a week. A run takes minutes, so an
 * entry idle for half an hour is not in use.
 */
export function pruneCache(): void {
  const now = Date.now();
  for (const name of readdirSync(CACHE_ROOT)) {
    const entry = path.join(CACHE_ROOT, name);
    if (name.endsWith('.lock') || existsSync(`${entry}.lock`)) continue;
    const idleLimit = name.startsWith('tool-') ? 7 * 24 * 60 * 60_000 : 30 * 60_000;
    const stat = statSync(entry, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > idleLimit) rmSync(entry, { recursive: true, force: true });
  }
}
