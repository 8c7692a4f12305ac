import { activityRecord, type ActivityInput, type ActivityRecord, type ActivitySource } from '../progress/activity.js';
import type { WriteIdentity } from '../progress/eventId.js';

/**
 * Who writes, as whom, when and under which event id: everything a session or progress-log write
 * needs from the request, taken only from the verified token (tenant, user, time zone) and the
 * request's headers (event id).
 */
export interface LearnerWriteContext {
  tenantId: string;
  userId: string;
  identity: WriteIdentity;
  /** The learner's IANA zone (token `zoneinfo`), for the activity record's local date. */
  timeZone: string;
  now: Date;
}

/** The activity record of a seed 004 write: always about a personal course, by the learner themself. */
export function learnerActivity(
  ctx: LearnerWriteContext,
  source: ActivitySource,
  courseId: string,
  requestHash: string,
  extra: Partial<Omit<ActivityInput, 'eventId' | 'tenantId' | 'userId' | 'actorId' | 'source' | 'contentType' | 'contentId' | 'requestHash' | 'now' | 'timeZone'>> = {},
): ActivityRecord {
  return activityRecord({
    eventId: ctx.identity.eventId,
    tenantId: ctx.tenantId,
    userId: ctx.userId,
    actorId: ctx.userId,
    source,
    contentType: 'personal_course',
    contentId: courseId,
    seconds: 0,
    requestHash,
    now: ctx.now,
    timeZone: ctx.timeZone,
    ...extra,
  });
}
