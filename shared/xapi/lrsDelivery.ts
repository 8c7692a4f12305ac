import { BatchWriteCommand } from '../db/commands.js';
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { profileKey, xapiDeliveryKey } from '../db/keys.js';
import { FetchFailedError, safeFetch } from '../net/safeFetch.js';
import type { ActivityRecord } from '../progress/activity.js';
import type { XapiStatement } from '../schemas/xapiStatement.js';
import { statementsOf } from './activityStatements.js';
import { lrsTargets, statementsUrlOf, type LrsTarget } from './lrsStore.js';

/**
 * Delivery of activity records to every LRS their tenant configured (issue 22, "xAPI out"), at least
 * once, never twice:
 *
 *   stream batch ──> per tenant: its LRSs (1 Query) ──> per LRS: statements not yet delivered
 *   (BatchGet of delivery markers) ──> POST in chunks of ≤ 50, each through
 *   circuit breaker(retry with exponential backoff(safeFetch POST)) ──> markers (BatchWrite, TTL 7 d)
 *                                                       └── failed / circuit open ──> DLQ message
 *
 * - Statement ids are derived from the event id (statementId.ts), so a redelivered stream record is
 *   the same statements; the markers skip what an LRS already took, and an LRS that still sees an id
 *   twice (a marker lost after its POST succeeded) treats it as the same statement (xAPI §2.2).
 * - Retries only for what may pass on a second try: network errors, timeouts, 408, 429, 5xx. A 4xx
 *   is the statement's or the configuration's fault and goes to the DLQ at once.
 * - One breaker per tenant LRS in this container: `failureThreshold` failed chunks in a row open it, so
 *   a dead LRS costs one timeout per batch, not one per chunk; its chunks go to the DLQ, and every
 *   other LRS and tenant is delivered in parallel, untouched by it.
 * - A chunk whose DLQ send fails is reported back (`failedRecords`), so the stream source retries its
 *   records (and then sends them to the event source's own on-failure queue).
 */

export interface DeadLetterMessage {
  tenantId: string;
  lrsId: string;
  endpoint: string;
  reason: string;
  failedAt: string;
  statements: XapiStatement[];
}

/** Where undeliverable statements go: SQS in AWS, a log locally, a mock in tests. */
export type DeadLetterSink = (message: DeadLetterMessage) => Promise<void>;

export interface DeliveryOptions {
  deadLetter: DeadLetterSink;
  retry?: { maxAttempts: number; initialDelayMs: number; maxDelayMs: number };
  breaker?: { failureThreshold: number; halfOpenAfterMs: number };
  timeoutMs?: number;
  now?: () => Date;
}

export const DEFAULT_DELIVERY = {
  retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 2_000 },
  breaker: { failureThreshold: 3, halfOpenAfterMs: 60_000 },
  timeoutMs: 5_000,
} as const;

/** Statements per POST (an LRS takes a list; a batch of 100 records makes at most a few chunks). */
export const STATEMENTS_PER_POST = 50;
/** Delivery markers outlive the stream's 24 h retention and the event source's retries. */
export const DELIVERY_MARKER_TTL_SECONDS = 7 * 86_400;

export interface DeliveryReport {
  delivered: number;
  skipped: number;
  deadLettered: number;
  /** Event ids whose statements neither reached the LRS nor the DLQ (the stream source retries them). */
  failedEventIds: string[];
}

const breakers = new Map<string, CircuitBreakerPolicy>();

/** Forgets every breaker (tests). */
export function resetDeliveryBreakers(): void {
  breakers.clear();
}

function breakerOf(target: LrsTarget, options: DeliveryOptions): CircuitBreakerPolicy {
  const key = `${target.tenantId}|${target.lrsId}|${target.endpoint}`;
  let breaker = breakers.get(key);
  if (!breaker) {
    const settings = options.breaker ?? DEFAULT_DELIVERY.breaker;
    breaker = circuitBreaker(handleWhen(() => true), { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.failureThreshold) });
    breakers.set(key, breaker);
  }
  return breaker;
}

/** What may pass on a second try. */
export function isTransientDeliveryError(error: unknown): boolean {
  if (!(error instanceof FetchFailedError)) return false;
  if (error.failure !== 'http_status') return error.failure !== 'too_large';
  const status = error.status ?? 0;
  return status === 408 || status === 429 || status >= 500;
}

async function post(target: LrsTarget, statements: XapiStatement[], timeoutMs: number): Promise<void> {
  await safeFetch(statementsUrlOf(target.endpoint), {
    method: 'POST',
    maxBytes: 64 * 1024,
    timeoutMs,
    maxRedirects: 0,
    accept: 'application/json',
    userAgent: 'CairnXapiDelivery/1.0',
    headers: {
      'content-type': 'application/json',
      'x-experience-api-version': '1.0.3',
      authorization: `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`,
    },
    body: JSON.stringify(statements),
  });
}

