import { abandonedAtOf, effectiveSessionStatus, minutesOf, secondsBetween } from '../../shared/domain/sessionTiming.js';
import type { SessionRecord } from '../../shared/sessions/learningSession.js';
import type { ProgressLogRecord } from '../../shared/sessions/progressLog.js';

/**
 * Seed 004 shapes: sessions in the seed's camelCase, progress logs in its snake_case. Optional fields
 * are null when unset, so a shape never varies. A session's status is judged at `asOf` (abandoned
 * after the idle limit); its actual duration is start → completion, or start → last activity when
 * abandoned, null while it runs.
 */
export function session004(session: SessionRecord, asOf: Date) {
  const status = effectiveSessionStatus(session.status, session.lastActivityAt, asOf);
  const end = session.completedAt ?? session.lastActivityAt;
  return {
    id: session.sessionId,
    courseId: session.courseId,
    sessionType: session.sessionType,
    status,
    startedAt: session.startedAt,
    plannedDuration: session.plannedDuration ?? null,
    lastActivityAt: session.lastActivityAt,
    completedAt: session.completedAt ?? null,
    abandonedAt: status === 'abandoned' ? abandonedAtOf(session.lastActivityAt) : null,
    actualDuration: status === 'completed' ? (session.actualDuration ?? null) : status === 'abandoned' ? minutesOf(secondsBetween(session.startedAt, session.lastActivityAt)) : null,
    activeSeconds: secondsBetween(session.startedAt, end),
    notes: session.notes ?? null,
    progress: session.progress ?? null,
    logCount: session.logCount,
  };
}

/** The seed's 201 answer to `POST /api/progress/log`. */
export function logCreated004(log: ProgressLogRecord) {
  return { id: log.logId, summary: log.summary, achievements: log.achievements, next_recommendations: log.nextRecommendations };
}

/** A stored progress log. */
export function progressLog004(log: ProgressLogRecord) {
  return {
    id: log.logId,
    course_id: log.courseId,
    session_id: log.sessionId ?? null,
    module_id: log.moduleId ?? null,
    activity_type: log.activityType,
    data: log.data,
    metrics: log.metrics,
    notes: log.notes ?? null,
    timestamp: log.timestamp,
    summary: log.summary,
    achievements: log.achievements,
    next_recommendations: log.nextRecommendations,
    created_at: log.createdAt,
    updated_at: log.updatedAt,
  };
}
