// The library entry: the payment service imports the commands from here, and the SDK classes
// with them so that both sides use the same SDK versions.
export { commands, UsageError, type Command } from './commands/index.js';
export { formatAmount, describeIntent } from './format.js';
export { loadPriceRules, type PriceRules } from './pricing.js';
export { default as Stripe } from 'stripe';
export * from '@aws-sdk/client-s3';
