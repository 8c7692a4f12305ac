import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { memberKey, profileKey, tutorialChapterKey, xapiLearnerStatementKey, xapiStatementKey } from '../db/keys.js';
import { transactWriteRetryingConflicts } from '../db/transactWrite.js';
import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '../domain/timezone.js';
import { AuthenticationError, AuthorizationError, ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import { recordLessonProgress } from '../progress/courseProgressService.js';
import { fingerprint } from '../progress/eventId.js';
import { updateChapter, updateQuiz } from '../progress/tutorialProgressService.js';
import type { XapiStatement } from '../schemas/xapiStatement.js';
import { durationSeconds, VERBS, type VerbName } from './activityStatements.js';
import { authenticateBasic } from './lrsStore.js';
import { xapiHomePage } from './xapiHome.js';

/**
 * xAPI in (issue 22): statements posted to `/xapi/statements` become progress-engine writes, with
 * the statement id as the event id.
 *
 *   caller (bearer → the learner; Basic → the tenant) ──> version header ──> every statement checked
 *   (actor, verb, object, result) before anything is written ──> per statement:
 *     stored already? same content → replay (nothing applied again); other content → 409
 *     engine write (event id = statement id: the ledger's conditional Put applies it once)
 *     statement stored (conditional: a concurrent different statement with the id → 409), in one
 *     transaction with the learner's index entry `T#<t>#U#<u>#XAPI_STMTS` / `S#<id>` (export and
 *     erasure find every stored statement of a learner through it, issue 20)
 *
 * Timeline of a crash between the engine write and the statement Put: the sender retries, the stored
 * check finds nothing, the engine finds its event id and answers as a replay, the statement is
 * stored. A list is checked as a whole first; an engine refusal at statement k (a lesson that does
 * not exist) leaves 1…k−1 applied and stored, and a retry of the list replays them.
 *
 * Mapped verbs and activities (the IRIs Cairn emits, activityStatements.ts):
 * - `…/tutorials/<t>/chapters/<c>`: completed; progressed or experienced (watch time from
 *   `result.duration`, a completed chapter stays completed);
 * - `…/tutorials/<t>/quizzes/<q>`: passed, failed, scored (`result.score.raw` and `max`, whole numbers);
 * - `…/courses/<c>/lessons/<l>`: completed, progressed, experienced (time from `result.duration`),
 *   scored, passed, failed (`result.score.raw`; passed completes the lesson).
 * Anything else (earned: Cairn awards achievements itself; an unknown verb or activity) is 400 naming it.
 */

export const XAPI_VERSION_PATTERN = /^1\.0(\.\d+)?$/;
export const XAPI_RESPONSE_VERSION = '1.0.3';

export type XapiCaller = { kind: 'learner'; tenantId: string; userId: string; timeZone: string } | { kind: 'server'; tenantId: string; keyId: string };

/** Who calls: the bearer token's learner, or the tenant of a Basic credential; 401 without either. */
export async function xapiCallerOf(principal: Principal | undefined, authorization: string | undefined): Promise<XapiCaller> {
  if (principal) return { kind: 'learner', tenantId: principal.tenantId, userId: principal.userId, timeZone: principal.timeZone };
  if (authorization && /^Basic\s/i.test(authorization)) return { kind: 'server', ...(await authenticateBasic(authorization)) };
  throw new AuthenticationError('A bearer token or the organization\'s LRS credentials (HTTP Basic) are required');
}

/** The X-Experience-API-Version header: 1.0.x, else 400 naming the header. */
export function checkXapiVersion(value: string | undefined): void {
  if (value === undefined) {
    throw new ValidationError([{ field: 'headers.x-experience-api-version', message: 'The X-Experience-API-Version header is required (1.0.x)', code: 'required' }]);
  }
  if (!XAPI_VERSION_PATTERN.test(value.trim())) {
    throw new ValidationError([{ field: 'headers.x-experience-api-version', message: `Unsupported xAPI version ${value} (1.0.x is supported)`, code: 'unsupported_version' }]);
  }
}

type Target =
  | { kind: 'chapter'; tutorialId: string; chapterId: string }
  | { kind: 'quiz'; tutorialId: string; quizId: string }
  | { kind: 'lesson'; courseId: string; lessonId: string };

interface Planned {
  statement: XapiStatement & { id: string };
  userId: string;
  verb: VerbName;
  target: Target;
  hash: string;
}

const SEGMENT = '([A-Za-z0-9_.:-]{1,128})';
const TARGETS: [RegExp, (m: RegExpExecArray) => Target][] = [
  [new RegExp(`^tutorials/${SEGMENT}/chapters/${SEGMENT}$`), (m) => ({ kind: 'chapter', tutorialId: m[1]!, chapterId: m[2]! })],
  [new RegExp(`^tutorials/${SEGMENT}/quizzes/${SEGMENT}$`), (m) => ({ kind: 'quiz', tutorialId: m[1]!, quizId: m[2]! })],
  [new RegExp(`^courses/${SEGMENT}/lessons/${SEGMENT}$`), (m) => ({ kind: 'lesson', courseId: m[1]!, lessonId: m[2]! })],
];

const MAPPED: Record<Target['kind'], readonly VerbName[]> = {
  chapter: ['completed', 'progressed', 'experienced'],
  quiz: ['passed', 'failed', 'scored'],
  lesson: ['completed', 'progressed', 'experienced', 'scored', 'passed', 'failed'],
};

const verbNameOf = (id: string) => (Object.entries(VERBS).find(([, iri]) => iri === id)?.[0] as VerbName | undefined);

/** What makes two statements with one id "the same": everything but what the LRS adds. */
function contentHash(statement: XapiStatement): string {
  const { stored: _s, authority: _a, version: _v, ...rest } = statement;
  return fingerprint(rest);
}

function field(prefix: string, path: string) {
  return prefix ? `${prefix}.${path}` : path;
}

/** The checks that need no database: actor's shape and home page, verb, object, result. */
function plan(caller: XapiCaller, statement: XapiStatement, prefix: string, fixedId: string | undefined): Planned {
  const home = xapiHomePage(caller.tenantId);
  const account = (statement.actor as { account?: { homePage: string; name: string }; objectType?: string }).account;
  if (!account || statement.actor.objectType === 'Group') {
    throw new ValidationError([{ field: field(prefix, 'actor'), message: 'The actor must be an Agent with an account on this organization\'s home page', code: 'unsupported_actor' }]);
  }
  if (account.homePage.replace(/\/+$/, '') !== home) {
    throw new ValidationError([{ field: field(prefix, 'actor.account.homePage'), message: `The actor's account must be on ${home}`, code: 'foreign_home_page' }]);
  }
  if (caller.kind === 'learner' && account.name !== caller.userId) {
    throw new AuthorizationError('The statement\'s actor must be the caller');
  }
  const verb = verbNameOf(statement.verb.id);
  const objectId = (statement.object as { id?: string; objectType?: string }).objectType === undefined || (statement.object as { objectType?: string }).objectType === 'Activity' ? (statement.object as { id: string }).id : undefined;
  const prefixOfActivities = `${home}/activities/`;
  const path = objectId?.startsWith(prefixOfActivities) ? objectId.slice(prefixOfActivities.length) : undefined;
  const matched = path === undefined ? undefined : TARGETS.map(([pattern, build]) => { const m = pattern.exec(path); return m ? build(m) : undefined; }).find(Boolean);
  if (!matched) {
    throw new ValidationError([{ field: field(prefix, 'object.id'), message: `Cairn cannot map the activity ${objectId ?? '(not an Activity)'}: expected ${prefixOfActivities}tutorials/<id>/chapters/<id>, …/quizzes/<id> or courses/<id>/lessons/<id>`, code: 'unmappable_activity' }]);
  }
  if (!verb || !MAPPED[matched.kind].includes(verb)) {
    throw new ValidationError([{ field: field(prefix, 'verb.id'), message: `Cairn cannot map the verb ${statement.verb.id} on a ${matched.kind} (supported: ${MAPPED[matched.kind].map((v) => VERBS[v]).join(', ')})`, code: 'unmappable_verb' }]);
  }
  const score = statement.result?.score;
  if ((matched.kind === 'quiz' || ['scored', 'passed', 'failed'].includes(verb)) && matched.kind !== 'chapter') {
    const raw = score?.raw;
    const needsMax = matched.kind === 'quiz';
    if (raw === undefined || !Number.isInteger(raw) || raw < 0 || (needsMax && (score?.max === undefined || !Number.isInteger(score.max) || score.max < 1))) {
      throw new ValidationError([{ field: field(prefix, 'result.score'), message: needsMax ? 'A quiz statement needs result.score.raw and result.score.max as whole numbers (max ≥ 1)' : 'A scored lesson statement needs result.score.raw as a whole number', code: 'score_required' }]);
    }
  }
  const duration = statement.result?.duration;
  if (duration !== undefined && durationSeconds(duration) === undefined) {
    throw new ValidationError([{ field: field(prefix, 'result.duration'), message: 'Only durations in days, hours, minutes and seconds are mapped', code: 'unsupported_duration' }]);
  }
  if (fixedId !== undefined && statement.id !== undefined && statement.id.toLowerCase() !== fixedId.toLowerCase()) {
    throw new ValidationError([{ field: field(prefix, 'id'), message: 'The statement id differs from ?statementId=', code: 'id_mismatch' }]);
  }
  const id = (fixedId ?? statement.id ?? randomUUID()).toLowerCase();
  const withId = { ...statement, id };
  return { statement: withId, userId: account.name, verb, target: matched, hash: contentHash(withId) };
}

async function subjectTimeZones(caller: XapiCaller, planned: Planned[], prefixes: string[]): Promise<Map<string, string>> {
  const zones = new Map<string, string>();
  if (caller.kind === 'learner') {
    zones.set(caller.userId, caller.timeZone);
    return zones;
  }
  const users = [...new Set(planned.map((p) => p.userId))];
  const found = await batchGetItems(users.flatMap((u) => [memberKey(caller.tenantId, u), profileKey(u)]));
  planned.forEach((p, i) => {
    if (!found.get(itemId(memberKey(caller.tenantId, p.userId)))) {
      throw new ValidationError([{ field: field(prefixes[i]!, 'actor.account.name'), message: 'The actor is not a member of this organization', code: 'unknown_actor' }]);
    }
    const zone = found.get(itemId(profileKey(p.userId)))?.timezone;
    zones.set(p.userId, typeof zone === 'string' && isIanaTimeZone(zone) ? zone : DEFAULT_TIME_ZONE);
  });
  return zones;
}

async function storedItem(tenantId: string, statementId: string) {
  return (await documentClient().send(new GetCommand({ TableName: tableName(), Key: xapiStatementKey(tenantId, statementId), ConsistentRead: true }))).Item;
}

function conflict(statementId: string, prefix: string): ConflictError {
  return new ConflictError(`Statement ${statementId} was already stored with different content`, [{ field: field(prefix, 'id'), message: 'A statement with this id and different content exists', code: 'statement_conflict' }]);
}

/** The progress-engine write of one statement (event id = statement id). */
async function apply(caller: XapiCaller, p: Planned, timeZone: string, now: Date): Promise<void> {
  const base = { tenantId: caller.tenantId, userId: p.userId, actorId: caller.kind === 'learner' ? caller.userId : `xapi:${caller.keyId}`, eventId: p.statement.id, timeZone, now };
  const seconds = p.statement.result?.duration ? Math.round(durationSeconds(p.statement.result.duration) ?? 0) : undefined;
  const score = p.statement.result?.score;
  switch (p.target.kind) {
    case 'chapter': {
      const { tutorialId, chapterId } = p.target;
      const existing = await documentClient().send(new GetCommand({ TableName: tableName(), Key: tutorialChapterKey(caller.tenantId, p.userId, tutorialId, chapterId), ConsistentRead: true }));
      const completed = p.verb === 'completed' || existing.Item?.completed === true;
      await updateChapter({ ...base, tutorialId }, { chapterId, watchTime: seconds ?? 0, completed });
      return;
    }
    case 'quiz': {
      const passed = p.verb === 'passed' || (p.verb === 'scored' && p.statement.result?.success === true);
      await updateQuiz({ ...base, tutorialId: p.target.tutorialId }, { quizId: p.target.quizId, score: score!.raw!, maxScore: score!.max!, passed });
      return;
    }
    case 'lesson': {
      await recordLessonProgress(
        { ...base, courseId: p.target.courseId },
        {
          lessonId: p.target.lessonId,
          source: 'lesson.progress',
          lessonField: 'body.object.id',
          courseField: 'body.object.id',
          ...(p.verb === 'completed' || p.verb === 'passed' ? { complete: true } : {}),
          ...(score?.raw !== undefined && ['scored', 'passed', 'failed'].includes(p.verb) ? { score: score.raw } : {}),
          ...(seconds !== undefined ? { secondsSpent: seconds } : {}),
          request: { xapi: p.hash },
        },
      );
      return;
    }
  }
}

/**
 * Stores and applies statements (POST: one or a list; PUT: one under `fixedId`). Returns their ids.
 * Requests per new statement: 1 GetItem (stored?), the engine's write (its snapshot read and one
 * transaction), 1 TransactWriteItems (the statement and the learner's index entry); a replay costs the
 * GetItem only. Basic callers add one BatchGet for the
 * actors' memberships and time zones.
 */
export async function intakeStatements(caller: XapiCaller, statements: XapiStatement[], options: { fixedId?: string; single: boolean; now: Date }): Promise<string[]> {
  const prefixes = statements.map((_s, i) => (options.single ? 'body' : `body.${i}`));
  const planned = statements.map((statement, i) => plan(caller, statement, prefixes[i]!, options.fixedId));
  const seen = new Set<string>();
  planned.forEach((p, i) => {
    if (seen.has(p.statement.id)) throw new ValidationError([{ field: field(prefixes[i]!, 'id'), message: 'The same statement id twice in one request', code: 'duplicate_id' }]);
    seen.add(p.statement.id);
  });
  const zones = await subjectTimeZones(caller, planned, prefixes);
  const home = xapiHomePage(caller.tenantId);
  const authority = { objectType: 'Agent' as const, account: { homePage: home, name: caller.kind === 'learner' ? caller.userId : caller.keyId } };
  for (const [i, p] of planned.entries()) {
    const existing = await storedItem(caller.tenantId, p.statement.id);
    if (existing) {
      if (existing.contentHash !== p.hash) throw conflict(p.statement.id, prefixes[i]!);
      continue;
    }
    await apply(caller, p, zones.get(p.userId) ?? DEFAULT_TIME_ZONE, options.now);
    const stored = { ...p.statement, stored: options.now.toISOString(), authority, version: p.statement.version ?? '1.0.0', timestamp: p.statement.timestamp ?? options.now.toISOString() };
    const storedAt = options.now.toISOString();
    try {
      // Safe to repeat (the condition admits only the same content; the index entry is the same item),
      // so a TransactionConflict with a concurrent copy is retried.
      await transactWriteRetryingConflicts({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...xapiStatementKey(caller.tenantId, p.statement.id), entity: 'xapiStatement', tenantId: caller.tenantId, userId: p.userId, statementId: p.statement.id, contentHash: p.hash, statement: stored, storedAt },
              ConditionExpression: 'attribute_not_exists(pk) OR contentHash = :hash',
              ExpressionAttributeValues: { ':hash': p.hash },
            },
          },
          { Put: { TableName: tableName(), Item: { ...xapiLearnerStatementKey(caller.tenantId, p.userId, p.statement.id), entity: 'xapiLearnerStatement', statementId: p.statement.id, storedAt } } },
        ],
      });
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw conflict(p.statement.id, prefixes[i]!);
      throw err;
    }
  }
  return planned.map((p) => p.statement.id);
}

/** One stored statement: a learner only their own, a Basic credential any of its tenant's; else 404. One GetItem. */
export async function getStatement(caller: XapiCaller, statementId: string): Promise<Record<string, unknown>> {
  const item = await storedItem(caller.tenantId, statementId.toLowerCase());
  if (!item || (caller.kind === 'learner' && item.userId !== caller.userId)) throw new NotFoundError('No such statement');
  return item.statement as Record<string, unknown>;
}
