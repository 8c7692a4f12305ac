import * as z from 'zod';
import { normalizeExerciseName } from '../domain/exerciseRecord.js';
import { parseWeight } from '../domain/weight.js';
import { ACTIVITY_TYPES, PROGRESS_LOG_LIMITS as LL } from '../sessions/progressLog.js';
import { SESSION_LIMITS as SL, SESSION_TYPES } from '../sessions/learningSession.js';
import { courseIdSchema, paginationData } from './personalCourses.js';
import { isStorableNumber, unstorableNumberPaths } from './common.js';
import { lazySchema } from './lazySchema.js';

/**
 * Seed 004 learning sessions and progress logs: request and response contracts. Sessions use the
 * seed's camelCase (`courseId`, `sessionType`, `plannedDuration`), progress logs its snake_case
 * (`course_id`, `activity_type`, `next_recommendations`), each as the seed's own example writes it.
 */

/** Text limited in UTF-8 bytes (it bounds the stored item). */
const boundedText = (maxBytes: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxBytes)
    .refine((text) => Buffer.byteLength(text, 'utf8') <= maxBytes, `At most ${maxBytes} bytes of UTF-8`);

/** Server-generated ids; `#` (the key separator) can never get in, and 'matrix-id-1' passes to a 404. */
export const sessionIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid session id'));
export const progressLogIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid progress log id'));
/** Curriculum node ids (the curriculum builder's pattern). */
const moduleIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 letters, digits, _ . : -'));

const page = lazySchema(() => z.coerce.number().int().min(1).max(100_000).default(1));
const limit = lazySchema(() => z.coerce.number().int().min(1).max(100).default(10));
const instant = lazySchema(() => z.iso.datetime({ offset: true, error: 'Expected an ISO 8601 date-time with a zone, e.g. 2024-01-15T11:30:00Z' }));

// ---- sessions

const plannedDuration = lazySchema(() => z.number().int().min(SL.minPlannedMinutes).max(SL.maxPlannedMinutes).meta({ description: 'Minutes' }));

export const startSessionBody = lazySchema(() => z
  .object({
    courseId: courseIdSchema.meta({ description: 'One of the caller\'s personal courses' }),
    sessionType: z.enum(SESSION_TYPES),
    plannedDuration: plannedDuration.optional(),
  })
  .strict()
  .meta({ id: 'StartSession' }));

export const sessionParams = lazySchema(() => z.object({ id: sessionIdSchema }).strict());
export const courseSessionsParams = lazySchema(() => z.object({ id: courseIdSchema }).strict());

export const updateSessionBody = lazySchema(() => z
  .object({
    notes: boundedText(SL.notesBytes).nullable().optional().meta({ description: 'null clears' }),
    plannedDuration: plannedDuration.optional(),
    progress: z.number().int().min(0).max(100).optional().meta({ description: 'The learner\'s own 0–100 measure of the plan done' }),
    heartbeat: z.literal(true).optional().meta({ description: 'Only refreshes the last activity (keeps the session from being abandoned)' }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one of notes, plannedDuration, progress, heartbeat')
  .meta({ id: 'UpdateSession' }));

export const SESSION_LIST_STATUSES = ['active', 'completed', 'abandoned'] as const;

export const listSessionsQuery = lazySchema(() => z
  .object({ page, limit, status: z.enum(SESSION_LIST_STATUSES).optional() })
  .strict());

export const sessionData = lazySchema(() => z
  .object({
    id: z.string(),
    courseId: z.string(),
    sessionType: z.enum(SESSION_TYPES),
    status: z.enum(SESSION_LIST_STATUSES),
    startedAt: z.string(),
    plannedDuration: z.number().nullable(),
    lastActivityAt: z.string(),
    completedAt: z.string().nullable(),
    abandonedAt: z.string().nullable().meta({ description: 'Last activity + 30 min, when abandoned' }),
    actualDuration: z.number().nullable().meta({ description: 'Minutes: start → completion, or start → last activity when abandoned; null while active' }),
    activeSeconds: z.number().meta({ description: 'Learning seconds counted so far: start → last activity' }),
    notes: z.string().nullable(),
    progress: z.number().nullable(),
    logCount: z.number(),
  })
  .meta({ id: 'LearningSession' }));

// ---- progress logs

/** JSON nesting depth of a value (a scalar is 0, `{a: 1}` is 1). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce((max: number, child) => Math.max(max, depthOf(child)), 0);
}

const weightText = lazySchema(() => z
  .string()
  .max(20)
  .superRefine((text, ctx) => {
    const parsed = parseWeight(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  }));
const repCount = lazySchema(() => z.number().int().min(0).max(LL.maxReps));

/** Known `data` keys are typed; others are free JSON within the caps of PROGRESS_LOG_LIMITS. */
const logData = lazySchema(() => z
  .object({
    exercise: z
      .string()
      .max(64)
      .refine((text) => normalizeExerciseName(text) !== undefined, 'An exercise name: 1–64 letters, digits, spaces, - or _')
      .optional(),
    weight: weightText.optional().meta({ description: 'With its unit: "135lbs", "62.5kg"' }),
    sets: z.number().int().min(1).max(LL.maxSets).optional(),
    reps: z.union([repCount, z.array(repCount).min(1).max(LL.maxSets)]).optional().meta({ description: 'Reps of every set, or one number per set' }),
    duration: z.number().gt(0).max(LL.maxDurationMinutes).optional().meta({ description: 'Minutes' }),
    score: z.number().min(0).max(1_000_000).optional(),
    max_score: z.number().gt(0).max(1_000_000).optional(),
    notes: z.string().max(LL.notesBytes).optional(),
  })
  .catchall(z.json())
  .superRefine((data, ctx) => {
    const keys = Object.keys(data);
    if (keys.length > LL.dataKeys) ctx.addIssue({ code: 'custom', message: `At most ${LL.dataKeys} keys` });
    for (const key of keys) {
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'Keys are 1–40 of a-z, 0-9 and _, starting with a letter' });
    }
    if (Buffer.byteLength(JSON.stringify(data), 'utf8') > LL.dataBytes) ctx.addIssue({ code: 'custom', message: `At most ${LL.dataBytes} bytes as JSON` });
    if (depthOf(data) > LL.dataDepth) ctx.addIssue({ code: 'custom', message: `Nested at most ${LL.dataDepth} levels` });
    for (const path of unstorableNumberPaths(data)) {
      ctx.addIssue({ code: 'custom', path, message: 'Numbers must be safe integers, 0, or of magnitude 1e-130 to 1e125' });
    }
    if (Array.isArray(data.reps) && data.sets !== undefined && data.reps.length !== data.sets) {
      ctx.addIssue({ code: 'custom', path: ['reps'], message: `${data.reps.length} rep counts for ${data.sets} sets: send one per set` });
    }
    if (data.score !== undefined && data.max_score !== undefined && data.score > data.max_score) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: `Must not exceed max_score (${data.max_score})` });
    }
  }));

