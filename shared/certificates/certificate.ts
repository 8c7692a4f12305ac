import { randomBytes } from 'node:crypto';
import type { CertificateSubjectKind } from '../db/keys.js';

/**
 * A completion certificate (issue 23): what it shows is frozen at issue — the learner's display name,
 * the course or tutorial title, the issuing organization and the issue date in the learner's time zone —
 * so a later rename changes nothing already issued. Its status is the only thing that moves:
 * `issued` → `revoked` (a refund that revokes the enrollment, or an org admin with a reason).
 */
export type CertificateStatus = 'issued' | 'revoked';

export interface CertificateRecord {
  certificateId: string;
  tenantId: string;
  userId: string;
  kind: CertificateSubjectKind;
  subjectId: string;
  title: string;
  learnerName: string;
  organizationName: string;
  /** The instant of the completion that earned it. */
  issuedAt: string;
  /** `issuedAt` as a date in the learner's time zone at issue. */
  issuedOn: string;
  timeZone: string;
  status: CertificateStatus;
  revokedAt?: string;
  revokedReason?: string;
  revokedBy?: string;
  /** When the PDF was last stored in S3 (absent: not rendered yet), and where. */
  renderedAt?: string;
  fileKey?: string;
}

/** `cert_` + 40 hex digits: 160 bits from the CSPRNG, so ids cannot be guessed or enumerated. */
export const CERTIFICATE_ID_PATTERN = /^cert_[0-9a-f]{40}$/;

/** Bits of randomness in a certificate id (the issue asks for at least 128). */
export const CERTIFICATE_ID_BITS = 160;

/** A fresh certificate id. */
export function newCertificateId(): string {
  return `cert_${randomBytes(CERTIFICATE_ID_BITS / 8).toString('hex')}`;
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity']);

/** A stored certificate item as the record (key attributes dropped). */
export function certificateRecordOf(item: Record<string, unknown>): CertificateRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) record[name] = value;
  return record as unknown as CertificateRecord;
}

/**
 * The entry of a certificate in its learner's index: `<issue date>|<kind>:<subject id>|<certificate id>`
 * (dates first so they sort; the subject lets a count be narrowed to one course; the id keeps entries unique).
 */
export function indexEntryOf(record: Pick<CertificateRecord, 'issuedOn' | 'kind' | 'subjectId' | 'certificateId'>): string {
  return `${record.issuedOn}|${record.kind}:${record.subjectId}|${record.certificateId}`;
}

/**
 * Seed 002 `certificates_earned`: the learner's issued, unrevoked certificates (their index holds exactly
 * those) whose issue date — the learner's local date at issue — falls in `window` (both ends inclusive;
 * no window = all time), optionally only the one of a course.
 */
export function countEarned(entries: Iterable<string>, window?: { from: string; to: string }, courseId?: string): number {
  let count = 0;
  for (const entry of entries) {
    const [date = '', subject = ''] = entry.split('|');
    if (window && (date < window.from || date > window.to)) continue;
    if (courseId !== undefined && subject !== `course:${courseId}`) continue;
    count++;
  }
  return count;
}

/** The title a seed 001 tutorial gets on its certificate: seed 001 has no tutorial titles, so its id, in words. */
export function tutorialTitleOf(tutorialId: string): string {
  const words = tutorialId.split(/[-_.\s]+/).filter(Boolean);
  return words.length === 0 ? tutorialId : words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
