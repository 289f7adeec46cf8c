import { S3Client, type PutObjectCommand } from '@aws-sdk/client-s3';
import { defaults } from './defaults.js';

/**
 * One client for the whole process: the SDK caches credentials and connections per client,
 * so every command shares this one. The commands only build requests (see `buildRequest`),
 * so placeholder keys stand in for the ones a deployment takes from its environment.
 */
export const s3 = new S3Client({
  region: defaults.region,
  credentials: { accessKeyId: 'AKIAEXAMPLEBILLING', secretAccessKey: 'example-secret-access-key' },
});

/** The parts of an HTTP request that stay the same from run to run. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface BuiltRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

// Dates, invocation ids and the user agent change on every run.
const STABLE_HEADERS = ['content-type', 'content-length', 'x-amz-checksum-crc32', 'x-amz-meta-source'];

/**
 * Runs `command` through the client's middleware until the HTTP request is built, and
 * returns that request instead of signing and sending it: the example stays offline.
 */
export async function buildRequest(command: PutObjectCommand): Promise<RequestSummary> {
  let built: BuiltRequest | undefined;
  const stack = s3.middlewareStack.clone();
  stack.add(
    () => async (args) => {
      built = args.request as BuiltRequest;
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'build', priority: 'low', name: 'billingBuildOnly' },
  );
  await command.resolveMiddleware(stack, s3.config, {})({ input: command.input });
  if (!built) throw new Error('the S3 client built no request');
  const { method, protocol, hostname, path, headers } = built;
  const stable = STABLE_HEADERS.flatMap((name) => {
    const value = headers[name];
    return value === undefined ? [] : [[name, value] as const];
  });
  return { method, url: `${protocol}//${hostname}${path}`, headers: Object.fromEntries(stable) };
}
