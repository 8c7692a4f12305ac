import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LightDocumentClient } from '../db/lightDynamoDb.js';
import { integrationFiguresKey } from '../db/keys.js';
import { takeBufferedFigures, type CallFigures } from './callFigures.js';

/** Figures are kept 8 days: the metrics route reads at most 7 (`period=7d`). */
export const FIGURES_RETENTION_SECONDS = 8 * 24 * 3600;

const n = (value: number): AttributeValue => ({ N: String(value) });
const s = (value: string): AttributeValue => ({ S: value });

/** The UpdateItem input adding one buffered entry to its window item (exported for the unit test). */
export function figuresUpdate(tableName: string, figures: CallFigures) {
  const key = integrationFiguresKey(figures.window, figures.dependency);
  const adds = ['calls :calls', 'errors :errors', 'latencyTotalMs :latency', 'trips :trips'];
  const values: Record<string, AttributeValue> = {
    ':calls': n(figures.calls),
    ':errors': n(figures.errors),
    ':latency': n(figures.latencyTotalMs),
    ':trips': n(figures.trips),
    ':dependency': s(figures.dependency),
    ':window': s(figures.window),
    ':expiresAt': n(Math.floor(Date.parse(`${figures.window}:00:00Z`) / 1000) + FIGURES_RETENTION_SECONDS),
  };
  figures.buckets.forEach((count, index) => {
    if (count > 0) {
      adds.push(`b${index} :b${index}`);
      values[`:b${index}`] = n(count);
    }
  });
  const sets = ['dependency = :dependency', 'windowStart = :window', 'expiresAt = if_not_exists(expiresAt, :expiresAt)'];
  if (figures.lastError) {
    sets.push('lastErrorName = :errorName', 'lastErrorAt = :errorAt');
    values[':errorName'] = s(figures.lastError.name);
    values[':errorAt'] = s(figures.lastError.at);
  }
  return {
    TableName: tableName,
    Key: { pk: s(key.pk), sk: s(key.sk) },
    UpdateExpression: `ADD ${adds.join(', ')} SET ${sets.join(', ')}`,
    ExpressionAttributeValues: values,
  };
}

let flushing = false;

/**
 * Writes this container's buffered figures: one UpdateItem (ADD, so concurrent containers add up) per
 * dependency and hour window, in parallel. A failed write is logged by the caller's request log and
 * dropped: retrying an ADD that may have applied could count twice.
 */
export async function flushCallFigures(client: LightDocumentClient, tableName: string): Promise<number> {
  // The flush's own UpdateItems are DynamoDB calls too: they are recorded for the next flush, and
  // must not start one themselves (with a zero interval that would never end).
  if (flushing) return 0;
  flushing = true;
  try {
    const figures = takeBufferedFigures();
    const results = await Promise.allSettled(figures.map((entry) => client.sendWire('UpdateItem', figuresUpdate(tableName, entry))));
    return results.filter((result) => result.status === 'fulfilled').length;
  } finally {
    flushing = false;
  }
}

