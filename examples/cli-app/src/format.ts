import Stripe from 'stripe';

/** Minor units as invoices show them: `4200, 'eur'` → `42.00 EUR`. */
export function formatAmount(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

/** One line for a payment intent, as the team reads them in the terminal. */
export function describeIntent(intent: Pick<Stripe.PaymentIntentCreateParams, 'amount' | 'currency' | 'customer'>): string {
  const customer = typeof intent.customer === 'string' ? intent.customer : 'no customer';
  return `${formatAmount(intent.amount, intent.currency)} from ${customer}`;
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '))
    .join('\n');
}
