import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '../../shared/db/commands.js';
import { installLocalEnrollmentSaga, type LocalExecution, type LocalSagaOptions, type LocalSagaRunner } from '../../bin/local/localStateMachine.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, notificationsPartition } from '../../shared/db/keys.js';
import { readEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { sagaExecutionName } from '../../shared/enrollment/sagaExecutionName.js';
import { enrollmentSagaStatus, startEnrollmentSaga } from '../../shared/enrollment/sagaStarter.js';
import type { SagaState } from '../../shared/enrollment/sagaState.js';
import { createCoupon, readCoupon } from '../../shared/payments/couponRepository.js';
import { readRedemption } from '../../shared/payments/couponRedemptions.js';
import { LocalPaymentProvider } from '../../shared/payments/localPaymentProvider.js';
import { readPaymentIntent } from '../../shared/payments/paymentIntentRepository.js';
import { setPaymentProvider } from '../../shared/payments/providerFactory.js';
import { storeCourseRecord } from '../support/catalog.js';
import { uniqueTenant } from '../support/tokens.js';

// The enrollment saga run from its CDK definition by aws-local-stepfunctions (DESIGN §8, §12),
// with faults injected at each step. The invariant after every run: charged and enrolled, or not
// enrolled and not charged (or refunded) — asserted on the provider's and the table's state.

const PRICE_CENTS = 4999;

interface Purchase {
  tenantId: string;
  userId: string;
  courseId: string;
}

async function paidCourse(fields: { priceCents?: number } = {}): Promise<Purchase> {
  const tenantId = uniqueTenant('saga');
  const courseId = randomUUID();
  await storeCourseRecord(tenantId, courseId, { priceCents: fields.priceCents ?? PRICE_CENTS, currency: 'USD', status: 'published' });
  return { tenantId, userId: `learner-${randomUUID().slice(0, 8)}`, courseId };
}

async function coupon(tenantId: string, code: string, fields: { percent?: number; maxRedemptions?: number } = {}): Promise<void> {
  const now = new Date().toISOString();
  await createCoupon({
    tenantId, code, kind: 'percent', value: fields.percent ?? 20, redemptionsCount: 0, courseIds: [], active: true, createdBy: 'admin', createdAt: now, updatedAt: now,
    ...(fields.maxRedemptions !== undefined ? { maxRedemptions: fields.maxRedemptions } : {}),
  });
}

async function studentsCount(purchase: Purchase): Promise<number> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: courseKey(purchase.tenantId, purchase.courseId), ConsistentRead: true }));
  return Number(result.Item?.studentsCount ?? 0);
}

let provider: LocalPaymentProvider;
let runner: LocalSagaRunner;

async function freshRunner(options: LocalSagaOptions = {}): Promise<void> {
  runner = await installLocalEnrollmentSaga({ retryIntervalMs: 1, authenticationPollMs: 20, ...options });
}

beforeEach(async () => {
  provider = new LocalPaymentProvider();
  setPaymentProvider(provider);
  await freshRunner();
});

afterAll(() => setPaymentProvider(undefined));

/** Starts a purchase and waits for its execution to end. */
async function purchase(p: Purchase, input: { paymentMethod?: string; couponCode?: string; idempotencyKey?: string } = {}): Promise<LocalExecution> {
  const { executionName } = await startEnrollmentSaga({
    ...p,
    idempotencyKey: input.idempotencyKey ?? 'key-1',
    paymentMethod: input.paymentMethod ?? 'pm_card_visa',
    ...(input.couponCode ? { couponCode: input.couponCode } : {}),
    requestedAt: new Date().toISOString(),
  });
  const execution = runner.executions.get(executionName);
  if (!execution) throw new Error('no local execution started');
  await execution.done;
  return execution;
}

