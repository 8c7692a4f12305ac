import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { PutCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { queryCollection } from '../db/queryCollection.js';
import { skillEvidenceKey, skillMasteryKey } from '../db/skillKeys.js';
import type { FoldRecord, LessonLookup } from '../domain/dailyAggregates.js';
import { skillEvidenceOf, type LearnerSkillEvidence } from '../domain/skillEvidence.js';
import { masteryOf, type SkillEvidence, type SkillMastery } from '../domain/skillMastery.js';
import { updatePeerTable } from './peerTable.js';

/**
 * The nightly mastery step (issue 16), run by foldTenantDate for every folded tenant-date before its
 * tenant-day is written (a crash leaves the date to be refolded). For each learner with skill evidence
 * that date:
 * 1. Put the date's evidence item (a pure function of the date's records), conditioned like the other
 *    aggregates on having folded no fewer of the learner's records (`events`);
 * 2. Query the learner's evidence items (all dates) and recompute every skill's mastery;
 * 3. Put the mastery summary, conditioned on having used no fewer evidence records than the stored one.
 * Cost: 3 requests per learner with evidence on the date (+1 per MB of their evidence), nothing for
 * anyone else: it grows with the day's activity, never with the tenant's size.
 *
 * Two runs on different dates of one learner at once (a catch-up beside a manual reprocessing):
 *   run A puts ev(d1), queries → {d1}         run B puts ev(d2), queries → {d1, d2}
 *   A's summary (n1 records) and B's (n1 + n2) race; the condition keeps the one with more evidence.
 * A summary that lost a date that way is corrected the next time the learner has evidence.
 */

export interface MasterySummary {
  userId: string;
  /** Evidence records used over all skills. */
  evidenceRecords: number;
  /** The newest local date with evidence. */
  throughDate: string;
  /** Courses with evidence, sorted. */
  courses: string[];
  skills: Record<string, SkillMastery>;
}

async function putIfMore(item: Record<string, unknown>, field: string, value: number): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: `attribute_not_exists(pk) OR #f <= :v`, ExpressionAttributeNames: { '#f': field }, ExpressionAttributeValues: { ':v': value } }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Mastery of every skill from a learner's evidence items (pure; exported for tests). */
export function masterySummaryOf(userId: string, days: readonly (Pick<LearnerSkillEvidence, 'date' | 'skills'> & { courses?: string[] })[]): MasterySummary {
  const bySkill = new Map<string, SkillEvidence[]>();
  const courses = new Set<string>();
  let evidenceRecords = 0;
  let throughDate = '';
  for (const day of days) {
    if (day.date > throughDate) throughDate = day.date;
    for (const c of day.courses ?? []) courses.add(c);
    for (const [skill, list] of Object.entries(day.skills)) {
      bySkill.set(skill, [...(bySkill.get(skill) ?? []), ...list]);
      evidenceRecords += list.length;
    }
  }
  const skills = Object.fromEntries([...bySkill].sort(([a], [b]) => (a < b ? -1 : 1)).map(([skill, list]) => [skill, masteryOf(list)]));
  return { userId, evidenceRecords, throughDate, courses: [...courses].sort(), skills };
}

async function refreshLearner(tenantId: string, day: LearnerSkillEvidence): Promise<MasterySummary> {
  await putIfMore({ ...skillEvidenceKey(tenantId, day.userId, day.date), entity: 'skillEvidence', tenantId, ...day }, 'events', day.events);
  const items = await queryCollection(skillEvidenceKey(tenantId, day.userId, '').pk, { consistent: true });
  const summary = masterySummaryOf(
    day.userId,
    items.map((item) => ({ date: item.date as string, skills: item.skills as Record<string, SkillEvidence[]>, courses: (item.courses as string[] | undefined) ?? [] })),
  );
  await putIfMore({ ...skillMasteryKey(tenantId, day.userId), entity: 'skillMastery', tenantId, ...summary }, 'evidenceRecords', summary.evidenceRecords);
  return summary;
}

/** The mastery step of one tenant-date; returns the mastery summaries it recomputed (the course-learner step reads their levels). */
export async function foldSkillMastery(tenantId: string, date: string, records: readonly FoldRecord[], lessons: LessonLookup): Promise<MasterySummary[]> {
  const days = skillEvidenceOf(date, records, lessons);
  const CONCURRENCY = 8;
  const summaries: MasterySummary[] = [];
  for (let i = 0; i < days.length; i += CONCURRENCY) summaries.push(...(await Promise.all(days.slice(i, i + CONCURRENCY).map((day) => refreshLearner(tenantId, day)))));
  if (summaries.length > 0) await updatePeerTable(tenantId, summaries);
  return summaries;
}
