import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '../db/dynamoErrors.js';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { documentClient, tableName } from '../db/client.js';
import { activityKey } from '../db/keys.js';
import { NotFoundError, RateLimitError } from '../http/errors.js';
import { presignedReportUrl, putBucketFile } from '../reports/reportBucket.js';
import { discoverUserIds } from './erasureDiscovery.js';
import { exportDispatcher, type ExportJob } from './exportDispatcher.js';
import { dataExportDayKey, dataExportKey, dataExportsPartition } from './privacyKeys.js';
import { withoutKeys } from './userDataItems.js';
import { USER_DATA_ENTITIES, type DataSubject } from './userDataRegistry.js';

/** Exports a user may request per UTC day. */
export const EXPORTS_PER_DAY = 5;
/** Ledger records from which an export is built in the background instead of during the request (EXPORT_SYNC_LEDGER_LIMIT overrides it). */
export const SYNC_EXPORT_LEDGER_LIMIT = 1000;
const syncLedgerLimit = (env: NodeJS.ProcessEnv = process.env): number => Number(env.EXPORT_SYNC_LEDGER_LIMIT ?? SYNC_EXPORT_LEDGER_LIMIT);
/** Days an export job (and its archive, by the files bucket's lifecycle) is kept. */
const EXPORT_RETENTION_DAYS = 30;
/** Lifetime of a download URL, seconds. */
export const EXPORT_URL_TTL_SECONDS = 900;

export type ExportStatus = 'queued' | 'building' | 'ready' | 'failed';

export interface DataExportRecord {
  exportId: string;
  tenantId: string;
  userId: string;
  status: ExportStatus;
  mode: 'inline' | 'background';
  requestedAt: string;
  readyAt: string | null;
  fileKey: string | null;
  bytes: number | null;
  entities: Record<string, number> | null;
  error: string | null;
}

export interface DataExportView extends DataExportRecord {
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

/** The archive's format name (its first field), versioned for readers. */
export const EXPORT_FORMAT = 'cairn.user-data-export.v1';

/** The archive's object key: under the tenant like every file of the bucket. */
export const exportObjectKey = (tenantId: string, exportId: string): string => `${tenantId}/exports/${exportId}/export.json`;

/** JSON of stored values: sets as arrays, binary (embeddings) as base64. */
function exportJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Set ? [...v] : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2);
}

/**
 * Every item of the user in one tenant (and their account-wide items), entity by entity, as the
 * registry finds them (userDataRegistry.ts): the same finders erasure uses, so whatever erasure removes,
 * the export showed. Reads: the discovery Queries, then each entity's Queries/GetItems.
 */
export async function collectUserData(tenantId: string, userId: string, email: string | null): Promise<Record<string, unknown[]>> {
  const subject: DataSubject = { tenantId, userId, email, discovered: await discoverUserIds(tenantId, userId) };
  const out: Record<string, unknown[]> = {};
  for (const entity of USER_DATA_ENTITIES) {
    const items = await entity.find(subject);
    out[entity.name] = items.map((item) => (entity.present ? entity.present(item, subject) : withoutKeys(item))).filter((v) => v !== undefined);
  }
  return out;
}

async function readExport(tenantId: string, userId: string, exportId: string): Promise<DataExportRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: dataExportKey(tenantId, userId, exportId), ConsistentRead: true }));
  return found.Item as DataExportRecord | undefined;
}

/** Builds the archive, stores it, marks the job ready (or failed, rethrowing so the worker's retries and DLQ see it). */
export async function buildExport(job: ExportJob, email: string | null, now = new Date()): Promise<DataExportRecord> {
  const key = dataExportKey(job.tenantId, job.userId, job.exportId);
  await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #s = :building', ConditionExpression: 'attribute_exists(pk) AND #s <> :ready', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':building': 'building', ':ready': 'ready' } }));
  try {
    const entities = await collectUserData(job.tenantId, job.userId, email);
    const body = exportJson({ format: EXPORT_FORMAT, exportId: job.exportId, generatedAt: now.toISOString(), userId: job.userId, tenantId: job.tenantId, entities });
    const fileKey = exportObjectKey(job.tenantId, job.exportId);
    await putBucketFile(fileKey, body, 'application/json', `cairn-data-export-${job.exportId}.json`);
    const counts = Object.fromEntries(Object.entries(entities).map(([name, items]) => [name, items.length]));
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET #s = :ready, readyAt = :now, fileKey = :key, bytes = :bytes, entities = :entities, #e = :null',
        ExpressionAttributeNames: { '#s': 'status', '#e': 'error' },
        ExpressionAttributeValues: { ':ready': 'ready', ':now': new Date().toISOString(), ':key': fileKey, ':bytes': Buffer.byteLength(body), ':entities': counts, ':null': null },
      }),
    );
  } catch (err) {
    await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #s = :failed, #e = :error', ExpressionAttributeNames: { '#s': 'status', '#e': 'error' }, ExpressionAttributeValues: { ':failed': 'failed', ':error': 'The export could not be built; request a new one' } }));
    throw err;
  }
  return (await readExport(job.tenantId, job.userId, job.exportId))!;
}

