import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import { type MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { defaults } from '../defaults.js';
import { formatAmount, table } from '../format.js';
import { UsageError } from './command.js';

interface InvoiceRow {
  readonly invoice: string;
  readonly customer: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
}

/** Reads the accounting export: `invoice,customer,amount,currency,status`, amounts in minor units. */
function parseExport(text: string): InvoiceRow[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header?.replaceAll(' ', '') !== 'invoice,customer,amount,currency,status') {
    throw new UsageError('the export must start with the header invoice,customer,amount,currency,status.');
  }
  return lines.map((line, index) => {
    const [invoice = '', customer = '', amount = '', currency = '', status = ''] = line.split(',').map((cell) => cell.trim());
    if (!/^\d+$/.test(amount)) throw new UsageError(`line ${index + 2}: '${amount}' is not an amount in minor units.`);
    return { invoice, customer, amount: Number(amount), currency, status };
  });
}

function totalsByStatus(rows: readonly InvoiceRow[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.status} ${row.currency}`;
    totals.set(key, (totals.get(key) ?? 0) + row.amount);
  }
  return totals;
}

/** `billing summarize <invoices.csv> [--model <id>]` */
export async function summarize(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { model: { type: 'string', default: defaults.model } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined) throw new UsageError('summarize needs an invoice export (CSV).');
  const rows = parseExport(await readFile(file, 'utf8'));
  const totals = totalsByStatus(rows);
  console.log(`${rows.length} invoices`);
  console.log(
    table([...totals].map(([key, amount]) => {
      const [status = '', currency = ''] = key.split(' ');
      return [`  ${status}`, formatAmount(amount, currency)];
    })),
  );

  const prompt = [
    'Here is this month\'s invoice export. Write three sentences for the finance team:',
    'what was paid, what is overdue and which customers to call first.',
    '',
    ...rows.map((row) => `${row.invoice} ${row.customer} ${formatAmount(row.amount, row.currency)} ${row.status}`),
  ].join('\n');
  const request: MessageCreateParamsNonStreaming = {
    model: values.model,
    max_tokens: 512,
    messages: [{ role: 'user', content: prompt }],
  };
  const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY ?? 'offline-example', maxRetries: 3 });
  console.log(`POST ${client.baseURL}/v1/messages`);
  console.log(`  model ${request.model}, max_tokens ${request.max_tokens}, prompt ${prompt.length} characters`);
}
