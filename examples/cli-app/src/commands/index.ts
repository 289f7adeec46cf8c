import { charge } from './charge.js';
import { checkConfig } from './check-config.js';
import type { Command } from './command.js';
import { quote } from './quote.js';
import { summarize } from './summarize.js';
import { uploadInvoice } from './upload-invoice.js';

export type { Command } from './command.js';
export { UsageError } from './command.js';

/** Every command, in the order `billing --help` lists them. */
export const commands: readonly Command[] = [
  { name: 'upload-invoice', args: '<file> [--bucket <name>]', summary: 'Upload an invoice to the invoice bucket', run: uploadInvoice },
  { name: 'charge', args: '<customer> <amount> [--currency <code>]', summary: 'Charge a customer and verify the payment webhook', run: charge },
  { name: 'summarize', args: '<invoices.csv> [--model <id>]', summary: 'Ask Claude to summarise an invoice export', run: summarize },
  { name: 'quote', args: '<plan> [--seats <n>] [--currency <code>]', summary: 'Price a plan from the price rules', run: quote },
  { name: 'check-config', args: '[file]', summary: 'Check a billing.config.jsonc file', run: checkConfig },
];