const chargesFor = (p: Purchase) => provider.totalCharges({ tenantId: p.tenantId });
const intentsFor = (p: Purchase) => provider.listIntents({ tenantId: p.tenantId });
const refundedFor = (p: Purchase) => intentsFor(p).reduce((sum, intent) => sum + provider.refundsOf(intent.id).reduce((s, r) => s + r.amount, 0), 0);

describe('enrollment saga: the happy path', () => {
  it('charges the price minus the coupon once, enrolls, notifies and records success', async () => {
    const p = await paidCourse();
    await coupon(p.tenantId, 'SAVE20', { percent: 20 });
    const execution = await purchase(p, { couponCode: 'SAVE20' });

    expect(execution.outcome).toBe('succeeded');
    const expectedAmount = PRICE_CENTS - Math.round(PRICE_CENTS * 0.2);
    expect(intentsFor(p).map((i) => i.amount)).toEqual([expectedAmount]);
    expect(chargesFor(p)).toBe(1);
    const enrollment = await readEnrollment(p.tenantId, p.userId, p.courseId);
    expect(enrollment).toMatchObject({ status: 'active', source: 'paid', amountPaidCents: expectedAmount, couponCode: 'SAVE20' });
    expect(await studentsCount(p)).toBe(1);
    expect((await readCoupon(p.tenantId, 'SAVE20'))?.redemptionsCount).toBe(1);
    const status = await enrollmentSagaStatus(p.tenantId, execution.name);
    expect(status?.status).toBe('succeeded');
    expect(status?.enrollment?.enrollmentId).toBe(enrollment?.enrollmentId);
    // The payment shows in the learner's history as a succeeded payment record.
    expect((await readPaymentIntent(p.tenantId, enrollment?.paymentId ?? ''))?.status).toBe('succeeded');
    const notifications = await documentClient().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': notificationsPartition(p.tenantId, p.userId), ':n': 'N#' } }),
    );
    expect((notifications.Items ?? []).map((n) => n.kind).sort()).toEqual(['enrollment_created', 'payment_succeeded']);
    expect(execution.statesEntered).toEqual(['Validate', 'HasCoupon', 'ReserveCoupon', 'Charge', 'ChargeOutcome', 'WriteEnrollment', 'Notify', 'Enrolled']);
  });

  it('keeps each task within its DynamoDB budget', async () => {
    const p = await paidCourse();
    await coupon(p.tenantId, 'BUDGET', { percent: 10 });
    const execution = await purchase(p, { couponCode: 'BUDGET' });
    expect(execution.taskCalls.filter((call) => !call.ok)).toEqual([]);
    const budget = Object.fromEntries(execution.taskCalls.map((call) => [call.task, call.dynamoDb.byCommand]));
    expect(budget).toEqual({
      Validate: { GetItemCommand: 2 },
      ReserveCoupon: { BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 },
      Charge: { TransactWriteItemsCommand: 1, UpdateItemCommand: 2 },
      WriteEnrollment: { TransactWriteItemsCommand: 1 },
      Notify: { TransactWriteItemsCommand: 2 },
    });
  });
});