async function emailsOf(userIds: string[]): Promise<Map<string, string>> {
  const found = await batchGetItems(userIds.map((u) => profileKey(u)));
  const emails = new Map<string, string>();
  for (const userId of userIds) {
    const email = found.get(itemId(profileKey(userId)))?.email;
    if (typeof email === 'string' && email.includes('@')) emails.set(userId, email);
  }
  return emails;
}

async function writeMarkers(tenantId: string, lrsId: string, statementIds: string[], now: Date): Promise<void> {
  const expiresAt = Math.floor(now.getTime() / 1000) + DELIVERY_MARKER_TTL_SECONDS;
  for (let i = 0; i < statementIds.length; i += 25) {
    let requests = statementIds.slice(i, i + 25).map((id) => ({ PutRequest: { Item: { ...xapiDeliveryKey(tenantId, id, lrsId), entity: 'xapiDelivery', deliveredAt: now.toISOString(), expiresAt } } }));
    for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (result.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
    // A marker that could not be written only means a redelivery re-sends that id, which the LRS treats as the same statement.
  }
}

interface Owned {
  eventId: string;
  statement: XapiStatement;
}

/** One LRS of one tenant: skip what it has, send the rest in chunks, DLQ what fails. */
async function deliverToLrs(target: LrsTarget, records: ActivityRecord[], emails: Map<string, string>, options: DeliveryOptions, report: DeliveryReport): Promise<void> {
  const owned: Owned[] = records.flatMap((record) =>
    statementsOf(record, target.includeEmail && emails.has(record.userId) ? { email: emails.get(record.userId)! } : {}).map((statement) => ({ eventId: record.eventId, statement })),
  );
  const markers = await batchGetItems(owned.map((o) => xapiDeliveryKey(target.tenantId, o.statement.id!, target.lrsId)), true);
  const pending = owned.filter((o) => !markers.has(itemId(xapiDeliveryKey(target.tenantId, o.statement.id!, target.lrsId))));
  report.skipped += owned.length - pending.length;
  const settings = options.retry ?? DEFAULT_DELIVERY.retry;
  const retryPolicy = retry(handleWhen(isTransientDeliveryError), {
    maxAttempts: settings.maxAttempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs }),
  });
  const breaker = breakerOf(target, options);
  const now = options.now ?? (() => new Date());
  for (let i = 0; i < pending.length; i += STATEMENTS_PER_POST) {
    const chunk = pending.slice(i, i + STATEMENTS_PER_POST);
    const statements = chunk.map((o) => o.statement);
    try {
      await breaker.execute(() => retryPolicy.execute(() => post(target, statements, options.timeoutMs ?? DEFAULT_DELIVERY.timeoutMs)));
      await writeMarkers(target.tenantId, target.lrsId, statements.map((s) => s.id!), now());
      report.delivered += statements.length;
    } catch (error) {
      const reason = isBrokenCircuitError(error) ? 'circuit open' : error instanceof Error ? error.message : String(error);
      try {
        await options.deadLetter({ tenantId: target.tenantId, lrsId: target.lrsId, endpoint: target.endpoint, reason, failedAt: now().toISOString(), statements });
        report.deadLettered += statements.length;
      } catch {
        report.failedEventIds.push(...new Set(chunk.map((o) => o.eventId)));
      }
    }
  }
}

/**
 * Delivers a batch of activity records (from the table's stream) to their tenants' LRSs. Tenants and
 * LRSs run in parallel. Requests: 1 Query per tenant, per LRS 1 BatchGet of markers per 100
 * statements and 1 BatchWrite per 25 delivered, plus 1 BatchGet of profiles when an LRS opted in to
 * emails.
 */
export async function deliverActivityRecords(records: ActivityRecord[], options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, skipped: 0, deadLettered: 0, failedEventIds: [] };
  const byTenant = new Map<string, ActivityRecord[]>();
  for (const record of records) byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
  await Promise.all(
    [...byTenant].map(async ([tenantId, tenantRecords]) => {
      const targets = await lrsTargets(tenantId);
      if (targets.length === 0) return;
      const emails = targets.some((t) => t.includeEmail) ? await emailsOf([...new Set(tenantRecords.map((r) => r.userId))]) : new Map<string, string>();
      await Promise.all(targets.map((target) => deliverToLrs(target, tenantRecords, emails, options, report)));
    }),
  );
  report.failedEventIds = [...new Set(report.failedEventIds)];
  return report;
}
