import { QueryCommand } from '../db/commands.js';
import { tutorialTitleOf, type CertificateRecord } from '../certificates/certificate.js';
import { ensureCertificate, findCertificate } from '../certificates/certificateIssue.js';
import { certificateUrlOf } from '../certificates/certificateLinks.js';
import { itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { tutorialChapterKey, tutorialProgressPartition, tutorialQuizKey, tutorialSummaryKey } from '../db/keys.js';
import {
  hasProgress,
  tutorialView,
  type ChapterState,
  type QuizState,
  type TutorialProgressView,
  type TutorialState,
} from '../domain/tutorialProgress.js';
import { NotFoundError, ValidationError, AppError } from '../http/errors.js';
import { TUTORIAL_LIMITS, type ChapterInput, type QuizInput } from '../schemas/tutorialProgress.js';
import { activityPut, activityRecord, type ActivitySource } from './activity.js';
import { fingerprint } from './eventId.js';
import { runProgressWrite, type PlannedWrite, type Snapshot } from './progressWrite.js';
import { raiseMaximum } from './raiseMaximum.js';

/**
 * Seed 001 tutorial progress on the progress engine. One learner's tutorial is one item collection
 * (`SUMMARY`, `CH#<chapter>`, `QZ#<quiz>`): a GET is one Query, and a write is that Query (the
 * snapshot) plus one transaction that updates the one chapter or quiz item and appends the activity
 * record. Nothing else is written, so 50 writers on 50 chapters never touch the same item.
 */

/** Who is writing whose progress, and the write's event identity. */
export interface TutorialWriteContext {
  tenantId: string;
  userId: string;
  actorId: string;
  tutorialId: string;
  eventId: string;
  timeZone: string;
  now: Date;
}

/** The seed's 400 for "not eligible" (its BadRequestError), without a field: the state, not the input, is wrong. */
export class NotEligibleError extends AppError {
  constructor() {
    super(400, 'VALIDATION_ERROR', 'Not eligible for certificate', [], 'Reach 95% of the chapters completed and pass every recorded quiz first');
  }
}

function stateOf(snapshot: Snapshot): TutorialState {
  const state: TutorialState = { chapters: [], quizzes: [] };
  for (const item of snapshot.values()) {
    const sk = item.sk as string;
    if (sk === 'SUMMARY') state.summary = { certificateEarned: item.certificateEarned === true, ...(item.completedAt ? { completedAt: item.completedAt as string } : {}) };
    else if (sk.startsWith('CH#')) {
      state.chapters.push({
        chapterId: item.chapterId as string,
        watchTime: (item.watchTime as number | undefined) ?? 0,
        completed: item.completed === true,
        lastPosition: (item.lastPosition as number | undefined) ?? 0,
        totalChapters: (item.totalChapters as number | undefined) ?? 0,
        updatedAt: item.updatedAt as string,
      } satisfies ChapterState);
    } else if (sk.startsWith('QZ#')) {
      state.quizzes.push({
        quizId: item.quizId as string,
        score: item.score as number,
        maxScore: item.maxScore as number,
        passed: item.passed === true,
        attempts: (item.attempts as number | undefined) ?? 0,
        completedAt: item.completedAt as string,
      } satisfies QuizState);
    }
  }
  return state;
}

/** The whole collection, strongly consistent: one Query (a second page only past 1 MB, which the limits prevent). */
async function readSnapshot(tenantId: string, userId: string, tutorialId: string): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': tutorialProgressPartition(tenantId, userId, tutorialId) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) snapshot.set(itemId(item as { pk: string; sk: string }), item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return snapshot;
}

const countOf = (snapshot: Snapshot, prefix: string) => [...snapshot.values()].filter((item) => (item.sk as string).startsWith(prefix)).length;

/**
 * One seed 001 write on the engine: the tutorial's collection is the snapshot, a replay is answered
 * with the collection as it is now (re-read, so a replay racing its original still shows it).
 */
