import { GetCommand, QueryCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { INTEGRATION_PARTITION, integrationBreakerKey, integrationFiguresRange } from '../db/keys.js';

/** Cockatiel's states, by name. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** A breaker's platform-wide item (`BREAKER#<dependency>`): what the fleet last reported, and resets. */
export interface BreakerItem {
  dependency: string;
  /** The state last reported by any container (a state change is reported when it happens). */
  state: BreakerState;
  stateAt: string;
  /** Which breaker reported it (`stripe`, `primary:<model>`, …). */
  reportedBy?: string;
  /** Times any container's breaker opened. */
  trips: number;
  lastErrorName?: string;
  lastErrorAt?: string;
  /** The last operator reset: containers whose breaker opened before it close it on their next call. */
  resetAt?: string;
  resetBy?: string;
}

/**
 * Records a container's breaker changing state: one UpdateItem, only on a change (a trip, a half-open
 * trial, a close), never per call. Opening adds a trip and the error that tripped it.
 */
export async function reportBreakerState(dependency: string, state: BreakerState, at: Date, reportedBy: string, lastError: string | undefined): Promise<void> {
  const opened = state === 'open';
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: integrationBreakerKey(dependency),
      UpdateExpression: `SET dependency = :dependency, #state = :state, stateAt = :at, reportedBy = :by${lastError ? ', lastErrorName = :error, lastErrorAt = :at' : ''} ADD trips :trip`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':dependency': dependency, ':state': state, ':at': at.toISOString(), ':by': reportedBy, ':trip': opened ? 1 : 0, ...(lastError ? { ':error': lastError } : {}) },
    }),
  );
}

/** The time of the last operator reset of `dependency`'s breakers (ms), if any: one GetItem. */
export async function readBreakerReset(dependency: string): Promise<number | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: integrationBreakerKey(dependency), ProjectionExpression: 'resetAt' }));
  const resetAt = result.Item?.resetAt;
  return typeof resetAt === 'string' ? Date.parse(resetAt) : undefined;
}

/**
 * An operator's reset: marks the breaker closed platform-wide and stamps the reset, in one UpdateItem
 * that returns the item as it was (the previous state). Idempotent in effect: resetting a closed
 * breaker only moves `resetAt`.
 */
export async function resetBreakerItem(dependency: string, by: string, at: Date): Promise<BreakerItem | undefined> {
  const result = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: integrationBreakerKey(dependency),
      UpdateExpression: 'SET dependency = :dependency, #state = :closed, stateAt = :at, reportedBy = :reset, resetAt = :at, resetBy = :by ADD trips :zero',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':dependency': dependency, ':closed': 'closed', ':at': at.toISOString(), ':reset': 'operator-reset', ':by': by, ':zero': 0 },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return result.Attributes as BreakerItem | undefined;
}

/** Every breaker item: one Query. */
export async function readBreakerItems(): Promise<BreakerItem[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': INTEGRATION_PARTITION, ':prefix': 'BREAKER#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as BreakerItem[];
}

/** A stored window of figures (figureFlush.ts writes them). */
export interface FiguresItem {
  dependency: string;
  windowStart: string;
  calls?: number;
  errors?: number;
  latencyTotalMs?: number;
  trips?: number;
  lastErrorName?: string;
  lastErrorAt?: string;
  [bucket: `b${number}`]: number | undefined;
}

/** The figures of hour windows `from`..`to` for every dependency: one Query (paged past 1 MB). */
export async function readFigures(fromWindow: string, toWindow: string): Promise<FiguresItem[]> {
  const range = integrationFiguresRange(fromWindow, toWindow);
  const items: FiguresItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.from, ':to': range.to },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as FiguresItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
