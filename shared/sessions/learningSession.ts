import type { StoredSessionStatus } from '../domain/sessionTiming.js';

/**
 * A learning session (seed 004 "Session Management"): a stretch of study on one of the learner's
 * personal courses, started, updated while it runs, and completed. Stored in the learner's sessions
 * collection (`learningSessionKey`) with the course's index keys (`courseSessionsIndexKey`). Only
 * `active` and `completed` are stored; `abandoned` is derived from the idle time (sessionTiming.ts).
 */
export const SESSION_TYPES = ['practice', 'study', 'quiz', 'review'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** Limits of session fields; notes are in UTF-8 bytes because they bound the stored item. */
export const SESSION_LIMITS = {
  minPlannedMinutes: 1,
  maxPlannedMinutes: 480,
  notesBytes: 2000,
} as const;

export interface SessionRecord {
  sessionId: string;
  userId: string;
  courseId: string;
  sessionType: SessionType;
  status: StoredSessionStatus;
  /** Minutes the learner planned; absent when not given. */
  plannedDuration?: number;
  startedAt: string;
  lastActivityAt: string;
  completedAt?: string;
  /** Minutes, set on completion. */
  actualDuration?: number;
  notes?: string;
  /** The learner's own 0–100 measure of how much of the session's plan is done. */
  progress?: number;
  /** Progress logs written inside this session. */
  logCount: number;
  /** Bumped by every write; each write is conditioned on the version it read. */
  version: number;
  /** The event that completed the session (answers a replayed completion). */
  completedEventId?: string;
}

/** Strips keys and index attributes from a stored session item. */
export function sessionOf(item: Record<string, unknown>): SessionRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, entity: _e, ...rest } = item;
  return rest as unknown as SessionRecord;
}