async function writeTutorial(
  ctx: TutorialWriteContext,
  requestHash: string,
  options: { plan: (snapshot: Snapshot) => PlannedWrite<TutorialProgressView>; rereadOnConflict?: boolean },
): Promise<TutorialProgressView> {
  const read = () => readSnapshot(ctx.tenantId, ctx.userId, ctx.tutorialId);
  const { result } = await runProgressWrite({
    snapshot: await read(),
    requestHash,
    onReplay: async () => tutorialView(ctx.tutorialId, ctx.userId, stateOf(await read())),
    plan: options.plan,
    ...(options.rereadOnConflict ? { reread: read } : {}),
    gamification: { tenantId: ctx.tenantId, userId: ctx.userId, timeZone: ctx.timeZone, now: ctx.now },
  });
  return result;
}

/** Where the caller's certificate links point and when (for `certificateUrl`, issue 23). */
export interface CertificateLinkContext {
  baseUrl: string;
  now: Date;
  timeZone: string;
}

/** Seed 001's view plus issue 23's added fields: the certificate's id and presigned PDF link once earned. */
export type TutorialProgressWithCertificate = TutorialProgressView & { certificateId: string | null; certificateUrl: string | null };

async function withCertificate(view: TutorialProgressView, certificate: CertificateRecord | undefined, links: CertificateLinkContext): Promise<TutorialProgressWithCertificate> {
  return { ...view, certificateId: certificate?.certificateId ?? null, certificateUrl: await certificateUrlOf(certificate, links.baseUrl, links.now) };
}

function tutorialCertificateInput(tenantId: string, userId: string, tutorialId: string, issuedAt: string, timeZone: string) {
  return { tenantId, userId, kind: 'tutorial' as const, subjectId: tutorialId, title: tutorialTitleOf(tutorialId), issuedAt, timeZone };
}

/**
 * `GET /v1/tutorials/progress/:tutorialId`: one Query; the seed's default progress when there is none.
 * With `links` (the route), an earned certificate adds its id and `certificateUrl`: +1 GetItem, and a
 * certificate earned before certificates existed (or whose issue died after `complete` committed) is
 * issued now, dated at the earning (+1 BatchGetItem, +1 TransactWriteItems, once).
 */
export async function getTutorialProgress(tenantId: string, userId: string, tutorialId: string): Promise<TutorialProgressView>;
export async function getTutorialProgress(tenantId: string, userId: string, tutorialId: string, links: CertificateLinkContext): Promise<TutorialProgressWithCertificate>;
export async function getTutorialProgress(tenantId: string, userId: string, tutorialId: string, links?: CertificateLinkContext): Promise<TutorialProgressView | TutorialProgressWithCertificate> {
  const snapshot = await readSnapshot(tenantId, userId, tutorialId);
  const view = tutorialView(tutorialId, userId, stateOf(snapshot));
  if (!links) return view;
  if (!view.certificateEarned) return withCertificate(view, undefined, links);
  const summary = snapshot.get(itemId(tutorialSummaryKey(tenantId, userId, tutorialId)));
  const earnedAt = (summary?.certificateEarnedAt ?? summary?.completedAt ?? links.now.toISOString()) as string;
  const certificate = (await findCertificate(tenantId, userId, 'tutorial', tutorialId)) ?? (await ensureCertificate(tutorialCertificateInput(tenantId, userId, tutorialId, earnedAt, links.timeZone)));
  return withCertificate(view, certificate, links);
}

function record(ctx: TutorialWriteContext, source: ActivitySource, requestHash: string, extra: Partial<Parameters<typeof activityRecord>[0]> = {}) {
  return activityRecord({
    eventId: ctx.eventId,
    tenantId: ctx.tenantId,
    userId: ctx.userId,
    actorId: ctx.actorId,
    source,
    contentType: 'tutorial',
    contentId: ctx.tutorialId,
    seconds: 0,
    requestHash,
    now: ctx.now,
    timeZone: ctx.timeZone,
    ...extra,
  });
}

/**
 * `POST …/chapter`. The chapter item is updated in place: `completed` and `lastPosition` are set,
 * `watchTime` and `totalChapters` are only ever raised. A raise is conditioned on the value it read
 * (`watchTime = :old`), so two devices raising the same chapter at once cannot lower each other and
 * the activity record's seconds are exactly the increase this write made.
 */