describe('enrollment saga: one execution per business key', () => {
  it('turns 10 concurrent identical starts into 1 execution, 1 charge and 1 enrollment', async () => {
    const p = await paidCourse();
    const requestedAt = new Date().toISOString();
    const starts = await Promise.all(
      Array.from({ length: 10 }, () => startEnrollmentSaga({ ...p, idempotencyKey: 'same-click', paymentMethod: 'pm_card_visa', requestedAt })),
    );
    expect(starts.filter((s) => s.started)).toHaveLength(1);
    expect(new Set(starts.map((s) => s.executionName)).size).toBe(1);
    await runner.settleAll();

    const executions = [...runner.executions.values()].filter((e) => e.input.tenantId === p.tenantId);
    expect(executions).toHaveLength(1);
    expect(chargesFor(p)).toBe(1);
    expect(await studentsCount(p)).toBe(1);
    expect((await readEnrollment(p.tenantId, p.userId, p.courseId))?.status).toBe('active');
  });

  it('derives the execution name from tenant, user, course and key: valid for Step Functions and distinct per part', () => {
    const name = sagaExecutionName('t', 'u', 'c', 'k');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(sagaExecutionName('t', 'u', 'c', 'k')).toBe(name);
    const variants = [sagaExecutionName('t2', 'u', 'c', 'k'), sagaExecutionName('t', 'u2', 'c', 'k'), sagaExecutionName('t', 'u', 'c2', 'k'), sagaExecutionName('t', 'u', 'c', 'k2'), sagaExecutionName('t|u', '', 'c', 'k')];
    expect(new Set([name, ...variants]).size).toBe(6);
  });

  it('refunds the second of two different purchases that raced to enroll the same learner', async () => {
    const p = await paidCourse();
    const requestedAt = new Date().toISOString();
    // Two different keys (two cards): both pass Validate before either enrolls.
    await Promise.all([
      startEnrollmentSaga({ ...p, idempotencyKey: 'card-a', paymentMethod: 'pm_card_visa', requestedAt }),
      startEnrollmentSaga({ ...p, idempotencyKey: 'card-b', paymentMethod: 'pm_card_mastercard', requestedAt }),
    ]);
    await runner.settleAll();
    const charged = chargesFor(p);
    const refunded = refundedFor(p);
    expect(await studentsCount(p)).toBe(1);
    // Whatever the interleaving: exactly one payment is kept.
    expect(charged * PRICE_CENTS - refunded).toBe(PRICE_CENTS);
  });
});

