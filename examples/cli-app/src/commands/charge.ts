import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { defaults } from '../defaults.js';
import { describeIntent } from '../format.js';
import { UsageError } from './command.js';

// A fixed clock keeps the signed webhook, and so the output, the same on every run.
const WEBHOOK_SENT_AT = 1_735_689_600;

function parseAmount(text: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text)) throw new UsageError(`'${text}' is not an amount (write 42 or 42.50).`);
  return Math.round(Number(text) * 100);
}

/** `billing charge <customer> <amount> [--currency <code>]` */
export async function charge(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { currency: { type: 'string', default: defaults.currency } },
    allowPositionals: true,
  });
  const [customer, amountText] = positionals;
  if (customer === undefined || amountText === undefined) {
    throw new UsageError('charge needs a customer id and an amount.');
  }
  const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_offline_example', {
    maxNetworkRetries: 2,
    appInfo: { name: 'billing-cli' },
  });
  const params: Stripe.PaymentIntentCreateParams = {
    amount: parseAmount(amountText),
    currency: values.currency.toLowerCase(),
    customer,
    confirm: true,
    off_session: true,
  };
  // Retrying the same charge must not charge twice: the key depends only on what is charged.
  const idempotencyKey = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 32);
  console.log(`POST https://${stripe.getApiField('host')}/v1/payment_intents (API ${Stripe.API_VERSION})`);
  console.log(`  ${describeIntent(params)}, idempotency key ${idempotencyKey}`);

  // The payment service reports the result with a signed webhook; check that it verifies here.
  const { signTestEvent, verifyEvent } = await import('../legacy/webhooks.cjs');
  const payload = JSON.stringify({
    id: `evt_${idempotencyKey.slice(0, 16)}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { id: `pi_${idempotencyKey.slice(16)}`, object: 'payment_intent', ...params } },
  });
  const header = signTestEvent(payload, defaults.webhookSecret, WEBHOOK_SENT_AT);
  const event = verifyEvent(payload, header, defaults.webhookSecret, WEBHOOK_SENT_AT + 3);
  console.log(`webhook ${event.type} ${event.id}: signature verified`);
  console.log(`  stripe-signature: ${header}`);
}
