import { GetCommand, UpdateCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { certificateIndexKey, certificateKey, certificateLookupKey, certificatesPartition, courseKey, type CertificateSubjectKind } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import { NotFoundError } from '../http/errors.js';
import { CERTIFICATE_ID_PATTERN, certificateRecordOf, type CertificateRecord } from './certificate.js';
import { certificateUrlOf, verificationUrlOf } from './certificateLinks.js';
import { revokeIssuedCertificate } from './certificateRevocation.js';

/**
 * The certificates routes (issue 23): the learner's list, one certificate for those allowed to see it,
 * the public verification, the org admin's revocation and the learner's public-verification switch.
 */

interface Located {
  record: CertificateRecord;
  /** The learner's public-verification switch (absent = on). */
  publicVerification: boolean;
  /** For a course certificate: its course's instructors now. */
  instructorIds: string[];
}

/**
 * A certificate by id: the lookup (1 GetItem, strongly consistent), then the certificate, the learner's
 * index and — for a course — the course record in one BatchGetItem. Requests: 2 (1 for an unknown id).
 */
async function locate(certificateId: string): Promise<Located | undefined> {
  if (!CERTIFICATE_ID_PATTERN.test(certificateId)) return undefined;
  const lookup = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: certificateLookupKey(certificateId), ConsistentRead: true }))).Item;
  if (!lookup) return undefined;
  const tenantId = lookup.tenantId as string;
  const userId = lookup.userId as string;
  const kind = lookup.kind as CertificateSubjectKind;
  const subjectId = lookup.subjectId as string;
  const keys = [certificateKey(tenantId, userId, kind, subjectId), certificateIndexKey(tenantId, userId), ...(kind === 'course' ? [courseKey(tenantId, subjectId)] : [])];
  const found = await batchGetItems(keys, true);
  const item = found.get(itemId(certificateKey(tenantId, userId, kind, subjectId)));
  if (!item || item.certificateId !== certificateId) return undefined;
  const course = kind === 'course' ? found.get(itemId(courseKey(tenantId, subjectId))) : undefined;
  return {
    record: certificateRecordOf(item),
    publicVerification: found.get(itemId(certificateIndexKey(tenantId, userId)))?.publicVerification !== false,
    instructorIds: Array.isArray(course?.instructorIds) ? (course.instructorIds as string[]) : [],
  };
}

/**
 * `GET /api/v1/certificates/{id}/verify/`, no token: what the certificate itself shows — name, title,
 * organization, issue date — and its status. Never the learner's user id or email. An unknown id and a
 * learner who switched public verification off both answer 404, indistinguishably. Requests: ≤ 2.
 */
export async function verifyCertificate(certificateId: string, baseUrl: string) {
  const located = await locate(certificateId);
  if (!located || !located.publicVerification) throw new NotFoundError('Certificate not found');
  const r = located.record;
  return {
    certificate_id: r.certificateId,
    status: r.status,
    valid: r.status === 'issued',
    learner_name: r.learnerName,
    title: r.title,
    kind: r.kind,
    organization_name: r.organizationName,
    issued_on: r.issuedOn,
    revoked_at: r.revokedAt ?? null,
    verification_url: verificationUrlOf(baseUrl, r.certificateId),
  };
}

/** Who may see a certificate (and get its `certificate_url`): the learner, the course's instructors, the tenant's org admins. */
export function maySeeCertificate(principal: Principal, located: Pick<Located, 'record' | 'instructorIds'>): boolean {
  if (principal.tenantId !== located.record.tenantId) return false;
  if (principal.userId === located.record.userId) return true;
  if (principal.roles.includes('org_admin')) return true;
  return located.record.kind === 'course' && located.instructorIds.includes(principal.userId);
}

/** A certificate as its learner, their instructors and org admins see it. */
export async function certificateView(record: CertificateRecord, baseUrl: string, now: Date) {
  return {
    certificate_id: record.certificateId,
    kind: record.kind,
    course_id: record.kind === 'course' ? record.subjectId : null,
    tutorial_id: record.kind === 'tutorial' ? record.subjectId : null,
    title: record.title,
    learner_name: record.learnerName,
    organization_name: record.organizationName,
    issued_at: record.issuedAt,
    issued_on: record.issuedOn,
    time_zone: record.timeZone,
    status: record.status,
    revoked_at: record.revokedAt ?? null,
    revoked_reason: record.revokedReason ?? null,
    verification_url: verificationUrlOf(baseUrl, record.certificateId),
    certificate_url: await certificateUrlOf(record, baseUrl, now),
  };
}

/**
 * `GET /api/v1/certificates/{id}/`: 404 for an unknown id, another tenant's certificate, or a caller
 * who is neither the learner, an instructor of the course nor an org admin (another learner of the
 * course learns nothing, not even that it exists here). Requests: ≤ 2 (+ the first rendering).
 */
export async function getCertificate(principal: Principal, certificateId: string, baseUrl: string, now: Date) {
  const located = await locate(certificateId);
  if (!located || !maySeeCertificate(principal, located)) throw new NotFoundError('Certificate not found');
  return certificateView(located.record, baseUrl, now);
}

/** `GET /api/v1/certificates/`: the caller's own certificates, newest first, with the switch. Requests: 1 Query. */
export async function listMyCertificates(principal: Principal, baseUrl: string, now: Date) {
  const items = await queryCollection(certificatesPartition(principal.tenantId, principal.userId), { consistent: true });
  const index = items.find((item) => item.sk === 'INDEX');
  const records = items.filter((item) => (item.sk as string).startsWith('C#')).map(certificateRecordOf).sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0));
  return {
    count: records.length,
    public_verification: index?.publicVerification !== false,
    results: await Promise.all(records.map((record) => certificateView(record, baseUrl, now))),
  };
}

/**
 * `POST /api/v1/certificates/{id}/revoke/` (org admins of the certificate's tenant): revoked with the
 * reason; revoking a revoked certificate changes nothing and answers it as it is. Requests: 2 + 1.
 */
export async function revokeCertificate(principal: Principal, certificateId: string, reason: string, baseUrl: string, now: Date) {
  const located = await locate(certificateId);
  if (!located || located.record.tenantId !== principal.tenantId) throw new NotFoundError('Certificate not found');
  const record = await revokeIssuedCertificate(located.record, reason, principal.userId, now);
  return certificateView(record, baseUrl, now);
}

/**
 * `PUT /api/v1/certificates/settings/`: the learner switches public verification of all their
 * certificates on or off (one UpdateItem on their index). Off: verify answers 404 for each of them.
 */
export async function setCertificateSettings(principal: Principal, publicVerification: boolean) {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: certificateIndexKey(principal.tenantId, principal.userId),
      UpdateExpression: 'SET entity = :entity, publicVerification = :on',
      ExpressionAttributeValues: { ':entity': 'certificateIndex', ':on': publicVerification },
    }),
  );
  return { public_verification: publicVerification };
}

/** `GET /api/v1/certificates/settings/`. Requests: 1 GetItem. */
export async function getCertificateSettings(principal: Principal) {
  const item = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: certificateIndexKey(principal.tenantId, principal.userId) }))).Item;
  return { public_verification: item?.publicVerification !== false };
}
