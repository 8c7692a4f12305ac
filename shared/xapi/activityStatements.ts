import type { ActivityRecord } from '../progress/activity.js';
import type { XapiStatement } from '../schemas/xapiStatement.js';
import { statementIdOf } from './statementId.js';
import { xapiHomePage } from './xapiHome.js';

/**
 * Activity record → xAPI 1.0.3 statements (issue 22, "xAPI out"). Pure: the delivery reads the
 * record from the table's stream and this turns it into what each LRS receives.
 *
 * - Actor: an `account` with the tenant's home page and the learner's user id. An email (`mbox`) only
 *   when the tenant opted in for that LRS and the learner's profile has one.
 * - One record gives its own statement (`main`), plus `completed` for the course or tutorial it
 *   completed (`content`), plus `earned` for each achievement it awarded (`award:<id>`). Each
 *   statement id is a v5 UUID of tenant, learner, event id and part (statementId.ts).
 * - Verbs from the ADL vocabulary (`earned` from the xAPI vocabulary registry, where ADL's profile
 *   server lists it); see VERBS.
 */

export const VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  progressed: 'http://adlnet.gov/expapi/verbs/progressed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  scored: 'http://adlnet.gov/expapi/verbs/scored',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  earned: 'http://id.tincanapi.com/verb/earned',
} as const;
export type VerbName = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  module: 'http://adlnet.gov/expapi/activities/module',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
  performance: 'http://adlnet.gov/expapi/activities/performance',
  badge: 'http://activitystrea.ms/schema/1.0/badge',
  certificate: 'http://id.tincanapi.com/activitytype/certificate',
} as const;

/** cmi5's progress extension (0–100), used for a reset tutorial. */
export const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';
/** Which Cairn write produced the statement (an ActivitySource). */
export const SOURCE_EXTENSION = 'urn:x-cairn:xapi:activity-source';

const CONTENT_PATH = { course: 'courses', tutorial: 'tutorials', personal_course: 'personal-courses' } as const;

/** The IRI of a course, tutorial or personal course in a tenant. */
export function contentActivityId(tenantId: string, record: Pick<ActivityRecord, 'contentType' | 'contentId'>): string {
  return `${xapiHomePage(tenantId)}/activities/${CONTENT_PATH[record.contentType]}/${encodeURIComponent(record.contentId)}`;
}

interface ActivityShape {
  id: string;
  type: string;
  name: string;
}

function contentActivity(tenantId: string, record: ActivityRecord): ActivityShape {
  return { id: contentActivityId(tenantId, record), type: ACTIVITY_TYPES.course, name: `${record.contentType === 'tutorial' ? 'Tutorial' : 'Course'} ${record.contentId}` };
}

/** The item the record is about (lesson, chapter, quiz, session, log), or the content itself. */
function itemActivity(tenantId: string, record: ActivityRecord): ActivityShape {
  const base = contentActivityId(tenantId, record);
  const item = record.itemId ? encodeURIComponent(record.itemId) : undefined;
  if (!item) return contentActivity(tenantId, record);
  switch (record.source) {
    case 'tutorial.chapter':
      return { id: `${base}/chapters/${item}`, type: ACTIVITY_TYPES.module, name: `Chapter ${record.itemId}` };
    case 'tutorial.quiz':
      return { id: `${base}/quizzes/${item}`, type: ACTIVITY_TYPES.assessment, name: `Quiz ${record.itemId}` };
    case 'lesson.progress':
    case 'block.completion':
      return { id: `${base}/lessons/${item}`, type: ACTIVITY_TYPES.lesson, name: `Lesson ${record.itemId}` };
    case 'session.start':
    case 'session.update':
    case 'session.complete':
      return { id: `${base}/sessions/${item}`, type: ACTIVITY_TYPES.meeting, name: `Learning session ${record.itemId}` };
    default:
      return { id: `${base}/logs/${item}`, type: ACTIVITY_TYPES.performance, name: `Activity ${record.itemId}` };
  }
}

/** Seconds as an ISO 8601 duration (`PT90S`; fractions kept to centiseconds, as xAPI stores them). */
export function isoDuration(seconds: number): string {
  return `PT${Math.round(seconds * 100) / 100}S`;
}

/** Seconds from an ISO 8601 duration of days, hours, minutes and seconds (`P1DT2H3M4.5S`); undefined for years, months or weeks. */
export function durationSeconds(duration: string): number | undefined {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}

interface Main {
  verb: VerbName;
  object: ActivityShape;
  result?: XapiStatement['result'];
}

function scoreOf(record: ActivityRecord) {
  if (record.score === undefined) return undefined;
  const max = record.maxScore;
  return {
    raw: record.score,
    min: 0,
    ...(max !== undefined && max > 0 ? { max, scaled: Math.round((record.score / max) * 10_000) / 10_000 } : {}),
  };
}

