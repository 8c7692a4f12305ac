import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { documentClient, setDocumentClient } from '../../shared/db/client.js';
import { ledgerOf, member, unlimitedProgressApi } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

// Fault injection around the engine's transaction: AWS cancels transactions with TransactionConflict
// (DynamoDB Local never does), and a write can succeed while its response is lost (timeout), so the
// client retries. Neither may lose or double-count progress.
describe('progress writes under injected faults', () => {
  const real = documentClient();
  afterEach(() => setDocumentClient(real));

  function inject(fault: (call: number, send: () => Promise<unknown>) => Promise<unknown>) {
    let transactions = 0;
    setDocumentClient(
      new Proxy(real, {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: { constructor: { name: string } }) => {
            if (command.constructor.name !== 'TransactWriteCommand') return target.send(command as never);
            transactions += 1;
            return fault(transactions, () => target.send(command as never));
          };
        },
      }),
    );
    return () => transactions;
  }

  const conflict = () => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
  const chapterPath = (id: string) => `/v1/tutorials/progress/${id}/chapter`;

  it('re-sends a transaction AWS cancelled for a concurrent transaction and applies it once', async () => {
    const learner = member(uniqueTenant());
    const id = `t-${randomUUID().slice(0, 8)}`;
    const transactions = inject(async (call, send) => {
      if (call <= 2) throw conflict();
      return send();
    });
    const response = await unlimitedProgressApi({ method: 'POST', path: chapterPath(id), token: learner.token, body: { chapterId: 'c1', watchTime: 90, completed: true, totalChapters: 2 } });
    expect(response.status).toBe(200);
    expect(transactions()).toBe(3);
    setDocumentClient(real);
    const ledger = await ledgerOf(learner.tenantId, learner.userId);
    expect(ledger.map((r) => r.seconds)).toEqual([90]);
  });

  it('answers 409 (never 500) when the conflict persists, and writes nothing', async () => {
    const learner = member(uniqueTenant());
    const id = `t-${randomUUID().slice(0, 8)}`;
    inject(async () => {
      throw conflict();
    });
    const response = await unlimitedProgressApi({ method: 'POST', path: chapterPath(id), token: learner.token, body: { chapterId: 'c1', watchTime: 10 } });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CONFLICT');
    setDocumentClient(real);
    const read = await unlimitedProgressApi({ method: 'GET', path: `/v1/tutorials/progress/${id}`, token: learner.token });
    expect(read.body.chapterProgress).toEqual([]);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toEqual([]);
  });

  it('counts a write whose response was lost once when the client retries it with its Idempotency-Key', async () => {
    const learner = member(uniqueTenant());
    const id = `t-${randomUUID().slice(0, 8)}`;
    inject(async (call, send) => {
      const result = await send();
      if (call === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return result;
    });
    const headers = { 'idempotency-key': `retry-${randomUUID()}` };
    const body = { quizId: 'q1', score: 7, maxScore: 10, passed: true };
    const lost = await unlimitedProgressApi({ method: 'POST', path: `/v1/tutorials/progress/${id}/quiz`, token: learner.token, body, headers });
    expect(lost.status).toBe(500);
    const retried = await unlimitedProgressApi({ method: 'POST', path: `/v1/tutorials/progress/${id}/quiz`, token: learner.token, body, headers });
    expect(retried.status).toBe(200);
    expect(retried.body.quizScores[0]).toMatchObject({ score: 7, attempts: 1, passed: true });
    setDocumentClient(real);
    expect(await ledgerOf(learner.tenantId, learner.userId)).toHaveLength(1);
  });
});