export const logProgressBody = lazySchema(() => z
  .object({
    course_id: courseIdSchema,
    activity_type: z.enum(ACTIVITY_TYPES),
    data: logData,
    session_id: sessionIdSchema.optional().meta({ description: 'An active session of the same course' }),
    module_id: moduleIdSchema.optional().meta({ description: 'A curriculum node id (not checked against the curriculum)' }),
    notes: boundedText(LL.notesBytes).optional(),
    timestamp: instant.optional().meta({ description: 'When it happened; defaults to now; at most 5 minutes ahead of the server' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.activity_type === 'exercise' && body.data.exercise === undefined) {
      ctx.addIssue({ code: 'custom', path: ['data', 'exercise'], message: 'An exercise log names its exercise (e.g. "bench_press")' });
    }
  })
  .meta({ id: 'LogProgress' }));

export const progressParams = lazySchema(() => z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid id') }).strict());

export const listProgressQuery = lazySchema(() => z
  .object({
    page,
    limit,
    activity_type: z.enum(ACTIVITY_TYPES).optional(),
    session_id: sessionIdSchema.optional(),
    from: instant.optional().meta({ description: 'Inclusive lower bound of timestamp' }),
    to: instant.optional().meta({ description: 'Exclusive upper bound of timestamp' }),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be later than from' });
    }
  }));

export const updateProgressBody = lazySchema(() => z
  .object({
    notes: boundedText(LL.notesBytes).nullable().optional().meta({ description: 'null clears' }),
    metrics: z
      .object({
        difficulty: z.number().int().min(1).max(10).nullable().optional().meta({ description: 'Perceived difficulty 1–10' }),
        completion: z.number().min(0).max(100).refine(isStorableNumber, 'Too small a fraction to store').nullable().optional().meta({ description: 'Percent done' }),
        score: z.number().min(0).max(1_000_000).refine(isStorableNumber, 'Too small a fraction to store').nullable().optional().meta({ description: 'Corrected score; at most the log\'s max_score' }),
      })
      .strict()
      .refine((metrics) => Object.keys(metrics).length > 0, 'Send at least one metric')
      .optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send notes or metrics')
  .meta({ id: 'UpdateProgressLog', description: 'data, timestamp, duration and personalRecord are fixed by the log' }));

const metricsData = lazySchema(() => z
  .object({
    score: z.number().optional(),
    duration: z.number().optional(),
    accuracy: z.number().optional(),
    difficulty: z.number().optional(),
    completion: z.number().optional(),
    personalRecord: z.boolean().optional(),
  })
  .meta({ id: 'ProgressMetrics' }));

export const logCreatedData = lazySchema(() => z
  .object({ id: z.string(), summary: z.string(), achievements: z.array(z.string()), next_recommendations: z.string().nullable() })
  .meta({ id: 'ProgressLogCreated' }));

export const progressLogData = lazySchema(() => z
  .object({
    id: z.string(),
    course_id: z.string(),
    session_id: z.string().nullable(),
    module_id: z.string().nullable(),
    activity_type: z.enum(ACTIVITY_TYPES),
    data: z.record(z.string(), z.unknown()),
    metrics: metricsData,
    notes: z.string().nullable(),
    timestamp: z.string(),
    summary: z.string(),
    achievements: z.array(z.string()),
    next_recommendations: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'ProgressLog' }));

export { paginationData };
