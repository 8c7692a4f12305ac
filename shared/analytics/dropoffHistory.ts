import type { LearnerHistory, ModelDay } from '../domain/dropoffModel.js';
import { readActiveSets, readLearnerDays } from './aggregateStore.js';

/**
 * The drop-off model's input for one tenant (docs/analytics.md §17.6): the learners of the active
 * sets from `from` to `to`, and each learner's learner-day aggregates over the same dates, reduced to
 * the fields the model reads. Requests: one active-set Query (per MB) + one Query per learner (per MB).
 */
export async function readTenantHistories(tenantId: string, from: string, to: string): Promise<LearnerHistory[]> {
  const learners = new Set<string>();
  for (const set of await readActiveSets(tenantId, from, to)) for (const id of set.learners) learners.add(id);
  const out: LearnerHistory[] = [];
  for (const userId of [...learners].sort()) {
    const days = await readLearnerDays(tenantId, userId, from, to);
    out.push({
      userId,
      days: days.map((d): ModelDay => ({ date: d.date, events: d.events, topics: d.topics, graded: d.graded, passed: d.passed, assessments: d.assessments, scoreSum: d.scoreSum })),
    });
  }
  return out;
}
