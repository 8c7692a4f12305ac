import type { PaymentIntentRecord, PaymentStatus } from './paymentIntent.js';
import { listPaymentHistory } from './paymentIntentRepository.js';

/** Seed 002's history status filter, mapped onto Cairn's payment statuses. */
export type HistoryStatusFilter = 'succeeded' | 'failed' | 'refunded' | 'pending';

const FILTER_STATUSES: Record<HistoryStatusFilter, readonly PaymentStatus[]> = {
  succeeded: ['succeeded'],
  failed: ['failed', 'canceled'],
  refunded: ['refunded'],
  pending: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing'],
};

/** Whether a payment's status falls under a history filter (`pending` = not yet finished). */
export function matchesStatusFilter(status: PaymentStatus, filter: HistoryStatusFilter | undefined): boolean {
  return filter === undefined || FILTER_STATUSES[filter].includes(status);
}

/**
 * What a payment has cost its payer so far, in minor units: the amount charged less what was refunded,
 * for payments that were charged (succeeded, or refunded — a partial refund stays succeeded); zero for
 * every other status, since nothing was taken.
 */
export function netPaidCents(record: Pick<PaymentIntentRecord, 'status' | 'amountCents' | 'refundedCents'>): number {
  if (record.status !== 'succeeded' && record.status !== 'refunded') return 0;
  return Math.max(0, record.amountCents - (record.refundedCents ?? 0));
}

export interface HistorySummary {
  count: number;
  /** Net paid per currency over the date range (the status filter does not narrow it). */
  totalSpentByCurrency: Record<string, number>;
  /** The currency `total_spent` is shown in: that of the newest charged payment. */
  currency: string | null;
  totalSpentCents: number;
  totalPages: number;
  page: PaymentIntentRecord[];
}

/**
 * Folds one date range of a payer's payments (newest first) into seed 002's history page. `total_spent`
 * sums net paid amounts over the whole range whatever the status filter, because "how much have I
 * spent" does not change when the list shows only failures; amounts in different currencies are never
 * added together (`total_spent_by_currency` has each). Pages number from 1 over the filtered list.
 */
export function summarizeHistory(records: readonly PaymentIntentRecord[], filter: HistoryStatusFilter | undefined, page: number, pageSize: number): HistorySummary {
  const totals: Record<string, number> = {};
  let currency: string | null = null;
  for (const record of records) {
    const net = netPaidCents(record);
    if (record.status !== 'succeeded' && record.status !== 'refunded') continue;
    totals[record.currency] = (totals[record.currency] ?? 0) + net;
    currency ??= record.currency;
  }
  const filtered = records.filter((record) => matchesStatusFilter(record.status, filter));
  return {
    count: filtered.length,
    totalSpentByCurrency: totals,
    currency,
    totalSpentCents: currency ? (totals[currency] ?? 0) : 0,
    totalPages: Math.max(1, Math.ceil(filtered.length / pageSize)),
    page: filtered.slice((page - 1) * pageSize, page * pageSize),
  };
}

/**
 * The payer's history for a date range (UTC calendar days, both inclusive): one Query of their
 * history index for the range, then summarizeHistory.
 */
export async function paymentHistory(tenantId: string, userId: string, query: { startDate?: string; endDate?: string; status?: HistoryStatusFilter; page: number; pageSize: number }): Promise<HistorySummary> {
  const records = await listPaymentHistory(tenantId, userId, {
    ...(query.startDate ? { from: `${query.startDate}T00:00:00.000Z` } : {}),
    ...(query.endDate ? { to: `${query.endDate}T23:59:59.999Z` } : {}),
  });
  return summarizeHistory(records, query.status, query.page, query.pageSize);
}
