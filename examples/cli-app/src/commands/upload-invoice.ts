import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { defaults } from '../defaults.js';
import { table } from '../format.js';
import { buildRequest } from '../storage.js';
import { UsageError } from './command.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.json': 'application/json',
};

/** Invoices are filed by year: `INV-2024-0042.pdf` → `invoices/2024/INV-2024-0042.pdf`. */
function objectKey(file: string): string {
  const name = path.basename(file);
  const year = /\b(20\d\d)\b/.exec(name)?.[1] ?? 'undated';
  return `invoices/${year}/${name}`;
}

function putInvoiceInput(bucket: string, file: string, body: Uint8Array): PutObjectCommandInput {
  return {
    Bucket: bucket,
    Key: objectKey(file),
    Body: body,
    ContentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    ChecksumAlgorithm: 'CRC32',
    Metadata: { source: 'billing-cli' },
  };
}

/** `billing upload-invoice <file> [--bucket <name>]` */
export async function uploadInvoice(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { bucket: { type: 'string', default: defaults.bucket } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined) throw new UsageError('upload-invoice needs the invoice file to upload.');
  const body = await readFile(file);
  const request = await buildRequest(new PutObjectCommand(putInvoiceInput(values.bucket, file, body)));
  console.log(`${request.method} ${request.url}`);
  console.log(table(Object.entries(request.headers).map(([name, value]) => [`  ${name}:`, value])));
}
