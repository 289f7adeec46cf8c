import { parseArgs } from 'node:util';
import { defaults } from '../defaults.js';
import { formatAmount, table } from '../format.js';
import { loadPriceRules } from '../pricing.js';
import { UsageError } from './command.js';

/** `billing quote <plan> [--seats <n>] [--currency <code>]` */
export async function quote(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { seats: { type: 'string', default: '1' }, currency: { type: 'string', default: defaults.currency } },
    allowPositionals: true,
  });
  const priceRules = await loadPriceRules();
  const planName = positionals[0];
  const plan = planName === undefined ? undefined : priceRules.plans[planName];
  if (planName === undefined || plan === undefined) {
    throw new UsageError(`quote needs a plan: ${Object.keys(priceRules.plans).join(', ')}.`);
  }
  const seats = Number(values.seats);
  if (!Number.isInteger(seats) || seats < 1) throw new UsageError(`'${values.seats}' is not a number of seats.`);
  const currency = values.currency.toLowerCase();
  const rate = priceRules.exchangeRates[currency];
  if (rate === undefined) throw new UsageError(`no exchange rate for ${currency}.`);

  const extraSeats = Math.max(0, seats - plan.includedSeats);
  const discount = priceRules.volumeDiscounts.find((tier) => seats >= tier.fromSeats)?.percent ?? 0;
  const lines: [string, number][] = [
    [`${planName} plan, ${plan.includedSeats} seats included`, plan.base],
    [`${extraSeats} extra seats`, extraSeats * plan.perSeat],
  ];
  const subtotal = lines.reduce((sum, [, amount]) => sum + amount, 0);
  if (discount > 0) lines.push([`volume discount ${discount}%`, -Math.round((subtotal * discount) / 100)]);
  const total = lines.reduce((sum, [, amount]) => sum + amount, 0);
  lines.push(['total per month', total]);
  console.log(table(lines.map(([label, amount]) => [label, formatAmount(Math.round(amount * rate), currency)])));
}
