import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '../db/commands.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { certificateIndexKey, certificateKey, certificateLookupKey, enrollmentKey, memberKey, organizationKey, profileKey, type CertificateSubjectKind } from '../db/keys.js';
import { isTransactionConflict } from '../db/transactWrite.js';
import { localDateOf } from '../domain/localDate.js';
import { isIanaTimeZone } from '../domain/timezone.js';
import { ConflictError } from '../http/errors.js';
import { certificateRecordOf, indexEntryOf, newCertificateId, type CertificateRecord } from './certificate.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Issuing a certificate (issue 23), after the progress write that earned it has committed: the course
 * completion record (courseProgressService) or seed 001 `complete` (tutorialProgressService). It is a
 * separate step, not part of the progress transaction, so the progress write path stays what it was
 * (one read, one transaction) and pays for a certificate only on the one write that completes: one
 * BatchGetItem (profile, membership, organization: the name and the issuer frozen on the certificate)
 * and one TransactWriteItems. The PDF is not rendered here (certificateFiles.ts renders it on the first
 * request for `certificate_url`).
 *
 * Exactly once: the certificate item is keyed by (learner, subject) and Put with
 * `attribute_not_exists(pk)`. Ten concurrent completions, a replayed `complete`, a read that finds a
 * completion without its certificate (a Lambda that died between the two steps) all call this; the
 * first Put wins and every other call is cancelled on that condition and handed the winner's item
 * (ReturnValuesOnConditionCheckFailure), so all of them answer with the same certificate:
 *
 *   t0  A and B both see no certificate; both send Put(cert X) / Put(cert Y)
 *   t1  A commits cert X; B is cancelled at index 0 and gets X back → both answer X; Y never existed.
 *
 * A paid course also checks, in the same transaction, that the learner's enrollment is still active, so
 * a refund that revoked it first prevents the issue; a refund that lands after it revokes the certificate
 * (certificateRevocation.ts), never leaving a valid one for a refunded course.
 */

export interface IssueInput {
  tenantId: string;
  userId: string;
  kind: CertificateSubjectKind;
  subjectId: string;
  title: string;
  /** The completion's instant (the course completion record's, the tutorial's `certificateEarnedAt`). */
  issuedAt: string;
  /** The learner's zone at the write (their token's); the profile's wins when it has a valid one. */
  timeZone: string;
  /** A paid course: issue only while this enrollment is active. */
  requireActiveEnrollment?: boolean;
}

/** The learner's certificate for a subject, strongly consistent. Requests: 1 GetItem. */
export async function findCertificate(tenantId: string, userId: string, kind: CertificateSubjectKind, subjectId: string): Promise<CertificateRecord | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: certificateKey(tenantId, userId, kind, subjectId), ConsistentRead: true }));
  return out.Item ? certificateRecordOf(out.Item) : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * Issues the certificate unless it exists (see the module comment); returns the learner's certificate
 * for the subject, or undefined when a required enrollment is not active. Requests: 1 BatchGetItem +
 * 1 TransactWriteItems.
 */
export async function ensureCertificate(input: IssueInput): Promise<CertificateRecord | undefined> {
  const { tenantId, userId } = input;
  const found = await batchGetItems([profileKey(userId), memberKey(tenantId, userId), organizationKey(tenantId)]);
  const profile = found.get(itemId(profileKey(userId)));
  const member = found.get(itemId(memberKey(tenantId, userId)));
  const organization = found.get(itemId(organizationKey(tenantId)));
  const profileZone = text(profile?.timezone);
  const timeZone = profileZone && isIanaTimeZone(profileZone) ? profileZone : input.timeZone;
  const record: CertificateRecord = {
    certificateId: newCertificateId(),
    tenantId,
    userId,
    kind: input.kind,
    subjectId: input.subjectId,
    title: input.title,
    learnerName: text(profile?.fullName) ?? text(member?.fullName) ?? 'Learner',
    organizationName: text(organization?.name) ?? tenantId,
    issuedAt: input.issuedAt,
    issuedOn: localDateOf(new Date(input.issuedAt), timeZone),
    timeZone,
    status: 'issued',
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: { ...certificateKey(tenantId, userId, input.kind, input.subjectId), entity: 'certificate', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...certificateLookupKey(record.certificateId), entity: 'certificateLookup', certificateId: record.certificateId, tenantId, userId, kind: input.kind, subjectId: input.subjectId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: certificateIndexKey(tenantId, userId),
        UpdateExpression: 'SET entity = :entity ADD issued :entry',
        ExpressionAttributeValues: { ':entity': 'certificateIndex', ':entry': new Set([indexEntryOf(record)]) },
      },
    },
  ];
  if (input.requireActiveEnrollment) {
    items.push({
      ConditionCheck: {
        TableName: tableName(),
        Key: enrollmentKey(tenantId, userId, input.subjectId),
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
      },
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return record;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        if (reasons[0].Item) return certificateRecordOf(unmarshall(reasons[0].Item));
        const existing = await findCertificate(tenantId, userId, input.kind, input.subjectId);
        if (existing) return existing;
      }
      if (reasons[3]?.Code === 'ConditionalCheckFailed') return undefined;
      if (!isTransactionConflict(err)) throw err;
      if (attempt >= 3) throw new ConflictError('Another request is issuing the same certificate; retry');
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}
