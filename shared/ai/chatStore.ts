import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../db/commands.js';
import { randomBytes } from 'node:crypto';
import { documentClient, tableName } from '../db/client.js';
import { chatExchangeKey, chatPartition, chatRequestKey } from '../db/keys.js';
import { ConflictError } from '../http/errors.js';
import type { ChatTurn } from './modelPort.js';

/**
 * Conversations (seed 002 chat sessions, seed 004 course chat): one partition per user
 * (`T#<tenant>#U#<user>#CHAT`), one item per exchange (the user's message and the answer) under its
 * scope — `C#<personal course>` or `S#<assistant session>` — ordered by a time-sortable message id.
 * A request's id (`X-Request-ID`) gets a dedupe item `R#<request id>` written in the same transaction
 * as its exchange, so a replayed request is answered with the stored exchange and never calls the
 * model, counts usage or logs progress twice.
 */
export type ExchangeStatus = 'answered' | 'pending' | 'streaming';

export interface Exchange {
  messageId: string;
  scope: string;
  courseId: string;
  sessionId?: string;
  requestId: string;
  message: string;
  context?: Record<string, unknown>;
  status: ExchangeStatus;
  response?: string;
  /** Whatever the route's presenter needs to answer a replay exactly as the original. */
  answer?: Record<string, unknown>;
  modelId?: string;
  createdAt: string;
  answeredAt?: string;
}

export interface Owner {
  tenantId: string;
  userId: string;
}

/** A time-sortable message id: UTC time to the millisecond, then 8 random hex digits. */
export function newMessageId(now: Date): string {
  return `m${now.toISOString().replace(/[-:.TZ]/g, '')}${randomBytes(4).toString('hex')}`;
}

const exchangeOf = (item: Record<string, unknown>): Exchange => {
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
  return rest as unknown as Exchange;
};

/** The exchange a request id already produced, if any (2 GetItems; only when the client chose the id). */
export async function exchangeOfRequest(owner: Owner, requestId: string): Promise<Exchange | undefined> {
  const pointer = await documentClient().send(new GetCommand({ TableName: tableName(), Key: chatRequestKey(owner.tenantId, owner.userId, requestId), ConsistentRead: true }));
  if (!pointer.Item) return undefined;
  return getExchange(owner, pointer.Item.scope as string, pointer.Item.messageId as string);
}

export async function getExchange(owner: Owner, scope: string, messageId: string): Promise<Exchange | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: chatExchangeKey(owner.tenantId, owner.userId, scope, messageId), ConsistentRead: true }));
  return found.Item ? exchangeOf(found.Item) : undefined;
}

/**
 * Stores an exchange and its request's dedupe item in one transaction. When the dedupe item already
 * exists (a concurrent duplicate of the same request won), returns the winner's exchange instead.
 */
export async function saveExchange(owner: Owner, exchange: Exchange): Promise<{ exchange: Exchange; duplicate: boolean }> {
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...chatExchangeKey(owner.tenantId, owner.userId, exchange.scope, exchange.messageId), entity: 'chatExchange', ...exchange }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...chatRequestKey(owner.tenantId, owner.userId, exchange.requestId), entity: 'chatRequest', scope: exchange.scope, messageId: exchange.messageId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return { exchange, duplicate: false };
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
      const winner = await exchangeOfRequest(owner, exchange.requestId);
      if (winner) return { exchange: winner, duplicate: true };
    }
    throw err;
  }
}

/** The last `count` exchanges of a scope, oldest first, as conversation turns (answered ones only). */
export async function recentTurns(owner: Owner, scope: string, count: number): Promise<{ turns: ChatTurn[]; exchanges: Exchange[] }> {
  const page = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': chatPartition(owner.tenantId, owner.userId), ':prefix': `${scope}#X#` },
      ScanIndexForward: false,
      Limit: count,
    }),
  );
  const exchanges = (page.Items ?? []).map(exchangeOf).reverse();
  const turns = exchanges
    .filter((e) => e.status === 'answered' && e.response)
    .flatMap((e): ChatTurn[] => [
      { role: 'user', text: e.message },
      { role: 'assistant', text: e.response as string },
    ]);
  return { turns, exchanges };
}

/** A page of a scope's exchanges, newest first, before the message id `before` (exclusive). */
export async function exchangePage(owner: Owner, scope: string, limit: number, before?: string): Promise<{ exchanges: Exchange[]; hasNext: boolean }> {
  const page = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: before ? 'pk = :pk AND sk BETWEEN :lower AND :upper' : 'pk = :pk AND begins_with(sk, :lower)',
      ExpressionAttributeValues: { ':pk': chatPartition(owner.tenantId, owner.userId), ':lower': `${scope}#X#`, ...(before ? { ':upper': `${scope}#X#${before}` } : {}) },
      ScanIndexForward: false,
      Limit: limit + 2,
    }),
  );
  const exchanges = (page.Items ?? []).map(exchangeOf).filter((e) => e.messageId !== before);
  // Limit + 2 read: `before` itself (BETWEEN is inclusive) and one more to know whether a next page exists.
  return { exchanges: exchanges.slice(0, limit), hasNext: exchanges.length > limit };
}

/** Claims a pending exchange for streaming its answer (pending → streaming); 409 when someone else is streaming it. */
export async function claimForStream(owner: Owner, scope: string, messageId: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: chatExchangeKey(owner.tenantId, owner.userId, scope, messageId),
        UpdateExpression: 'SET #status = :streaming',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':streaming': 'streaming', ':pending': 'pending' },
      }),
    );
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') {
      throw new ConflictError('This message\'s answer is already being streamed', [{ field: 'query.after', message: 'Already streaming', code: 'stream_in_progress' }]);
    }
    throw err;
  }
}

/** Stores a streamed answer (streaming → answered), or puts the exchange back to pending when the stream failed. */
export async function finishStream(owner: Owner, scope: string, messageId: string, outcome: { response: string; answer: Record<string, unknown>; modelId: string; at: string } | undefined): Promise<void> {
  const key = chatExchangeKey(owner.tenantId, owner.userId, scope, messageId);
  await documentClient().send(
    outcome
      ? new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #status = :answered, #response = :response, answer = :answer, modelId = :model, answeredAt = :at',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':answered': 'answered', ':response': outcome.response, ':answer': outcome.answer, ':model': outcome.modelId, ':at': outcome.at },
        })
      : new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } }),
  );
}