/** The worker's entry: builds one queued export (a repeated invocation of a ready one does nothing). */
export async function runBackgroundExport(job: ExportJob): Promise<ExportStatus> {
  const record = await readExport(job.tenantId, job.userId, job.exportId);
  if (!record || record.status === 'ready') return record?.status ?? 'failed';
  const profile = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `U#${job.userId}`, sk: 'PROFILE' } }));
  return (await buildExport(job, typeof profile.Item?.email === 'string' ? profile.Item.email : null)).status;
}

async function view(record: DataExportRecord): Promise<DataExportView> {
  if (record.status !== 'ready' || !record.fileKey) return { ...record, downloadUrl: null, downloadExpiresAt: null };
  const { url, expiresAt } = await presignedReportUrl(record.fileKey, EXPORT_URL_TTL_SECONDS);
  return { ...record, downloadUrl: url, downloadExpiresAt: expiresAt };
}

/**
 * Requests an export of the caller's data in their tenant (`POST /api/users/export`):
 * - an export still queued or building is returned as is (one at a time);
 * - at most EXPORTS_PER_DAY per UTC day (a conditional ADD on the day's counter; 429 beyond);
 * - a small account (fewer than SYNC_EXPORT_LEDGER_LIMIT ledger records, one COUNT Query) is built
 *   during the request (201, ready, with its download URL); a larger one is queued for the export
 *   worker (202) and polled with GET /api/users/export/{exportId}.
 */
export async function requestExport(principal: Principal, now: Date): Promise<{ view: DataExportView; created: boolean }> {
  const { tenantId, userId } = principal;
  const existing = await documentClient().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :x)', ExpressionAttributeValues: { ':pk': dataExportsPartition(tenantId, userId), ':x': 'X#' }, ConsistentRead: true }),
  );
  const inFlight = (existing.Items ?? []).find((item) => item.status === 'queued' || item.status === 'building');
  if (inFlight) return { view: await view(inFlight as DataExportRecord), created: false };

  const day = now.toISOString().slice(0, 10);
  const expiresAt = Math.floor(now.getTime() / 1000) + EXPORT_RETENTION_DAYS * 86_400;
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: dataExportDayKey(tenantId, userId, day),
        UpdateExpression: 'ADD requests :one SET entity = :entity, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': EXPORTS_PER_DAY, ':entity': 'dataExportDay', ':exp': expiresAt },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      const midnight = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
      throw new RateLimitError(EXPORTS_PER_DAY, 86_400, Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)));
    }
    throw err;
  }

  const ledger = await documentClient().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': activityKey(tenantId, userId, '-').pk }, Select: 'COUNT', Limit: syncLedgerLimit() }),
  );
  const background = (ledger.Count ?? 0) >= syncLedgerLimit();
  const exportId = `exp_${randomUUID().replace(/-/g, '')}`;
  const record: DataExportRecord = { exportId, tenantId, userId, status: 'queued', mode: background ? 'background' : 'inline', requestedAt: now.toISOString(), readyAt: null, fileKey: null, bytes: null, entities: null, error: null };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...dataExportKey(tenantId, userId, exportId), entity: 'dataExport', ...record, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' }));
  const job = { tenantId, userId, exportId };
  if (background) {
    await exportDispatcher().dispatch(job);
    return { view: await view(record), created: true };
  }
  return { view: await view(await buildExport(job, principal.email ?? null, now)), created: true };
}

/** One export of the caller (`GET /api/users/export/{exportId}`): another user's id is simply not found. */
export async function exportStatus(principal: Principal, exportId: string): Promise<DataExportView> {
  const record = await readExport(principal.tenantId, principal.userId, exportId);
  if (!record) throw new NotFoundError('No such export');
  return view(record);
}
