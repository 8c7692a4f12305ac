import { activityKey, authSessionEventKey, certificatesPartition, courseCompletionKey, enrollmentsPartition, gamePartition, paymentHistoryIndexKey, personalCourseKey } from '../db/keys.js';
import { SAGA_EXECUTION_NAME_PATTERN } from '../enrollment/sagaExecutionName.js';
import { queryIndexPartition, queryPartitions, type Item } from './userDataItems.js';
import type { DiscoveredIds } from './userDataRegistry.js';

const after = (sk: unknown, prefix: string): string[] => (typeof sk === 'string' && sk.startsWith(prefix) ? [sk.slice(prefix.length)] : []);
const str = (value: unknown): string[] => (typeof value === 'string' && value.length > 0 ? [value] : []);
const sagaNamesIn = (item: Item): string[] => Object.values(item).filter((v): v is string => typeof v === 'string' && SAGA_EXECUTION_NAME_PATTERN.test(v));
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * The ids a user's items name in one tenant, which the registry needs to find partitions keyed by
 * them (course progress per course, tutorial progress per tutorial, content per personal course, the
 * course reviews, coupon redemptions, saga requests, certificate lookups, webhook events, leaderboard
 * periods). Read once, before anything is erased, and kept on the erasure request: a resumed erasure
 * reuses them, since the items they came from (the ledger, the enrollments) may already be gone.
 * Reads: the ledger, enrollments, completions, personal courses, gamification, certificates, sign-in
 * sessions and the payer-history index (one Query each, +1 per MB).
 */
export async function discoverUserIds(tenantId: string, userId: string, extraAuthEventIds: readonly string[] = []): Promise<DiscoveredIds> {
  const [ledger, enrollments, completions, personalCourses, game, certificates, sessions, payments] = await Promise.all([
    queryPartitions([activityKey(tenantId, userId, '-').pk]),
    queryPartitions([enrollmentsPartition(tenantId, userId)]),
    queryPartitions([courseCompletionKey(tenantId, userId, '-').pk]),
    queryPartitions([personalCourseKey(tenantId, userId, '-').pk], { skPrefix: 'PC#' }),
    queryPartitions([gamePartition(tenantId, userId)], { skPrefix: 'PTS#' }),
    queryPartitions([certificatesPartition(tenantId, userId)], { skPrefix: 'C#' }),
    queryPartitions([authSessionEventKey(tenantId, userId, '-', '-').pk]),
    queryIndexPartition('gsi1', paymentHistoryIndexKey(tenantId, userId, '', '').gsi1pk),
  ]);
  const ledgerIds = (type: string) => ledger.filter((r) => r.contentType === type).flatMap((r) => str(r.contentId));
  return {
    courseIds: sorted([...ledgerIds('course'), ...enrollments.flatMap((e) => after(e.sk, 'E#')), ...completions.flatMap((c) => after(c.sk, 'C#')), ...payments.flatMap((p) => str(p.courseId))]),
    tutorialIds: sorted(ledgerIds('tutorial')),
    personalCourseIds: sorted([...ledgerIds('personal_course'), ...personalCourses.flatMap((c) => after(c.sk, 'PC#'))]),
    programEnrollmentIds: sorted(enrollments.filter((e) => String(e.sk).startsWith('P#')).flatMap((e) => str(e.enrollmentId))),
    couponCodes: sorted(payments.flatMap((p) => str(p.couponCode))),
    sagaRequests: sorted([...payments, ...enrollments].flatMap(sagaNamesIn)),
    certificateIds: sorted(certificates.flatMap((c) => str(c.certificateId))),
    authEventIds: sorted([...sessions.flatMap((s) => str(s.eventId)), ...extraAuthEventIds]),
    periods: sorted(game.flatMap((g) => after(g.sk, 'PTS#'))),
  };
}