describe('enrollment saga: faults at each step', () => {
  it('a declined card: not charged, not enrolled, coupon released, PAYMENT_FAILED recorded', async () => {
    const p = await paidCourse();
    await coupon(p.tenantId, 'DECLINE', { maxRedemptions: 1 });
    const execution = await purchase(p, { paymentMethod: 'pm_card_chargeDeclined', couponCode: 'DECLINE' });

    expect(execution.outcome).toBe('failed');
    expect(chargesFor(p)).toBe(0);
    expect(await readEnrollment(p.tenantId, p.userId, p.courseId)).toBeUndefined();
    expect((await readCoupon(p.tenantId, 'DECLINE'))?.redemptionsCount).toBe(0);
    expect(await readRedemption(p.tenantId, 'DECLINE', p.userId)).toBeUndefined();
    expect((await enrollmentSagaStatus(p.tenantId, execution.name))?.error?.code).toBe('PAYMENT_FAILED');
    expect(execution.statesEntered).not.toContain('Refund');
  });

  it('insufficient funds is recorded as PAYMENT_INSUFFICIENT_FUNDS', async () => {
    const p = await paidCourse();
    const execution = await purchase(p, { paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect((await enrollmentSagaStatus(p.tenantId, execution.name))?.error?.code).toBe('PAYMENT_INSUFFICIENT_FUNDS');
    expect(chargesFor(p)).toBe(0);
  });

  it('a provider outage during the charge is retried and then charges exactly once', async () => {
    const p = await paidCourse();
    provider.failNext('confirmIntent');
    const execution = await purchase(p);
    expect(execution.outcome).toBe('succeeded');
    expect(execution.taskCalls.filter((c) => c.task === 'Charge').map((c) => c.ok)).toEqual([false, true]);
    expect(chargesFor(p)).toBe(1);
    expect((await readEnrollment(p.tenantId, p.userId, p.courseId))?.status).toBe('active');
  });

  it('an outage that outlasts the retries: compensated, nothing charged, nothing enrolled', async () => {
    const p = await paidCourse();
    for (let i = 0; i < 4; i++) provider.failNext('confirmIntent');
    const execution = await purchase(p);
    expect(execution.outcome).toBe('failed');
    expect(execution.taskCalls.filter((c) => c.task === 'Charge')).toHaveLength(4);
    expect(execution.statesEntered).toEqual(expect.arrayContaining(['Refund', 'ReleaseCoupon', 'RecordFailure']));
    expect(chargesFor(p)).toBe(0);
    expect(await readEnrollment(p.tenantId, p.userId, p.courseId)).toBeUndefined();
    expect((await enrollmentSagaStatus(p.tenantId, execution.name))?.error?.code).toBe('ENROLLMENT_FAILED');
  });

  it('the enrollment write fails after the charge: refunded in full, coupon released, not enrolled', async () => {
    await freshRunner({ wrap: { WriteEnrollment: () => async () => { throw new Error('injected: table unavailable'); } } });
    const p = await paidCourse();
    await coupon(p.tenantId, 'WRITEFAIL', { maxRedemptions: 3 });
    const execution = await purchase(p, { couponCode: 'WRITEFAIL' });

    expect(execution.outcome).toBe('failed');
    expect(chargesFor(p)).toBe(1);
    const [intent] = intentsFor(p);
    expect(refundedFor(p)).toBe(intent?.amount);
    expect(await readEnrollment(p.tenantId, p.userId, p.courseId)).toBeUndefined();
    expect(await studentsCount(p)).toBe(0);
    expect((await readCoupon(p.tenantId, 'WRITEFAIL'))?.redemptionsCount).toBe(0);
    expect(execution.statesEntered.slice(-5)).toEqual(['Refund', 'EnrolledAfterAll', 'ReleaseCoupon', 'RecordFailure', 'EnrollmentFailed']);
    expect((await readPaymentIntent(p.tenantId, intent?.metadata.paymentId ?? ''))?.status).toBe('refunded');
  });

  it('re-running the compensations changes nothing', async () => {
    await freshRunner({ wrap: { WriteEnrollment: () => async () => { throw new Error('injected'); } } });
    const p = await paidCourse();
    await coupon(p.tenantId, 'RERUN', { maxRedemptions: 3 });
    const execution = await purchase(p, { couponCode: 'RERUN' });
    const refundInput = execution.taskCalls.find((c) => c.task === 'Refund')?.input as SagaState;
    const releaseInput = execution.taskCalls.find((c) => c.task === 'ReleaseCoupon')?.input as SagaState;
    const refundedBefore = refundedFor(p);
    const refundCallsBefore = intentsFor(p).flatMap((i) => provider.refundsOf(i.id)).length;

    for (let i = 0; i < 2; i++) {
      await runner.handlers.Refund(refundInput);
      await runner.handlers.ReleaseCoupon(releaseInput);
    }
    expect(refundedFor(p)).toBe(refundedBefore);
    expect(intentsFor(p).flatMap((i) => provider.refundsOf(i.id))).toHaveLength(refundCallsBefore);
    expect((await readCoupon(p.tenantId, 'RERUN'))?.redemptionsCount).toBe(0);
    expect(chargesFor(p)).toBe(1);
  });

  it('a refund that fails once is retried and refunds exactly once', async () => {
    await freshRunner({ wrap: { WriteEnrollment: () => async () => { throw new Error('injected'); } } });
    const p = await paidCourse();
    provider.failNext('refund');
    const execution = await purchase(p);
    expect(execution.taskCalls.filter((c) => c.task === 'Refund').map((c) => c.ok)).toEqual([false, true]);
    const refunds = intentsFor(p).flatMap((i) => provider.refundsOf(i.id));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount).toBe(PRICE_CENTS);
    expect(runner.deadLetters).toHaveLength(0);
  });

  it('a refund that keeps failing goes to the dead-letter queue with the whole state', async () => {
    await freshRunner({
      wrap: {
        WriteEnrollment: () => async () => { throw new Error('injected'); },
        Refund: () => async () => { throw new Error('injected: refund refused'); },
      },
    });
    const p = await paidCourse();
    const execution = await purchase(p);
    expect(execution.outcome).toBe('failed');
    expect(runner.deadLetters.map((d) => d.executionName)).toEqual([execution.name]);
    expect((runner.deadLetters[0]?.body as SagaState).charge?.status).toBe('succeeded');
    expect(execution.statesEntered.slice(-2)).toEqual(['SendToDeadLetterQueue', 'CompensationFailed']);
  });

  it('a notification failure leaves the learner charged and enrolled', async () => {
    await freshRunner({ wrap: { Notify: () => async () => { throw new Error('injected: notifications down'); } } });
    const p = await paidCourse();
    const execution = await purchase(p);
    expect(execution.outcome).toBe('succeeded');
    expect(chargesFor(p)).toBe(1);
    expect(refundedFor(p)).toBe(0);
    expect((await readEnrollment(p.tenantId, p.userId, p.courseId))?.status).toBe('active');
    expect((await enrollmentSagaStatus(p.tenantId, execution.name))?.status).toBe('succeeded');
  });

  it('an enrollment write that committed but did not answer is recognised: no refund, enrolled', async () => {
    await freshRunner({
      wrap: {
        WriteEnrollment: (real) => async (state) => {
          await real(state);
          throw new Error('injected: answer lost after commit');
        },
      },
    });
    const p = await paidCourse();
    const execution = await purchase(p);
    expect(execution.outcome).toBe('succeeded');
    expect(execution.statesEntered).toEqual(expect.arrayContaining(['Refund', 'EnrolledAfterAll', 'Notify', 'Enrolled']));
    expect(chargesFor(p)).toBe(1);
    expect(refundedFor(p)).toBe(0);
    expect(await studentsCount(p)).toBe(1);
  });

  it('a coupon with no redemptions left refuses before any charge', async () => {
    const p = await paidCourse();
    await coupon(p.tenantId, 'GONE', { maxRedemptions: 0 });
    const execution = await purchase(p, { couponCode: 'GONE' });
    expect((await enrollmentSagaStatus(p.tenantId, execution.name))?.error?.code).toBe('COUPON_EXHAUSTED');
    expect(intentsFor(p)).toHaveLength(0);
  });
});

describe('enrollment saga: 3-D Secure', () => {
  it('waits for the customer, then enrolls once the authentication succeeds', async () => {
    const p = await paidCourse();
    const { executionName } = await startEnrollmentSaga({ ...p, idempotencyKey: '3ds', paymentMethod: 'pm_card_authenticationRequired', requestedAt: new Date().toISOString() });
    expect(await runner.waitUntilSettled(executionName, 5000)).toBe('awaiting_customer');
    const pending = await enrollmentSagaStatus(p.tenantId, executionName);
    expect(pending?.status).toBe('running');
    expect(pending?.requiresAction?.clientSecret).toEqual(expect.any(String));

    const [intent] = intentsFor(p);
    provider.completeAuthentication(intent?.id ?? '', 'succeeded');
    await runner.executions.get(executionName)?.done;
    expect((await enrollmentSagaStatus(p.tenantId, executionName))?.status).toBe('succeeded');
    expect(chargesFor(p)).toBe(1);
  });

  it('a failed authentication ends the saga without a charge', async () => {
    const p = await paidCourse();
    const { executionName } = await startEnrollmentSaga({ ...p, idempotencyKey: '3ds-fail', paymentMethod: 'pm_card_authenticationRequired', requestedAt: new Date().toISOString() });
    await runner.waitUntilSettled(executionName, 5000);
    provider.completeAuthentication(intentsFor(p)[0]?.id ?? '', 'failed');
    await runner.executions.get(executionName)?.done;
    expect((await enrollmentSagaStatus(p.tenantId, executionName))?.error?.code).toBe('PAYMENT_FAILED');
    expect(chargesFor(p)).toBe(0);
    expect(await readEnrollment(p.tenantId, p.userId, p.courseId)).toBeUndefined();
  });
});
