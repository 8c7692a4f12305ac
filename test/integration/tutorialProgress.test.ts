import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ledgerOf, member, progressApi, storeMember, unlimitedProgressApi, type Learner } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

const path = (tutorialId: string, suffix = '') => `/v1/tutorials/progress/${tutorialId}${suffix}`;
const tutorial = () => `tut-${randomUUID().slice(0, 8)}`;

async function chapter(who: Learner, tutorialId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return unlimitedProgressApi({ method: 'POST', path: path(tutorialId, '/chapter'), token: who.token, body, headers });
}
async function quiz(who: Learner, tutorialId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return unlimitedProgressApi({ method: 'POST', path: path(tutorialId, '/quiz'), token: who.token, body, headers });
}
async function progress(who: Learner, tutorialId: string, query = '') {
  return unlimitedProgressApi({ method: 'GET', path: `${path(tutorialId)}${query}`, token: who.token });
}

describe('seed 001 integration test, verbatim over HTTP', () => {
  it('goes 0 → 50 → 100 and eligible → certificate earned', async () => {
    const learner = member(uniqueTenant());
    const id = 'test-tutorial';
    let response = await progressApi({ method: 'GET', path: path(id), token: learner.token });
    expect(response.status).toBe(200);
    expect(response.body.completionPercentage).toBe(0);

    response = await progressApi({ method: 'POST', path: path(id, '/chapter'), token: learner.token, body: { chapterId: 'chapter-1', watchTime: 300, completed: true, totalChapters: 2 } });
    expect(response.body.completionPercentage).toBe(50);

    response = await progressApi({ method: 'POST', path: path(id, '/chapter'), token: learner.token, body: { chapterId: 'chapter-2', watchTime: 250, completed: true, totalChapters: 2 } });
    expect(response.body.completionPercentage).toBe(100);
    expect(response.body.certificateEligible).toBe(true);

    response = await progressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token });
    expect(response.body.certificateEarned).toBe(true);
  });

  it('returns the default progress shape for a tutorial without progress', async () => {
    const learner = member(uniqueTenant());
    const response = await progress(learner, 'fresh-one');
    expect(response.body).toEqual({
      tutorialId: 'fresh-one',
      userId: learner.userId,
      completionPercentage: 0,
      chaptersCompleted: 0,
      totalChapters: 0,
      chapterProgress: [],
      quizScores: [],
      certificateEligible: false,
      certificateEarned: false,
      totalWatchTime: 0,
      lastWatchedAt: null,
      // Issue 23's added fields: no certificate yet.
      certificateId: null,
      certificateUrl: null,
    });
  });
});

