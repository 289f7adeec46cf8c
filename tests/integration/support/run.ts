import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how to run a command. */
export interface RunOptions {
  readonly cwd: string;
  /** Variables added to the cleaned environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Milliseconds before the command is killed; the result then says so in `stderr`. */
  readonly timeout?: number;
}

/**
 * The environment a user's shell would give a command. `npm test` exports `npm_*` variables
 * (among them the repository as npm's prefix) that would make an `npm install` in a fixture
 * write into this repository; `NODE_OPTIONS` and ESLint's own switches would change what is
 * being tested.
 */
export function userEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS' || key.startsWith('ESLINT_')) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs a command to its end and returns its exit code and output; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: userEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const errorText = Buffer.concat(stderr).toString('utf8');
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: timedOut ? `${errorText}\n(killed after ${options.timeout ?? 120_000} ms)` : errorText,
      });
    });
  });
}

/** Runs a command that must succeed; the error carries its output. */
export async function runOrThrow(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(' ')}\` in ${options.cwd} exited with ${String(result.code)}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Runs npm as a user would, without the audit and funding chatter. */
export function npm(args: readonly string[], cwd: string, timeout = 240_000): Promise<CommandResult> {
  return runOrThrow('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeout });
}