/** The record's own statement: which verb about which activity, with what result. */
export function mainStatementOf(tenantId: string, record: ActivityRecord): Main {
  const item = itemActivity(tenantId, record);
  const duration = record.seconds > 0 ? { duration: isoDuration(record.seconds) } : {};
  const score = scoreOf(record);
  switch (record.source) {
    case 'tutorial.chapter':
      return record.itemCompleted ? { verb: 'completed', object: item, result: { completion: true, ...duration } } : { verb: 'progressed', object: item, result: { ...duration } };
    case 'tutorial.quiz':
      return { verb: record.passed ? 'passed' : 'failed', object: item, result: { ...(score ? { score } : {}), success: record.passed === true } };
    case 'tutorial.complete':
      return { verb: 'completed', object: contentActivity(tenantId, record), result: { completion: true } };
    case 'tutorial.reset':
      return { verb: 'progressed', object: contentActivity(tenantId, record), result: { completion: false, extensions: { [PROGRESS_EXTENSION]: 0 } } };
    case 'lesson.progress':
      if (score) return { verb: 'scored', object: item, result: { score, ...(record.passed ? { success: true } : {}), ...(record.itemCompleted ? { completion: true } : {}), ...duration } };
      if (record.itemCompleted) return { verb: 'completed', object: item, result: { completion: true, ...duration } };
      return record.seconds > 0 ? { verb: 'progressed', object: item, result: { ...duration } } : { verb: 'experienced', object: item };
    case 'block.completion':
      return record.itemCompleted ? { verb: 'completed', object: item, result: { completion: true, ...duration } } : { verb: 'experienced', object: item, ...(record.seconds > 0 ? { result: duration } : {}) };
    case 'session.start':
      return { verb: 'experienced', object: item };
    case 'session.update':
      return { verb: 'progressed', object: item, ...(record.seconds > 0 ? { result: duration } : {}) };
    case 'session.complete':
      return { verb: 'completed', object: item, result: { completion: true, ...duration } };
    case 'progress.log':
    case 'progress.log.update':
      return { verb: 'experienced', object: item, ...(record.seconds > 0 || score ? { result: { ...duration, ...(score ? { score } : {}) } } : {}) };
  }
}

export interface ActorOptions {
  /** The tenant opted in to identify learners by email for this LRS, and this is the learner's. */
  email?: string;
}

function verbOf(name: VerbName) {
  return { id: VERBS[name], display: { 'en-US': name } };
}

function activityOf(shape: ActivityShape) {
  return { objectType: 'Activity' as const, id: shape.id, definition: { type: shape.type, name: { 'en-US': shape.name } } };
}

/** The actor of a learner's statements: their account in the tenant, or their email when opted in. */
export function actorOf(tenantId: string, userId: string, options: ActorOptions = {}): XapiStatement['actor'] {
  if (options.email) return { objectType: 'Agent', mbox: `mailto:${options.email}` };
  return { objectType: 'Agent', account: { homePage: xapiHomePage(tenantId), name: userId } };
}

/** Every statement one activity record becomes, in a stable order (main, content, awards). */
export function statementsOf(record: ActivityRecord, options: ActorOptions = {}): XapiStatement[] {
  const tenantId = record.tenantId;
  const actor = actorOf(tenantId, record.userId, options);
  const timestamp = record.clientTimestamp ?? record.occurredAt;
  const content = contentActivity(tenantId, record);
  const main = mainStatementOf(tenantId, record);
  const base = (part: string, verb: VerbName, object: ActivityShape, result?: XapiStatement['result']): XapiStatement => ({
    id: statementIdOf(tenantId, record.userId, record.eventId, part),
    actor,
    verb: verbOf(verb),
    object: activityOf(object),
    ...(result && Object.keys(result).length > 0 ? { result } : {}),
    context: {
      platform: 'Cairn',
      ...(object.id !== content.id ? { contextActivities: { parent: [activityOf(content)] } } : {}),
      extensions: { [SOURCE_EXTENSION]: record.source },
    },
    timestamp,
    version: '1.0.3',
  });
  const statements = [base('main', main.verb, main.object, main.result)];
  if (record.contentCompleted && !(main.verb === 'completed' && main.object.id === content.id)) {
    statements.push(base('content', 'completed', content, { completion: true }));
  }
  for (const award of record.awarded ?? []) {
    const badge = { id: `${xapiHomePage(tenantId)}/activities/achievements/${encodeURIComponent(award.id)}`, type: ACTIVITY_TYPES.badge, name: award.title };
    statements.push({ ...base(`award:${award.id}`, 'earned', badge), context: { platform: 'Cairn', contextActivities: { parent: [activityOf(content)] }, extensions: { [SOURCE_EXTENSION]: record.source } } });
  }
  return statements;
}