describe('chapter progress rules', () => {
  it('never lowers a chapter\'s watch time', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 300 });
    const response = await chapter(learner, id, { chapterId: 'c1', watchTime: 120 });
    expect(response.body.chapterProgress[0].watchTime).toBe(300);
    expect(response.body.totalWatchTime).toBe(300);
    expect((await progress(learner, id)).body.totalWatchTime).toBe(300);
  });

  it('defaults lastPosition to watchTime and keeps a given lastPosition', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    let response = await chapter(learner, id, { chapterId: 'c1', watchTime: 90 });
    expect(response.body.chapterProgress[0].lastPosition).toBe(90);
    response = await chapter(learner, id, { chapterId: 'c1', watchTime: 100, lastPosition: 42 });
    expect(response.body.chapterProgress[0].lastPosition).toBe(42);
  });

  it('only ever grows totalChapters', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 4 });
    const response = await chapter(learner, id, { chapterId: 'c2', watchTime: 10, completed: true, totalChapters: 2 });
    expect(response.body.totalChapters).toBe(4);
    expect(response.body.completionPercentage).toBe(50);
  });

  it('floors the percentage, caps it at 100 and shows 0 while the total is 0', async () => {
    const learner = member(uniqueTenant());
    const floored = tutorial();
    const first = await chapter(learner, floored, { chapterId: 'c1', watchTime: 1, completed: true, totalChapters: 7 });
    expect(first.body.completionPercentage).toBe(Math.floor(100 / 7));

    const capped = tutorial();
    await chapter(learner, capped, { chapterId: 'a', watchTime: 1, completed: true, totalChapters: 1 });
    const over = await chapter(learner, capped, { chapterId: 'b', watchTime: 1, completed: true });
    expect(over.body.chaptersCompleted).toBe(2);
    expect(over.body.completionPercentage).toBe(100);

    const noTotal = tutorial();
    const zero = await chapter(learner, noTotal, { chapterId: 'a', watchTime: 1, completed: true });
    expect(zero.body.completionPercentage).toBe(0);
  });

  it('takes completed as the last write says (the seed sets it on every update)', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 60, completed: true, totalChapters: 2 });
    const response = await chapter(learner, id, { chapterId: 'c1', watchTime: 70 });
    expect(response.body.chaptersCompleted).toBe(0);
    expect(response.body.completionPercentage).toBe(0);
  });

  it('refuses bad input with the offending field and writes nothing', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    for (const body of [
      { chapterId: 'c1', watchTime: -1 },
      { chapterId: 'c1', watchTime: 1.5 },
      { chapterId: 'c 1', watchTime: 1 },
      { chapterId: 'c1' },
      { chapterId: 'c1', watchTime: 1, totalChapters: -2 },
      { chapterId: 'c1', watchTime: 1, extra: true },
    ]) {
      const response = await chapter(learner, id, body);
      expect(response.status).toBe(400);
      expect(typeof response.body.error).toBe('string');
      expect(response.body.code).toBe('VALIDATION_ERROR');
    }
    expect((await progress(learner, id)).body.chapterProgress).toEqual([]);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toEqual([]);
  });
});

describe('quiz rules', () => {
  it('refuses a score above maxScore or below 0 with 400 and records nothing', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const above = await quiz(learner, id, { quizId: 'q1', score: 11, maxScore: 10, passed: true });
    expect(above.status).toBe(400);
    expect(above.body.error).toContain('Score must be between 0 and maxScore');
    const below = await quiz(learner, id, { quizId: 'q1', score: -1, maxScore: 10, passed: false });
    expect(below.status).toBe(400);
    expect((await progress(learner, id)).body.quizScores).toEqual([]);
  });

  it('keeps the best score, keeps passed once passed, and counts attempts', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await quiz(learner, id, { quizId: 'q1', score: 8, maxScore: 10, passed: true });
    await quiz(learner, id, { quizId: 'q1', score: 5, maxScore: 10, passed: false });
    const response = await quiz(learner, id, { quizId: 'q1', score: 6, maxScore: 10, passed: false });
    expect(response.body.quizScores).toEqual([expect.objectContaining({ quizId: 'q1', score: 8, maxScore: 10, passed: true, attempts: 3 })]);
    expect(Date.parse(response.body.quizScores[0].completedAt)).not.toBeNaN();
  });

  it('makes the certificate depend on every recorded quiz being passed', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 1 });
    let response = await quiz(learner, id, { quizId: 'q1', score: 2, maxScore: 10, passed: false });
    expect(response.body.completionPercentage).toBe(100);
    expect(response.body.certificateEligible).toBe(false);
    const refused = await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('Not eligible for certificate');
    response = await quiz(learner, id, { quizId: 'q1', score: 9, maxScore: 10, passed: true });
    expect(response.body.certificateEligible).toBe(true);
  });
});

