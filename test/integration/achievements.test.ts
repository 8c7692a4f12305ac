import { UpdateCommand } from '../../shared/db/commands.js';
import { randomUUID } from 'node:crypto';
import { handler } from '../../lambdas/achievements/handler.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { achievementKey } from '../../shared/db/keys.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { httpClient } from '../support/http.js';
import { member, storeMember, type Learner } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

const api = httpClient(ROUTES, { achievements: handler });
const PATH = '/functions/v1/achievements-api';
const call = (who: Learner | undefined, body: Record<string, unknown>) => api({ method: 'POST', path: PATH, token: who?.token, body });

const definition = (fields: Record<string, unknown> = {}) => ({
  action: 'create',
  title: 'JavaScript Master',
  description: 'Completed all advanced JavaScript courses with 90%+',
  badge_image_url: 'https://example.com/badges/js-master.png',
  points_value: 500,
  achievement_type: 'completion',
  criteria: { course_completion_threshold: 90, required_courses: ['course-123', 'course-124'], time_limit_days: 180 },
  ...fields,
});

describe('achievements-api: create', () => {
  it('lets org admins and instructors define an achievement and answers the seed\'s shape', async () => {
    const tenantId = uniqueTenant();
    for (const role of ['org_admin', 'instructor'] as const) {
      const response = await call(member(tenantId, [role]), definition());
      expect(response.status).toBe(200);
      expect(response.body.success).toBe(true);
      expect(response.body.data).toMatchObject({
        title: 'JavaScript Master',
        badge_image_url: 'https://example.com/badges/js-master.png',
        points_value: 500,
        status: 'active',
        tier: 'bronze',
        earned_count: 0,
        criteria: { combine: 'all', course_completion_threshold: 90, required_courses: ['course-123', 'course-124'], time_limit_days: 180 },
      });
      expect(response.body.data.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(response.body.data.created_at)).not.toBeNaN();
    }
  });

  it('refuses learners and trainers (403) and anonymous callers (401)', async () => {
    const tenantId = uniqueTenant();
    expect((await call(member(tenantId, ['learner']), definition())).status).toBe(403);
    expect((await call(member(tenantId, ['trainer']), definition())).status).toBe(403);
    expect((await call(undefined, definition())).status).toBe(401);
  });

  it.each([
    ['no measurable criterion', { criteria: { combine: 'any', time_limit_days: 3 } }, 'body.criteria'],
    ['an unknown criterion', { criteria: { streak_days: 3, vibes: 10 } }, 'body.criteria'],
    ['a threshold over 100', { criteria: { course_completion_threshold: 101 } }, 'body.criteria.course_completion_threshold'],
    ['a duplicated required course', { criteria: { required_courses: ['a', 'a'] } }, 'body.criteria.required_courses'],
    ['an unknown tier', { tier: 'platinum' }, 'body.tier'],
    ['an http badge', { badge_image_url: 'http://example.com/x.png' }, 'body.badge_image_url'],
    ['negative points', { points_value: -1 }, 'body.points_value'],
    ['a client status', { status: 'archived' }, 'body.status'],
    ['a client earned_count', { earned_count: 99 }, 'body.earned_count'],
  ])('refuses %s with 400 on the field and stores nothing', async (_case, fields, field) => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    const response = await call(admin, definition(fields));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(response.body.error.details)).toContain(field);
    expect((await call(admin, { action: 'list' })).body.data.achievements).toEqual([]);
  });

  it('requires an achievement named in criteria.achievement_id to exist in the tenant', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    expect((await call(admin, definition({ criteria: { achievement_id: randomUUID() } }))).status).toBe(404);
    const base = await call(admin, definition({ title: 'Base', criteria: { blocks_completed: 1 } }));
    const chained = await call(admin, definition({ title: 'Chained', criteria: { achievement_id: base.body.data.id, points_total: 100 } }));
    expect(chained.status).toBe(200);
    const foreign = await call(member(uniqueTenant(), ['org_admin']), definition({ criteria: { achievement_id: base.body.data.id } }));
    expect(foreign.status).toBe(404);
  });

  it('costs one Query and one transaction: the definition and its INDEX entry (limiter aside)', async () => {
    const response = await call(member(uniqueTenant(), ['org_admin']), definition());
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 1, TransactWriteItemsCommand: 1 });
  });
});

