import { STREAK_RULES } from '../domain/streak.js';
import { computeStreakRead, windowStartAfter } from '../domain/streakCheckpoint.js';
import { streakLevelOf, streakMotivation, type StreakLevel } from '../domain/streakLevel.js';
import type { StreakActivityType } from '../domain/streakDay.js';
import { listActivities, type ActivityRecord } from '../progress/activity.js';
import type { Subject } from '../progress/progressSubject.js';
import { getStreakCheckpoint, saveStreakCheckpoint } from './streakCheckpointRepository.js';

/** One day of `streakHistory` (seed 003 fields first, then Cairn's `status`). */
export interface StreakHistoryView {
  date: string;
  activityType: StreakActivityType | null;
  maintained: boolean;
  status: 'active' | 'frozen' | 'missed' | 'pending';
}

/** The streak as both contracts show it (seed 003 `data`, seed 004 StreakData). */
export interface StreakView {
  userId: string;
  currentStreak: number;
  longestStreak: number;
  streakLevel: StreakLevel;
  streakFreezes: number;
  streakHistory: StreakHistoryView[];
  motivation: string;
  today: string;
  timeZone: string;
  todayActive: boolean;
  lastActiveDate: string | null;
  maxStreakFreezes: number;
  activeDaysToNextFreeze: number | null;
}

/**
 * A learner's streak, computed on read from their activity ledger (no write path involved):
 * 1 GetItem (checkpoint, consistent) → 1 Query of the timeline after it (one more per MB) → fold
 * (pure, shared/domain/streakCheckpoint.ts) → 1 conditional PutItem when the checkpoint can advance
 * (at most once a UTC day per learner; a lost race is skipped, never retried). The subject's time zone
 * decides "today"; the recorded days are the ledger's.
 */
export async function readStreak(tenantId: string, subject: Subject, now: Date, historyDays: number): Promise<StreakView> {
  const stored = await getStreakCheckpoint(tenantId, subject.userId);
  const through = stored.state?.through ?? null;
  const records = await listActivities(tenantId, subject.userId, through === null ? {} : { from: windowStartAfter(through) });
  const { summary, advance } = computeStreakRead({ checkpoint: stored.state, records, now, timeZone: subject.timeZone, historyDays });
  if (advance) await saveStreakCheckpoint(tenantId, subject.userId, advance, stored.version, now);
  return {
    userId: subject.userId,
    currentStreak: summary.currentStreak,
    longestStreak: summary.longestStreak,
    streakLevel: streakLevelOf(summary.currentStreak),
    streakFreezes: summary.streakFreezes,
    // Today without activity yet is not history (a seed 003 client would read `maintained: false` as a
    // broken day); it is reported as `todayActive: false`.
    streakHistory: summary.history.filter((entry) => entry.status !== 'pending').map((entry) => ({ date: entry.date, activityType: entry.activityType, maintained: entry.maintained, status: entry.status })),
    motivation: streakMotivation({ currentStreak: summary.currentStreak, longestStreak: summary.longestStreak, todayActive: summary.todayActive, frozeYesterday: summary.frozeYesterday }),
    today: summary.today,
    timeZone: subject.timeZone,
    todayActive: summary.todayActive,
    lastActiveDate: summary.lastActiveDate,
    maxStreakFreezes: STREAK_RULES.freezeCap,
    activeDaysToNextFreeze: summary.activeDaysToNextFreeze,
  };
}

/**
 * The streak as it will be once `pending` (a write's activity record, not yet committed) is in the
 * ledger: what awarding judges `streak_days` on. Same reads as readStreak (checkpoint GetItem + timeline
 * Query) but never advances the checkpoint (the write may still fail). Awarding calls it only on a
 * learner's first qualifying write of a local day while a streak achievement is pending, so its cost is
 * at most once per learner per day.
 */
export async function streakWithPending(tenantId: string, subject: Subject, now: Date, pending: ActivityRecord | undefined): Promise<{ current: number; longest: number }> {
  const stored = await getStreakCheckpoint(tenantId, subject.userId);
  const through = stored.state?.through ?? null;
  const records = await listActivities(tenantId, subject.userId, through === null ? {} : { from: windowStartAfter(through) });
  const known = !pending || records.some((r) => r.eventId === pending.eventId) ? records : [...records, pending];
  const { summary } = computeStreakRead({ checkpoint: stored.state, records: known, now, timeZone: subject.timeZone, historyDays: 1 });
  return { current: summary.currentStreak, longest: summary.longestStreak };
}