describe('completing a tutorial', () => {
  it('is 404 without any progress', async () => {
    const learner = member(uniqueTenant());
    const response = await unlimitedProgressApi({ method: 'POST', path: path(tutorial(), '/complete'), token: learner.token, body: {} });
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('No progress found for this tutorial');
  });

  it('is refused at 94% and allowed at 95% or more', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    // 16 of 17 chapters = 94.1% → 94; 95% needs a larger share.
    for (let i = 1; i <= 16; i++) await chapter(learner, id, { chapterId: `c${i}`, watchTime: 5, completed: true, totalChapters: 17 });
    const at94 = await progress(learner, id);
    expect(at94.body.completionPercentage).toBe(94);
    expect(at94.body.certificateEligible).toBe(false);
    const refused = await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    expect(refused.status).toBe(400);
    expect((await progress(learner, id)).body.certificateEarned).toBe(false);

    const other = tutorial();
    for (let i = 1; i <= 19; i++) await chapter(learner, other, { chapterId: `c${i}`, watchTime: 5, completed: true, totalChapters: 20 });
    const done = await unlimitedProgressApi({ method: 'POST', path: path(other, '/complete'), token: learner.token, body: {} });
    expect(done.status).toBe(200);
    expect(done.body.certificateEarned).toBe(true);
    expect(done.body.completionPercentage).toBe(100);
  });

  it('shows 100% after completion until a later chapter write recalculates it', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    for (let i = 1; i <= 19; i++) await chapter(learner, id, { chapterId: `c${i}`, watchTime: 5, completed: true, totalChapters: 20 });
    await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    expect((await progress(learner, id)).body.completionPercentage).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await chapter(learner, id, { chapterId: 'c1', watchTime: 6, completed: true });
    expect(later.body.completionPercentage).toBe(95);
    expect(later.body.certificateEarned).toBe(true);
  });
});

describe('resetting a tutorial', () => {
  it('deletes chapters, quizzes and the certificate, and records the reset in the ledger', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 30, completed: true, totalChapters: 1 });
    await quiz(learner, id, { quizId: 'q1', score: 3, maxScore: 3, passed: true });
    await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    const reset = await progressApi({ method: 'DELETE', path: path(id), token: learner.token });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ success: true, message: 'Progress reset successfully' });
    const after = await progress(learner, id);
    expect(after.body).toMatchObject({ completionPercentage: 0, chapterProgress: [], quizScores: [], certificateEarned: false, totalWatchTime: 0, lastWatchedAt: null });
    const sources = (await ledgerOf(learner.tenantId, learner.userId)).map((r) => r.source).sort();
    expect(sources).toEqual(['tutorial.chapter', 'tutorial.complete', 'tutorial.quiz', 'tutorial.reset']);
    expect((await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} })).status).toBe(404);
  });
});

describe('DynamoDB requests per call (the limiter\'s UpdateItem aside)', () => {
  it('GET = 1 Query; chapter, quiz and complete = 1 Query + 1 BatchGet (gamification: STATS and INDEX) + 1 TransactWrite each; the first complete also issues and renders the certificate', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const read = await progressApi({ method: 'GET', path: path(id), token: learner.token });
    expect(read.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1 });
    const writes = [
      await progressApi({ method: 'POST', path: path(id, '/chapter'), token: learner.token, body: { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 1 } }),
      await progressApi({ method: 'POST', path: path(id, '/chapter'), token: learner.token, body: { chapterId: 'c1', watchTime: 5, completed: true } }),
      await progressApi({ method: 'POST', path: path(id, '/quiz'), token: learner.token, body: { quizId: 'q', score: 1, maxScore: 2, passed: true } }),
      await progressApi({ method: 'POST', path: path(id, '/quiz'), token: learner.token, body: { quizId: 'q', score: 0, maxScore: 2, passed: false } }),
    ];
    for (const write of writes) {
      expect(write.status).toBe(200);
      expect(write.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    }
    // Issue 23: after its commit, the first complete issues the certificate (+1 BatchGet: profile, member,
    // organization; +1 TransactWrite) and renders its PDF for certificateUrl (+1 UpdateItem: renderedAt).
    const first = await progressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    expect(first.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2, QueryCommand: 1, BatchGetItemCommand: 2, TransactWriteItemsCommand: 2 });
    // A repeated complete: its own write, then the issue finds the certificate (the Put is cancelled), already rendered.
    const repeat = await progressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    expect(repeat.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, BatchGetItemCommand: 2, TransactWriteItemsCommand: 2 });
    expect(repeat.body.certificateId).toBe(first.body.certificateId);
    // An earned GET: the Query and the certificate's GetItem.
    const earned = await progressApi({ method: 'GET', path: path(id), token: learner.token });
    expect(earned.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, GetItemCommand: 1 });
  });
});