export async function updateChapter(ctx: TutorialWriteContext, input: ChapterInput): Promise<TutorialProgressView> {
  const requestHash = fingerprint({ op: 'tutorial.chapter', tutorialId: ctx.tutorialId, userId: ctx.userId, input });
  const key = tutorialChapterKey(ctx.tenantId, ctx.userId, ctx.tutorialId, input.chapterId);
  const lastPosition = input.lastPosition ?? input.watchTime;
  const now = ctx.now.toISOString();
  return writeTutorial(ctx, requestHash, {
    plan: (snapshot) => {
      const old = snapshot.get(itemId(key));
      if (!old && countOf(snapshot, 'CH#') >= TUTORIAL_LIMITS.chapters) {
        throw new ValidationError([{ field: 'body.chapterId', message: `A tutorial holds at most ${TUTORIAL_LIMITS.chapters} chapters`, code: 'too_many_chapters' }]);
      }
      const oldWatch = old?.watchTime as number | undefined;
      const oldTotal = old?.totalChapters as number | undefined;
      const raiseTotal = input.totalChapters !== undefined && (oldTotal === undefined || input.totalChapters > oldTotal);
      const sets = ['entity = :entity', 'chapterId = :chapterId', 'completed = :completed', 'lastPosition = :position', 'updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
      const conditions: string[] = [];
      const values: Record<string, unknown> = { ':entity': 'tutorialChapter', ':chapterId': input.chapterId, ':completed': input.completed, ':position': lastPosition, ':now': now };
      const update = { sets, conditions, values };
      const watchGain = raiseMaximum('watchTime', oldWatch, input.watchTime, update);
      if (raiseTotal) raiseMaximum('totalChapters', oldTotal, input.totalChapters as number, update);
      else if (oldTotal === undefined) {
        sets.push('totalChapters = if_not_exists(totalChapters, :zero)');
        values[':zero'] = 0;
      }
      const completedNow = input.completed && old?.completed !== true;
      if (completedNow) {
        // Counted as completed once: a concurrent write that completed it first makes this one re-plan.
        conditions.push('(attribute_not_exists(completed) OR completed = :notCompleted)');
        values[':notCompleted'] = false;
      }
      const next = {
        ...old,
        ...key,
        chapterId: input.chapterId,
        completed: input.completed,
        lastPosition,
        updatedAt: now,
        watchTime: Math.max(oldWatch ?? 0, input.watchTime),
        totalChapters: Math.max(oldTotal ?? 0, input.totalChapters ?? 0),
      };
      const after = new Map(snapshot).set(itemId(key), next);
      const activity = record(ctx, 'tutorial.chapter', requestHash, {
        itemId: input.chapterId,
        seconds: watchGain,
        itemCompleted: completedNow,
      });
      const lowersEligibility = (old?.completed === true && !input.completed) || raiseTotal;
      return {
        items: [
          activityPut(activity),
          {
            Update: {
              TableName: tableName(),
              Key: key,
              UpdateExpression: `SET ${sets.join(', ')}`,
              ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
              ExpressionAttributeValues: values,
            },
          },
          ...(lowersEligibility ? [revisionBump(ctx)] : []),
        ],
        activityIndex: 0,
        result: tutorialView(ctx.tutorialId, ctx.userId, stateOf(after)),
      };
    },
  });
}

/**
 * `POST …/quiz`. Attempts are an atomic ADD and `passed` is only ever set to true, so concurrent
 * attempts never lose one; the best score is raised under a condition on the score it read.
 */
export async function updateQuiz(ctx: TutorialWriteContext, input: QuizInput): Promise<TutorialProgressView> {
  if (input.score < 0 || input.score > input.maxScore) {
    throw new ValidationError([{ field: 'body.score', message: 'Score must be between 0 and maxScore', code: 'out_of_range' }]);
  }
  const requestHash = fingerprint({ op: 'tutorial.quiz', tutorialId: ctx.tutorialId, userId: ctx.userId, input });
  const key = tutorialQuizKey(ctx.tenantId, ctx.userId, ctx.tutorialId, input.quizId);
  const now = ctx.now.toISOString();
  return writeTutorial(ctx, requestHash, {
    plan: (snapshot) => {
      const old = snapshot.get(itemId(key));
      if (!old && countOf(snapshot, 'QZ#') >= TUTORIAL_LIMITS.quizzes) {
        throw new ValidationError([{ field: 'body.quizId', message: `A tutorial holds at most ${TUTORIAL_LIMITS.quizzes} quizzes`, code: 'too_many_quizzes' }]);
      }
      const storedMax = old?.maxScore as number | undefined;
      if (storedMax !== undefined && input.score > storedMax) {
        throw new ValidationError([{ field: 'body.score', message: `Score must be between 0 and maxScore (${storedMax}, as first recorded for this quiz)`, code: 'out_of_range' }]);
      }
      const oldScore = old?.score as number | undefined;
      const sets = [
        'entity = :entity',
        'quizId = :quizId',
        'maxScore = if_not_exists(maxScore, :max)',
        'completedAt = :now',
        'updatedAt = :now',
        'createdAt = if_not_exists(createdAt, :now)',
        input.passed ? 'passed = :true' : 'passed = if_not_exists(passed, :false)',
      ];
      const values: Record<string, unknown> = { ':entity': 'tutorialQuiz', ':quizId': input.quizId, ':max': input.maxScore, ':now': now, ':one': 1, [input.passed ? ':true' : ':false']: input.passed };
      const conditions: string[] = [];
      raiseMaximum('score', oldScore, input.score, { sets, conditions, values });
      const passedNow = input.passed && old?.passed !== true;
      if (passedNow) {
        // Passed once: a concurrent attempt that passed first makes this one re-plan.
        conditions.push('(attribute_not_exists(passed) OR passed = :notPassed)');
        values[':notPassed'] = false;
      }
      const next = {
        ...old,
        ...key,
        quizId: input.quizId,
        maxScore: (old?.maxScore as number | undefined) ?? input.maxScore,
        score: Math.max(oldScore ?? input.score, input.score),
        passed: old?.passed === true || input.passed,
        attempts: ((old?.attempts as number | undefined) ?? 0) + 1,
        completedAt: now,
      };
      const activity = record(ctx, 'tutorial.quiz', requestHash, {
        itemId: input.quizId,
        score: input.score,
        maxScore: input.maxScore,
        passed: input.passed,
        itemCompleted: passedNow,
      });
      return {
        items: [
          activityPut(activity),
          {
            Update: {
              TableName: tableName(),
              Key: key,
              UpdateExpression: `SET ${sets.join(', ')} ADD attempts :one`,
              ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
              ExpressionAttributeValues: values,
            },
          },
          // A new quiz that is not passed makes the certificate unreachable until it is.
          ...(old === undefined && !input.passed ? [revisionBump(ctx)] : []),
        ],
        activityIndex: 0,
        result: tutorialView(ctx.tutorialId, ctx.userId, stateOf(new Map(snapshot).set(itemId(key), next))),
      };
    },
  });
}

/**
 * `POST …/complete`: 404 without progress, 400 when not eligible, else the certificate is earned and
 * the percentage shows 100. Eligibility is judged on the snapshot; the write touches only the summary.
 */
export async function completeTutorial(ctx: TutorialWriteContext, links: CertificateLinkContext): Promise<TutorialProgressWithCertificate> {
  const requestHash = fingerprint({ op: 'tutorial.complete', tutorialId: ctx.tutorialId, userId: ctx.userId });
  const key = tutorialSummaryKey(ctx.tenantId, ctx.userId, ctx.tutorialId);
  const now = ctx.now.toISOString();
  // Eligibility was judged on every chapter and quiz: a lost race on the revision re-reads them all.
  const view = await writeTutorial(ctx, requestHash, {
    rereadOnConflict: true,
    plan: (snapshot) => {
      const state = stateOf(snapshot);
      if (!hasProgress(state)) throw new NotFoundError('No progress found for this tutorial');
      if (!tutorialView(ctx.tutorialId, ctx.userId, state).certificateEligible) throw new NotEligibleError();
      const firstTime = state.summary?.certificateEarned !== true;
      const summary = snapshot.get(itemId(key));
      const rev = summary?.rev as number | undefined;
      const conditions = [rev === undefined ? 'attribute_not_exists(rev)' : 'rev = :rev'];
      if (firstTime) conditions.push('(attribute_not_exists(certificateEarned) OR certificateEarned = :false)');
      const next = { ...summary, ...key, certificateEarned: true, completedAt: now };
      return {
        items: [
          activityPut(record(ctx, 'tutorial.complete', requestHash, { contentCompleted: firstTime })),
          {
            Update: {
              TableName: tableName(),
              Key: key,
              UpdateExpression: 'SET entity = :entity, certificateEarned = :true, certificateEarnedAt = if_not_exists(certificateEarnedAt, :now), completedAt = :now, updatedAt = :now',
              ConditionExpression: conditions.join(' AND '),
              ExpressionAttributeValues: { ':entity': 'tutorialSummary', ':true': true, ':now': now, ...(rev !== undefined ? { ':rev': rev } : {}), ...(firstTime ? { ':false': false } : {}) },
            },
          },
        ],
        activityIndex: 0,
        result: tutorialView(ctx.tutorialId, ctx.userId, stateOf(new Map(snapshot).set(itemId(key), next))),
      };
    },
  });
  // Issue 23: the certificate, issued after the commit and exactly once per learner and tutorial — a
  // replayed or repeated `complete` (or one after a reset) finds the first and answers with it.
  const certificate = await ensureCertificate(tutorialCertificateInput(ctx.tenantId, ctx.userId, ctx.tutorialId, ctx.now.toISOString(), ctx.timeZone));
  return withCertificate(view, certificate, links);
}

/**
 * `DELETE …/:tutorialId`: removes the learner's chapters, quizzes and certificate for the tutorial in
 * one transaction with the reset's activity record (the limits keep a tutorial at ≤ 99 items). Each
 * delete is conditioned on the item being unchanged since the read, so a write that lands in between
 * makes the reset re-read and delete it too. The activity ledger is append-only (streaks and points
 * already counted stay true), so the reset is itself recorded there.
 */
export async function resetTutorial(ctx: TutorialWriteContext): Promise<{ success: true; message: string }> {
  const requestHash = fingerprint({ op: 'tutorial.reset', tutorialId: ctx.tutorialId, userId: ctx.userId });
  const reread = () => readSnapshot(ctx.tenantId, ctx.userId, ctx.tutorialId);
  await runProgressWrite({
    snapshot: await reread(),
    requestHash,
    reread,
    onReplay: () => undefined,
    plan: (snapshot) => ({
      items: [
        activityPut(record(ctx, 'tutorial.reset', requestHash)),
        ...[...snapshot.values()].map((item) => ({
          Delete: {
            TableName: tableName(),
            Key: { pk: item.pk as string, sk: item.sk as string },
            ConditionExpression: item.updatedAt === undefined ? 'attribute_not_exists(updatedAt)' : 'updatedAt = :at',
            ...(item.updatedAt === undefined ? {} : { ExpressionAttributeValues: { ':at': item.updatedAt } }),
          },
        })),
      ],
      activityIndex: 0,
      result: undefined,
    }),
  });
  return { success: true, message: 'Progress reset successfully' };
}

/**
 * The summary's revision, bumped by every write that can make the certificate unreachable (a chapter
 * un-completed, a larger total, a new unpassed quiz); `complete` is conditioned on it, so a certificate
 * is never granted on a snapshot such a write has since invalidated. Ordinary progress never touches it.
 */
function revisionBump(ctx: TutorialWriteContext) {
  return {
    Update: {
      TableName: tableName(),
      Key: tutorialSummaryKey(ctx.tenantId, ctx.userId, ctx.tutorialId),
      UpdateExpression: 'SET entity = :summaryEntity ADD rev :one',
      ExpressionAttributeValues: { ':summaryEntity': 'tutorialSummary', ':one': 1 },
    },
  };
}
