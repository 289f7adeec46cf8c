import { readFile } from 'node:fs/promises';
import * as ts from 'typescript';
import { UsageError } from './command.js';

const SETTINGS: Readonly<Record<string, 'string' | 'number'>> = {
  bucket: 'string',
  region: 'string',
  currency: 'string',
  model: 'string',
  anthropicBaseUrl: 'string',
  paymentTermsDays: 'number',
};

function position(file: ts.SourceFile, start: number | undefined): string {
  const { line, character } = file.getLineAndCharacterOfPosition(start ?? 0);
  return `${line + 1}:${character + 1}`;
}

/**
 * `billing check-config [file]`: the config file is JSON with comments and trailing commas,
 * read by the same parser as `tsconfig.json`.
 */
export async function checkConfig(argv: readonly string[]): Promise<void> {
  const fileName = argv[0] ?? 'billing.config.jsonc';
  const text = await readFile(fileName, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${fileName}.`);
  });
  const { config = {}, error } = ts.parseConfigFileTextToJson(fileName, text) as {
    config?: Record<string, unknown>;
    error?: ts.Diagnostic;
  };
  const problems: string[] = [];
  if (error) {
    const where = error.file ? `:${position(error.file, error.start)}` : '';
    problems.push(`${fileName}${where} ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}`);
  }
  for (const [key, value] of Object.entries(config)) {
    const expected = SETTINGS[key];
    if (expected === undefined) problems.push(`${fileName}: unknown setting '${key}'`);
    else if (typeof value !== expected) problems.push(`${fileName}: '${key}' must be a ${expected}`);
  }

  if (typeof config.anthropicBaseUrl === 'string') {
    // Checked the way the SDK will read it; only this command needs the SDK, so it loads here.
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const client = new Anthropic({ apiKey: 'offline-example', baseURL: config.anthropicBaseUrl });
    if (!/^https:\/\//.test(client.baseURL)) problems.push(`${fileName}: anthropicBaseUrl must use https, got ${client.baseURL}`);
  }

  if (problems.length > 0) {
    console.log(problems.join('\n'));
    process.exitCode = 1;
    return;
  }
  console.log(`${fileName}: ${Object.keys(config).length} settings, all valid`);
}