describe('concurrent writers', () => {
  it('50 concurrent chapter updates of one learner keep exact counts and watch time', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const watch = Array.from({ length: 50 }, (_, i) => 60 + i * 7);
    const responses = await Promise.all(watch.map((w, i) => chapter(learner, id, { chapterId: `c${i}`, watchTime: w, completed: true, totalChapters: 50 })));
    expect(responses.map((r) => r.status)).toEqual(watch.map(() => 200));
    const final = await progress(learner, id);
    expect(final.body.chaptersCompleted).toBe(50);
    expect(final.body.totalWatchTime).toBe(watch.reduce((a, b) => a + b, 0));
    expect(final.body.completionPercentage).toBe(100);
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger).toHaveLength(50);
    expect(ledger.reduce((sum, r) => sum + r.seconds, 0)).toBe(final.body.totalWatchTime);
  });

  it('20 concurrent attempts of one quiz keep exact attempts, best score and passed', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const scores = Array.from({ length: 20 }, (_, i) => (i * 7) % 19);
    const responses = await Promise.all(scores.map((score) => quiz(learner, id, { quizId: 'final', score, maxScore: 20, passed: score >= 15 })));
    expect(responses.map((r) => r.status)).toEqual(scores.map(() => 200));
    const [stored] = (await progress(learner, id)).body.quizScores;
    expect(stored.attempts).toBe(20);
    expect(stored.score).toBe(Math.max(...scores));
    expect(stored.passed).toBe(scores.some((s) => s >= 15));
  });

  it('concurrent raises of the same chapter keep the largest watch time and count each second once', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const watch = [100, 400, 250, 399, 50, 401, 300, 20];
    await Promise.all(watch.map((w) => chapter(learner, id, { chapterId: 'same', watchTime: w })));
    const final = await progress(learner, id);
    expect(final.body.chapterProgress[0].watchTime).toBe(Math.max(...watch));
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger).toHaveLength(watch.length);
    expect(ledger.reduce((sum, r) => sum + r.seconds, 0)).toBe(Math.max(...watch));
  });
});

describe('event ids', () => {
  it('applies a write replayed 1–10 times with one Idempotency-Key exactly once', async () => {
    const tenantId = uniqueTenant();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.boolean(), async (times, concurrent) => {
        const learner = member(tenantId);
        const id = tutorial();
        const key = `evt-${randomUUID()}`;
        const send = () => quiz(learner, id, { quizId: 'q1', score: 4, maxScore: 5, passed: true }, { 'idempotency-key': key });
        const responses = concurrent ? await Promise.all(Array.from({ length: times }, send)) : [];
        if (!concurrent) for (let i = 0; i < times; i++) responses.push(await send());
        expect(responses.every((r) => r.status === 200)).toBe(true);
        const [stored] = (await progress(learner, id)).body.quizScores;
        expect(stored.attempts).toBe(1);
        expect((await ledgerOf(tenantId, learner.userId)).filter((r) => r.eventId === key)).toHaveLength(1);
      }),
      { numRuns: 12 },
    );
  });

  it('counts requests without a key separately (two identical attempts are two attempts)', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await quiz(learner, id, { quizId: 'q1', score: 1, maxScore: 5, passed: false });
    const second = await quiz(learner, id, { quizId: 'q1', score: 1, maxScore: 5, passed: false });
    expect(second.body.quizScores[0].attempts).toBe(2);
  });

  it('refuses a key reused for a different request with 409 and changes nothing', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    const headers = { 'idempotency-key': `k-${randomUUID()}` };
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10 }, headers);
    const reused = await chapter(learner, id, { chapterId: 'c2', watchTime: 99 }, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.field).toBe('headers.idempotency-key');
    expect((await progress(learner, id)).body.chapterProgress.map((c: { chapterId: string }) => c.chapterId)).toEqual(['c1']);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const learner = member(uniqueTenant());
    const response = await chapter(learner, tutorial(), { chapterId: 'c1', watchTime: 1 }, { 'idempotency-key': 'has spaces' });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('headers.idempotency-key');
  });
});

