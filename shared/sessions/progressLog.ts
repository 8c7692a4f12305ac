/**
 * A progress log (seed 004 "Progress Tracking", `progress_logs`): one logged activity on a personal
 * course, optionally inside a session and about a curriculum module, with the free-form `data` the
 * learner sent, the metrics the server computed from it, and the answer it got (summary,
 * achievements, next recommendation), kept so a replay or a later read shows the same.
 */
export const ACTIVITY_TYPES = ['exercise', 'quiz', 'reading', 'practice', 'reflection'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * Limits of a log. `data` is free-form (the seed's JSONB) but bounded: at most 20 keys named
 * `[a-z][a-z0-9_]*` (≤ 40 characters), nested at most 3 levels, at most 4 KiB as JSON. With notes of
 * at most 2000 bytes a stored log stays under ~7 KB, about 150 of them per 1 MB Query page at worst
 * and ~1,000 typical ones.
 */
export const PROGRESS_LOG_LIMITS = {
  dataKeys: 20,
  dataBytes: 4096,
  dataDepth: 3,
  notesBytes: 2000,
  maxSets: 50,
  maxReps: 1000,
  maxDurationMinutes: 600,
  /** A log's timestamp may be ahead of the server clock by this much (device clock skew), no more. */
  futureSkewMinutes: 5,
  /** Earliest accepted timestamp: older dates are typos. */
  earliestTimestamp: '2000-01-01T00:00:00.000Z',
} as const;

/** Seed 004 `ProgressMetrics`: computed from `data` on create; difficulty, completion and score editable by PATCH. */
export interface ProgressMetrics {
  score?: number;
  /** Minutes. */
  duration?: number;
  /** Percent (one decimal), from score and max_score. */
  accuracy?: number;
  /** The learner's perceived difficulty, 1–10. */
  difficulty?: number;
  /** Percent of the planned activity done. */
  completion?: number;
  personalRecord?: boolean;
}

export interface ProgressLogRecord {
  logId: string;
  userId: string;
  courseId: string;
  sessionId?: string;
  moduleId?: string;
  activityType: ActivityType;
  data: Record<string, unknown>;
  metrics: ProgressMetrics;
  notes?: string;
  /** When it happened (the client's timestamp, else the server time), UTC ISO. */
  timestamp: string;
  /** Normalised exercise name when the log is about one (the personal-record key). */
  exercise?: string;
  summary: string;
  achievements: string[];
  nextRecommendations: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Strips keys and index attributes from a stored log item. */
export function progressLogOf(item: Record<string, unknown>): ProgressLogRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, entity: _e, ...rest } = item;
  return rest as unknown as ProgressLogRecord;
}
