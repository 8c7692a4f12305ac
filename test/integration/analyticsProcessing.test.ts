import { randomUUID } from 'node:crypto';
import { installLocalAnalyticsPipeline, type LocalPipelineRunner } from '../../bin/local/localAnalyticsPipeline.js';
import { handler as processingHandler } from '../../lambdas/analyticsProcessing/handler.js';
import { setPipelineRunner } from '../../shared/analytics/pipelineRunner.js';
import { readTenantDays } from '../../shared/analytics/aggregateStore.js';
import { addDays, localDateOf } from '../../shared/domain/localDate.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

// Seed 000 §10 `POST /functions/v1/background-analytics-cron` through the HTTP layer, with the
// workflow run locally from its synthesized definition.
const call = httpClient(ROUTES, { analyticsProcessing: processingHandler });
const path = '/functions/v1/background-analytics-cron';
let runner: LocalPipelineRunner;

beforeAll(async () => {
  runner = await installLocalAnalyticsPipeline();
});
afterAll(() => setPipelineRunner(undefined));

const today = localDateOf(new Date(), 'UTC');

function admin(tenantId: string) {
  return tokenFor({ userId: randomUUID(), tenantId, roles: ['org_admin'] });
}

describe('background analytics cron: process_analytics', () => {
  it('reprocesses a date of the caller\'s tenant asynchronously and reports the counts when done', async () => {
    const tenant = uniqueTenant('cron');
    const learner = randomUUID();
    const date = addDays(today, -2);
    await appendRecords([
      ledgerRecord({ tenantId: tenant, userId: learner, timeZone: 'UTC', now: new Date(`${date}T08:00:00Z`), source: 'block.completion', itemId: 'a', itemCompleted: true, seconds: 60 }),
      ledgerRecord({ tenantId: tenant, userId: learner, timeZone: 'UTC', now: new Date(`${date}T08:05:00Z`), source: 'block.completion', itemId: 'b', itemCompleted: true, seconds: 60 }),
      ledgerRecord({ tenantId: tenant, userId: learner, timeZone: 'UTC', now: new Date(`${date}T20:00:00Z`), source: 'lesson.progress', itemId: 'c', seconds: 30 }),
    ]);
    const token = admin(tenant);
    const started = await call({ method: 'POST', path, token, body: { action: 'process_analytics', process_type: 'daily_aggregation', date } });
    expect(started.status).toBe(202);
    expect(started.body.success).toBe(true);
    expect(started.body.data).toMatchObject({ process_type: 'daily_aggregation', date, status: 'queued', estimated_completion: null, metrics_processed: { user_sessions: 0, block_completions: 0, achievement_awards: 0, progress_updates: 0 } });
    expect(started.body.data.process_id).toMatch(/^proc_/);

    await runner.settleAll();
    const status = await call({ method: 'POST', path, token, body: { action: 'get_status', process_id: started.body.data.process_id } });
    expect(status.status).toBe(200);
    // Two sessions (08:00–08:05, 20:00 alone: a bounce), two block completions, three records.
    expect(status.body.data).toMatchObject({ status: 'completed', metrics_processed: { user_sessions: 2, block_completions: 2, achievement_awards: 0, progress_updates: 3 }, error: null });
    expect(status.body.data.dates_processed).toEqual([{ date, reason: 'target', records: 3, learners: 1 }]);
    expect((await readTenantDays(tenant, date, date))[0]?.events).toBe(3);

    // The next request estimates from the last completed process's duration.
    const second = await call({ method: 'POST', path, token, body: { action: 'process_analytics', process_type: 'daily_aggregation', date } });
    expect(second.body.data.estimated_completion).not.toBeNull();
    expect(Date.parse(second.body.data.estimated_completion)).toBeGreaterThanOrEqual(Date.parse(second.body.data.started_at));
    await runner.settleAll();
  });

  it('refuses a date older than 30 days or in the future with 400 on body.date, writing nothing', async () => {
    const tenant = uniqueTenant('cron');
    const token = admin(tenant);
    for (const date of [addDays(today, -31), addDays(today, 2)]) {
      const before = runner.executions.size;
      const response = await call({ method: 'POST', path, token, body: { action: 'process_analytics', process_type: 'daily_aggregation', date } });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.field).toBe('body.date');
      expect(runner.executions.size).toBe(before);
      // The rate limiter's UpdateItem only: no process was written.
      expect(response.dynamoDbByCommand.PutCommand).toBeUndefined();
    }
  });

  it('refuses unknown fields, an unknown process type and a malformed date with 400', async () => {
    const token = admin(uniqueTenant('cron'));
    const cases: [unknown, string][] = [
      [{ action: 'process_analytics', process_type: 'daily_aggregation', date: today, tenant_id: 'x' }, 'body'],
      [{ action: 'process_analytics', process_type: 'hourly', date: today }, 'body.process_type'],
      [{ action: 'process_analytics', process_type: 'daily_aggregation', date: '2026-13-01' }, 'body.date'],
      [{ action: 'explode' }, 'body.action'],
    ];
    for (const [body, field] of cases) {
      const response = await call({ method: 'POST', path, token, body });
      expect(response.status).toBe(400);
      expect(String(response.body.error.details.field)).toContain(field);
    }
  });
});

describe('background analytics cron: access', () => {
  it('lets no learner, trainer or instructor start processing (403) and no anonymous caller (401)', async () => {
    const tenant = uniqueTenant('cron');
    for (const role of ['learner', 'trainer', 'instructor'] as const) {
      const token = tokenFor({ userId: randomUUID(), tenantId: tenant, roles: [role] });
      const response = await call({ method: 'POST', path, token, body: { action: 'process_analytics', process_type: 'daily_aggregation', date: today } });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('AUTHORIZATION_DENIED');
    }
    expect((await call({ method: 'POST', path, body: { action: 'process_analytics', process_type: 'daily_aggregation', date: today } })).status).toBe(401);
  });

  it('shows a process only inside its tenant (another org admin gets 404)', async () => {
    const tenant = uniqueTenant('cron');
    const started = await call({ method: 'POST', path, token: admin(tenant), body: { action: 'process_analytics', process_type: 'daily_aggregation', date: today } });
    await runner.settleAll();
    const foreign = await call({ method: 'POST', path, token: admin(uniqueTenant('cron')), body: { action: 'get_status', process_id: started.body.data.process_id } });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const unknown = await call({ method: 'POST', path, token: admin(tenant), body: { action: 'get_status', process_id: 'proc_missing' } });
    expect(unknown.status).toBe(404);
  });

  it('refuses a community the token is not a member of (403)', async () => {
    const response = await call({ method: 'POST', path, token: admin(uniqueTenant('cron')), headers: { 'x-community-id': uniqueTenant('other') }, body: { action: 'get_status', process_id: 'proc_x' } });
    expect(response.status).toBe(403);
  });
});