describe('achievements-api: list', () => {
  it('shows learners active achievements only, authors archived ones too, with filters and pages', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await call(admin, definition({ title: `A${i}`, achievement_type: i % 2 === 0 ? 'completion' : 'streak', tier: i < 2 ? 'gold' : 'bronze', criteria: { streak_days: i + 1 } }));
      ids.push(created.body.data.id);
    }
    await call(admin, { action: 'archive', achievement_id: ids[4] });
    const learner = member(tenantId);
    const seen = await call(learner, { action: 'list' });
    expect(seen.body.data.achievements.map((a: { title: string }) => a.title)).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect((await call(learner, { action: 'list', filters: { status: 'archived' } })).body.data.achievements).toEqual([]);
    expect((await call(admin, { action: 'list', filters: { status: 'archived' } })).body.data.achievements.map((a: { id: string }) => a.id)).toEqual([ids[4]]);
    expect((await call(learner, { action: 'list', filters: { achievement_type: 'streak' } })).body.data.achievements.map((a: { title: string }) => a.title)).toEqual(['A1', 'A3']);
    expect((await call(learner, { action: 'list', filters: { tier: 'gold' } })).body.data.achievements.map((a: { title: string }) => a.title)).toEqual(['A0', 'A1']);
    const page2 = await call(learner, { action: 'list', page: 2, limit: 3 });
    expect(page2.body.data.achievements.map((a: { title: string }) => a.title)).toEqual(['A3']);
    expect(page2.body.data.pagination).toEqual({ total: 4, page: 2, pages: 2, limit: 3 });
    expect(page2.dynamoDbByCommand).toEqual({ UpdateItemCommand: 1, QueryCommand: 2 });
  });

  it('computes rarity from the share of members holding it (thresholds 50/20/5/1 %)', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    await storeMember(tenantId, admin.userId, ['org_admin']);
    for (let i = 0; i < 19; i++) await storeMember(tenantId, randomUUID());
    const cases: [number, string][] = [[10, 'common'], [4, 'uncommon'], [1, 'rare'], [0, 'legendary']];
    for (const [earned] of cases) {
      const created = await call(admin, definition({ title: `E${earned}`, criteria: { blocks_completed: 1 } }));
      if (earned > 0) {
        await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: achievementKey(tenantId, created.body.data.id), UpdateExpression: 'ADD earnedCount :n', ExpressionAttributeValues: { ':n': earned } }));
      }
    }
    const listed = await call(member(tenantId), { action: 'list' });
    expect(listed.body.data.members).toBe(20);
    expect(listed.body.data.achievements.map((a: { title: string; earned_count: number; rarity: string }) => [a.title, a.earned_count, a.rarity])).toEqual(
      cases.map(([earned, rarity]) => [`E${earned}`, earned, rarity]),
    );
  });
});

describe('achievements-api: update and archive', () => {
  it('changes only the fields sent, keeps counts, and bumps the version', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    const created = await call(admin, definition());
    const id = created.body.data.id as string;
    const updated = await call(admin, { action: 'update', achievement_id: id, points_value: 750, tier: 'gold', badge_image_url: null });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ title: 'JavaScript Master', points_value: 750, tier: 'gold', badge_image_url: null, version: 2, earned_count: 0 });
    const archived = await call(admin, { action: 'archive', achievement_id: id });
    expect(archived.body.data.status).toBe('archived');
    expect((await call(admin, { action: 'archive', achievement_id: id })).body.data.status).toBe('archived');
  });

  it('lets concurrent updates win or lose cleanly (200 or 409, never a lost version)', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    const id = (await call(admin, definition())).body.data.id as string;
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => call(admin, { action: 'update', achievement_id: id, points_value: 100 + i })));
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const wins = responses.filter((r) => r.status === 200).length;
    expect(wins).toBeGreaterThanOrEqual(1);
    const [stored] = (await call(admin, { action: 'list' })).body.data.achievements;
    expect(stored.version).toBe(1 + wins);
  });

  it('refuses self-reference, learners, other tenants and empty updates', async () => {
    const tenantId = uniqueTenant();
    const admin = member(tenantId, ['org_admin']);
    const id = (await call(admin, definition())).body.data.id as string;
    const self = await call(admin, { action: 'update', achievement_id: id, criteria: { achievement_id: id } });
    expect(self.status).toBe(409);
    expect((await call(member(tenantId), { action: 'update', achievement_id: id, title: 'Mine' })).status).toBe(403);
    expect((await call(member(tenantId), { action: 'archive', achievement_id: id })).status).toBe(403);
    expect((await call(member(uniqueTenant(), ['org_admin']), { action: 'update', achievement_id: id, title: 'Theirs' })).status).toBe(404);
    expect((await call(admin, { action: 'update', achievement_id: id })).status).toBe(400);
    expect((await call(admin, { action: 'list' })).body.data.achievements[0].title).toBe('JavaScript Master');
  });
});