describe('ownership and tenancy', () => {
  it('lets a learner act only on their own progress (userId of another → 403)', async () => {
    const tenantId = uniqueTenant();
    const [owner, other] = [member(tenantId), member(tenantId)];
    const id = tutorial();
    await chapter(owner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 2 });
    const read = await progress(other, id, `?userId=${owner.userId}`);
    expect(read.status).toBe(403);
    const write = await chapter(other, id, { userId: owner.userId, chapterId: 'c2', watchTime: 10, completed: true });
    expect(write.status).toBe(403);
    const reset = await unlimitedProgressApi({ method: 'DELETE', path: `${path(id)}?userId=${owner.userId}`, token: other.token });
    expect(reset.status).toBe(403);
    expect((await progress(owner, id)).body.chaptersCompleted).toBe(1);
    // The other learner's own view of the same tutorial id is their own (empty) progress.
    expect((await progress(other, id)).body.chaptersCompleted).toBe(0);
  });

  it('lets trainers and org admins act for members of their tenant only', async () => {
    const tenantId = uniqueTenant();
    const learner = member(tenantId);
    await storeMember(tenantId, learner.userId);
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 4 });
    for (const role of ['trainer', 'org_admin'] as const) {
      const supervisor = member(tenantId, [role]);
      const read = await progress(supervisor, id, `?userId=${learner.userId}`);
      expect(read.status).toBe(200);
      expect(read.body.userId).toBe(learner.userId);
      expect(read.body.chaptersCompleted).toBe(1);
    }
    const trainer = member(tenantId, ['trainer']);
    const write = await chapter(trainer, id, { userId: learner.userId, chapterId: 'c2', watchTime: 5, completed: true });
    expect(write.status).toBe(200);
    expect(write.body.chaptersCompleted).toBe(2);
    const ledger = await ledgerOf(tenantId, learner.userId);
    expect(ledger.find((r) => r.itemId === 'c2')?.actorId).toBe(trainer.userId);
    const instructor = member(tenantId, ['instructor']);
    expect((await progress(instructor, id, `?userId=${learner.userId}`)).status).toBe(403);
    expect((await progress(trainer, id, `?userId=${randomUUID()}`)).status).toBe(404);
  });

  it('never reaches another tenant\'s learner', async () => {
    const home = uniqueTenant();
    const learner = member(home);
    await storeMember(home, learner.userId);
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 1 });
    const foreignTrainer = member(uniqueTenant(), ['trainer', 'org_admin']);
    expect((await progress(foreignTrainer, id, `?userId=${learner.userId}`)).status).toBe(404);
    const write = await chapter(foreignTrainer, id, { userId: learner.userId, chapterId: 'c9', watchTime: 1 });
    expect(write.status).toBe(404);
    expect((await progress(learner, id)).body.chapterProgress).toHaveLength(1);
  });

  it('requires a token on every route (401)', async () => {
    const id = tutorial();
    for (const [method, suffix] of [['GET', ''], ['POST', '/chapter'], ['POST', '/quiz'], ['POST', '/complete'], ['DELETE', '']] as const) {
      const response = await progressApi({ method, path: path(id, suffix), body: method === 'POST' ? {} : undefined });
      expect(response.status).toBe(401);
      expect(typeof response.body.error).toBe('string');
    }
  });
});

