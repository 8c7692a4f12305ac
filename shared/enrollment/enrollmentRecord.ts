/**
 * The enrollment record (issue 7): one per (tenant, learner, course). Only two statuses are stored —
 * `active` and `revoked` (refunded); "completed" is not a stored status but derived from the
 * progress engine's course summary when enrollments are read, so it can never disagree with progress.
 * Money is kept in minor units, as everywhere in Cairn.
 */
export type EnrollmentSource = 'free' | 'paid' | 'program';
export type StoredEnrollmentStatus = 'active' | 'revoked';

export interface EnrollmentRecord {
  /** `enr_<uuid>`: the id the API shows; the key is the natural (learner, course) pair. */
  enrollmentId: string;
  tenantId: string;
  userId: string;
  courseId: string;
  status: StoredEnrollmentStatus;
  source: EnrollmentSource;
  enrolledAt: string;
  paymentId?: string;
  amountPaidCents?: number;
  currency?: string;
  couponCode?: string;
  /** The program this enrollment was made through (source `program`). */
  programId?: string;
  revokedAt?: string;
  refundId?: string;
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity']);

/**
 * A stored enrollment item as the record callers use: key and index attributes dropped. An item
 * written before enrollment ids existed gets a stable id from its course, so ids never change on read.
 */
export function enrollmentRecordOf(item: Record<string, unknown>): EnrollmentRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) record[name] = value;
  if (typeof record.enrollmentId !== 'string') record.enrollmentId = `enr_${String(record.courseId)}`;
  return record as unknown as EnrollmentRecord;
}
