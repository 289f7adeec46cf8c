'use strict';
// Webhook helpers from the first version of the tool, written before it moved to ESM. The
// payment service still loads this file with require(), so it stays CommonJS.

const Stripe = require('stripe');

const TOLERANCE_SECONDS = 300;

let archive;
if (process.env.BILLING_ARCHIVE_BUCKET) {
  // Verified events are kept in S3 when a bucket is configured.
  const { S3Client } = require('@aws-sdk/client-s3');
  archive = {
    bucket: process.env.BILLING_ARCHIVE_BUCKET,
    client: new S3Client({ region: process.env.AWS_REGION || 'eu-west-1' }),
  };
}

let Anthropic;
try {
  // Dispute summaries are optional: the payment hosts do not install the Anthropic SDK.
  ({ Anthropic } = require('@anthropic-ai/sdk'));
} catch {
  Anthropic = undefined;
}

/** The `Stripe-Signature` header Stripe would send with `payload`. */
function signTestEvent(payload, secret, timestamp) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/**
 * The event in `payload`, once its signature is checked; throws when it does not match.
 * @returns {import('stripe').Stripe.Event}
 */
function verifyEvent(payload, header, secret, receivedAt) {
  return Stripe.webhooks.constructEvent(payload, header, secret, TOLERANCE_SECONDS, undefined, receivedAt);
}

/** Stores a verified event in the archive bucket, when there is one. */
async function archiveEvent(event) {
  if (!archive) return false;
  const { PutObjectCommand } = require('@aws-sdk/client-s3');
  await archive.client.send(
    new PutObjectCommand({
      Bucket: archive.bucket,
      Key: `stripe-events/${event.type}/${event.id}.json`,
      Body: JSON.stringify(event),
      ContentType: 'application/json',
    }),
  );
  return true;
}

/** The request that asks Claude to summarise a dispute, or `undefined` without the SDK. */
function disputeSummaryRequest(event, model) {
  if (!Anthropic) return undefined;
  const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY || 'offline-example' });
  return {
    url: `${client.baseURL}/v1/messages`,
    body: {
      model,
      max_tokens: 400,
      messages: [{ role: 'user', content: `Summarise this card dispute for the finance team:\n${JSON.stringify(event.data.object)}` }],
    },
  };
}

module.exports = { signTestEvent, verifyEvent, archiveEvent, disputeSummaryRequest };
