import type { PaymentIntentRecord } from './paymentIntent.js';

/**
 * A payment's `receipt_url` (issue 23): every payment that was charged (succeeded, or refunded
 * afterwards) has one. Stripe's is the charge's own receipt page, kept on the record when the payment
 * succeeded; the local test-mode provider's is our receipt PDF behind a presigned link (receiptFiles.ts,
 * imported only here so the payment functions do not load pdfkit and the S3 client at cold start).
 * Nothing was charged otherwise, so there is no receipt: null.
 */
export async function receiptUrlOf(record: PaymentIntentRecord, now: Date): Promise<string | null> {
  if (record.status !== 'succeeded' && record.status !== 'refunded') return null;
  if (record.receiptUrl) return record.receiptUrl;
  if (record.provider !== 'local' || record.amountCents <= 0) return null;
  const { receiptDownloadUrl } = await import('./receiptFiles.js');
  return receiptDownloadUrl(record, now);
}
