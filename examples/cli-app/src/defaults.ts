/** Settings every command falls back to; the environment overrides them, flags override both. */
export const defaults = {
  bucket: process.env.BILLING_BUCKET ?? 'acme-invoices',
  region: process.env.AWS_REGION ?? 'eu-west-1',
  currency: process.env.BILLING_CURRENCY ?? 'eur',
  model: process.env.BILLING_MODEL ?? 'claude-sonnet-4-5',
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_offline_example',
} as const;
