// The `lazy-imports` command as users install it: from the packed package, in the fixture
// project that the integration tests share (it has ESLint 10 and the plugin installed).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { trace } from '../../../src/cli/trace.js';
import { eslint10Project } from '../../integration/support/findings.js';
import { installedTool } from '../../integration/support/package.js';
import { run, type CommandResult } from '../../integration/support/run.js';
import { VERSIONS } from '../../integration/support/versions.js';

/** The installed plugin's project and its bin script. */
export interface InstalledCli {
  readonly project: string;
  readonly bin: string;
}

export async function installedCli(): Promise<InstalledCli> {
  const project = await eslint10Project();
  return { project, bin: path.join(project, 'node_modules', 'eslint-plugin-lazy-imports', 'dist', 'command', 'main.js') };
}

/** `trace()` of the installed package, the `eslint-plugin-lazy-imports/trace` entry point (its preload must be built). */
export async function installedTrace(): Promise<typeof trace> {
  const { project } = await installedCli();
  const entry = path.join(project, 'node_modules', 'eslint-plugin-lazy-imports', 'dist', 'command', 'trace.js');
  return ((await import(pathToFileURL(entry).href)) as { trace: typeof trace }).trace;
}

/** Node binaries of every supported major: this one (the suite runs on Node 20) and the others from npm. */
export const NODES: readonly { readonly label: string; readonly major: number; readonly binary: () => Promise<string> }[] = [
  {
    label: `node ${process.version}`,
    major: Number(process.versions.node.split('.')[0]),
    binary: () => Promise.resolve(process.execPath),
  },
  { label: VERSIONS.node22, major: 22, binary: () => installedTool(VERSIONS.node22).then((dir) => path.join(dir, 'bin/node')) },
  { label: VERSIONS.node24, major: 24, binary: () => installedTool(VERSIONS.node24).then((dir) => path.join(dir, 'bin/node')) },
];

/** Runs `lazy-imports <args>` with a given Node in `cwd`. */
export function lazyImports(
  cli: InstalledCli,
  args: readonly string[],
  options: { readonly cwd: string; readonly node?: string; readonly env?: Record<string, string> },
): Promise<CommandResult> {
  return run(options.node ?? process.execPath, [cli.bin, ...args], {
    cwd: options.cwd,
    timeout: 120_000,
    ...(options.env ? { env: options.env } : {}),
  });
}