describe('races the engine must win', () => {
  it('never grants a certificate on a snapshot an unpassed quiz has invalidated', async () => {
    const { documentClient, setDocumentClient } = await import('../../shared/db/client.js');
    const real = documentClient();
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 10, completed: true, totalChapters: 1 });
    // Interleave: the quiz commits after `complete` read its snapshot and before its transaction.
    let armed = true;
    setDocumentClient(
      new Proxy(real, {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: { constructor: { name: string } }) => {
            if (armed && command.constructor.name === 'TransactWriteCommand') {
              armed = false;
              const failed = await quiz(learner, id, { quizId: 'late', score: 0, maxScore: 5, passed: false });
              expect(failed.body.certificateEligible).toBe(false);
            }
            return target.send(command as never);
          };
        },
      }),
    );
    try {
      const complete = await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
      expect(complete.status).toBe(400);
    } finally {
      setDocumentClient(real);
    }
    expect((await progress(learner, id)).body).toMatchObject({ certificateEarned: false, certificateEligible: false });
  });

  it('flags a chapter completion, a quiz pass and a certificate in the ledger once under concurrent duplicates', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await chapter(learner, id, { chapterId: 'c1', watchTime: 500 });
    await quiz(learner, id, { quizId: 'q1', score: 9, maxScore: 10, passed: false });
    await Promise.all(Array.from({ length: 10 }, () => chapter(learner, id, { chapterId: 'c1', watchTime: 100, completed: true, totalChapters: 1 })));
    await Promise.all(Array.from({ length: 10 }, () => quiz(learner, id, { quizId: 'q1', score: 7, maxScore: 10, passed: true })));
    const completes = await Promise.all(Array.from({ length: 10 }, () => unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} })));
    expect(completes.every((r) => r.status === 200)).toBe(true);
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger.filter((r) => r.source === 'tutorial.chapter' && r.itemCompleted)).toHaveLength(1);
    expect(ledger.filter((r) => r.source === 'tutorial.quiz' && r.itemCompleted)).toHaveLength(1);
    expect(ledger.filter((r) => r.contentCompleted)).toHaveLength(1);
  });

  it('keeps each of two racing raises of one quiz within 2 + 1 requests', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await quiz(learner, id, { quizId: 'q', score: 1, maxScore: 10, passed: false });
    const [a, b] = await Promise.all([5, 6].map((score) => progressApi({ method: 'POST', path: path(id, '/quiz'), token: learner.token, body: { quizId: 'q', score, maxScore: 10, passed: false } })));
    for (const response of [a, b]) {
      expect(response?.status).toBe(200);
      expect(response?.dynamoDbByCommand.QueryCommand).toBe(1);
      expect(response?.dynamoDbByCommand.TransactWriteItemsCommand).toBeLessThanOrEqual(2);
    }
    expect((await progress(learner, id)).body.quizScores[0]).toMatchObject({ score: 6, attempts: 3 });
  });

  it('validates a score against the max score first recorded for the quiz', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await quiz(learner, id, { quizId: 'q', score: 8, maxScore: 10, passed: true });
    const response = await quiz(learner, id, { quizId: 'q', score: 50, maxScore: 100, passed: true });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('body.score');
    expect((await progress(learner, id)).body.quizScores[0]).toMatchObject({ score: 8, maxScore: 10, attempts: 1 });
  });
});

describe('tutorial limits', () => {
  it('holds 75 chapters and 23 quizzes, refuses the 76th chapter, and resets a full tutorial atomically', async () => {
    const learner = member(uniqueTenant());
    const id = tutorial();
    await Promise.all(Array.from({ length: 75 }, (_, i) => chapter(learner, id, { chapterId: `c${i}`, watchTime: 1, completed: true, totalChapters: 75 })));
    await Promise.all(Array.from({ length: 23 }, (_, i) => quiz(learner, id, { quizId: `q${i}`, score: 1, maxScore: 1, passed: true })));
    const over = await chapter(learner, id, { chapterId: 'one-more', watchTime: 1 });
    expect(over.status).toBe(400);
    expect(over.body.field).toBe('body.chapterId');
    await unlimitedProgressApi({ method: 'POST', path: path(id, '/complete'), token: learner.token, body: {} });
    const reset = await unlimitedProgressApi({ method: 'DELETE', path: path(id), token: learner.token });
    expect(reset.status).toBe(200);
    expect((await progress(learner, id)).body).toMatchObject({ chapterProgress: [], quizScores: [], certificateEarned: false });
  });
});
