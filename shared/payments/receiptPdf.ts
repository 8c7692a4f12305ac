import { drawLabelledRows } from '../reports/pdfTable.js';
import { createPdf } from '../reports/pdfFonts.js';
import { toMajorUnits } from './money.js';
import type { PaymentIntentRecord } from './paymentIntent.js';

/**
 * The receipt of a payment taken by the local test-mode provider (issue 23), drawn with the reports'
 * pdfkit setup: the organization, the receipt number (Cairn's payment id), the date paid, the course,
 * its list price, the coupon and its discount, and the amount actually charged — what the provider
 * took after the coupon. Marked as test mode: the local provider moves no real money. (A Stripe payment's
 * receipt is Stripe's own page, linked from the charge.)
 */

const INK = '#1D2730';
const MUTED = '#5F6B75';
const BAND = '#1F4E5F';
const PAGE = { width: 595.28, height: 841.89, margin: 56 };

/** `12.34 USD` (two decimals, as the API's amounts). */
export function money(cents: number, currency: string): string {
  return `${toMajorUnits(cents).toFixed(2)} ${currency}`;
}

export async function receiptPdf(record: PaymentIntentRecord, organizationName: string): Promise<Buffer> {
  const paidAt = record.paidAt ?? record.updatedAt;
  const { pdf, done } = createPdf({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: `Receipt ${record.paymentId}`, Author: organizationName, Subject: `Payment for ${record.courseTitle}`, Creator: 'Cairn', CreationDate: new Date(paidAt), ModDate: new Date(paidAt) },
  });
  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  pdf.rect(0, 0, PAGE.width, 120).fill(BAND);
  pdf.font('Inter').fontSize(9).fillColor('#A9CBD3').text('PAYMENT RECEIPT · TEST MODE', left, 34, { characterSpacing: 1.5 });
  pdf.font('Inter-SemiBold').fontSize(24).fillColor('white').text(organizationName, left, 52, { width, height: 32, ellipsis: true });
  pdf.font('Inter').fontSize(10).fillColor('#E3EEF1').text(`Receipt ${record.paymentId}`, left, 88);

  pdf.font('Inter').fontSize(10).fillColor(MUTED).text('Amount charged', left, 156);
  pdf.font('Inter-SemiBold').fontSize(30).fillColor(INK).text(money(record.amountCents, record.currency), left, 172);
  pdf.font('Inter').fontSize(10).fillColor(MUTED).text(`Paid on ${paidAt.slice(0, 10)} (${paidAt.slice(11, 16)} UTC)`, left, 214);

  const discount = record.couponCode ? `− ${money(record.discountCents, record.currency)} (coupon ${record.couponCode})` : 'none';
  drawLabelledRows(pdf, left, 256, width, [
    ['Course', record.courseTitle],
    ['Instructor', record.instructorName],
    ['List price', money(record.listPriceCents, record.currency)],
    ['Discount', discount],
    ['Amount charged', money(record.amountCents, record.currency)],
    ['Currency', record.currency],
    ['Payment id', record.paymentId],
    ['Provider reference', record.providerIntentId],
  ]);
  pdf.font('Inter').fontSize(8.5).fillColor(MUTED).text(
    'Issued by the local test-mode payment provider: no real card was charged. Keep this receipt for your records; refunds are shown in your payment history.',
    left,
    PAGE.height - PAGE.margin - 30,
    { width },
  );
  pdf.end();
  return done;
}
