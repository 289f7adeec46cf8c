// Module customization hooks for the observed run: every `import` and `import()` that Node
// resolves, with the module that asked for it, is appended to the log file.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let log = '';

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (context.parentURL?.startsWith('file:') && result.url.startsWith('file:')) {
    appendFileSync(log, `${JSON.stringify([fileURLToPath(context.parentURL), fileURLToPath(result.url)])}\n`);
  }
  return result;
}
