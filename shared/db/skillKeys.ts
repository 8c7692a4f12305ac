/**
 * Key builders of the skills feature (issue 16), beside shared/db/keys.ts so the feature's items are
 * declared in one place. Every key leads with the tenant.
 */

/** The tenant's skills taxonomy: one item. */
export function skillTaxonomyKey(tenantId: string) {
  return { pk: `T#${tenantId}#SKILLS`, sk: 'TAXONOMY' };
}

/** A learner's skill evidence of one local date (written by the nightly step). */
export function skillEvidenceKey(tenantId: string, userId: string, date: string) {
  return { pk: `T#${tenantId}#U#${userId}#SKILLEV`, sk: `D#${date}` };
}

/** A learner's mastery of every skill with evidence (recomputed by the nightly step). */
export function skillMasteryKey(tenantId: string, userId: string) {
  return { pk: `T#${tenantId}#U#${userId}#MASTERY`, sk: 'SUMMARY' };
}

/**
 * A learner's review of a course: one per (course, learner), so a conditional Put is "one review per
 * learner". The course's reviews are one item collection (its list is one Query).
 */
export function courseReviewKey(tenantId: string, courseId: string, userId: string) {
  return { pk: `T#${tenantId}#COURSE#${courseId}#REVIEWS`, sk: `U#${userId}` };
}

/** Shards of a tenant's peer table (seed 003 §5 comparison): a learner's entry lives in one. */
export const PEER_TABLE_SHARDS = 16;

/** One shard of the tenant's peer table; the whole table is one Query of `T#<t>#AGG#PEERS`. */
export function peerTableKey(tenantId: string, shard: number) {
  return { pk: `T#${tenantId}#AGG#PEERS`, sk: `S#${String(shard).padStart(2, '0')}` };
}

/** A tenant's contribution to the overall_platform comparison (per-level bins, no learner ids). */
export function platformPeerKey(tenantId: string) {
  return { pk: 'SYS#PEERS', sk: `T#${tenantId}` };
}

/** The comparison groups a caller was answered (the differencing guard). */
export function peerQueryLogKey(tenantId: string, userId: string) {
  return { pk: `T#${tenantId}#U#${userId}#PEERQ`, sk: 'LOG' };
}

/** A catalog course's rollup of its content-days (trainer analytics): map `days` by local date. */
export function courseRollupKey(tenantId: string, courseId: string) {
  return { pk: `T#${tenantId}#AGG#COURSEROLL`, sk: `C#${courseId}` };
}

// ---- Departments, goals and organization analytics (issue 16, items 5 and 7, seed 003 §4, §5). ----

/** The organization's analytics configuration partition: departments, goals, settings, labour figures. */
export function orgConfigPartition(tenantId: string): string {
  return `T#${tenantId}#ORGCFG`;
}

/** The departments and their members: one item, so "a member is in at most one department" is one Put. */
export function departmentsKey(tenantId: string) {
  return { pk: orgConfigPartition(tenantId), sk: 'DEPARTMENTS' };
}

/** The strategic goals: one item (target skills with required levels, target date, members in scope). */
export function goalsKey(tenantId: string) {
  return { pk: orgConfigPartition(tenantId), sk: 'GOALS' };
}

/** Figures the organization configured: target pace, annual training budget, value per completion. */
export function orgSettingsKey(tenantId: string) {
  return { pk: orgConfigPartition(tenantId), sk: 'SETTINGS' };
}

/** Imported labour-market figures (job postings per skill) with their source and date. */
export function labourMarketKey(tenantId: string) {
  return { pk: orgConfigPartition(tenantId), sk: 'LABOUR' };
}

/** Shards of a tenant's org learner table (one compact entry per learner with activity). */
export const ORG_LEARNER_SHARDS = 16;

/** One shard of the org learner table; the whole table is one Query of `T#<t>#AGG#ORGLEARNERS`. */
export function orgLearnerTableKey(tenantId: string, shard: number) {
  return { pk: `T#${tenantId}#AGG#ORGLEARNERS`, sk: `S#${String(shard).padStart(2, '0')}` };
}

/** The nightly organization rollup: learner count, per-skill enrollment windows (skill-demand). */
export function orgRollupKey(tenantId: string) {
  return { pk: `T#${tenantId}#AGG#ORG`, sk: 'ROLLUP' };
}

/** A tenant's learning-culture score for the cross-tenant benchmark (no learner figures). */
export function cultureBenchKey(tenantId: string) {
  return { pk: 'SYS#CULTURE', sk: `T#${tenantId}` };
}

/**
 * One learner's day in one catalog course (trainer course-health, student-distribution): written by the
 * nightly step for every (course, learner) with records that date; the course's learners are one Query.
 */
export function courseLearnerDayKey(tenantId: string, courseId: string, userId: string, date: string) {
  return { pk: `T#${tenantId}#AGG#COURSELRN#C#${courseId}`, sk: `U#${userId}#D#${date}` };
}
