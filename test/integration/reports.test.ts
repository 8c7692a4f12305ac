import { PutCommand, QueryCommand } from '../../shared/db/commands.js';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { createReportsHandler, handler as reportsHandler } from '../../lambdas/reports/handler.js';
import { createAchievement } from '../../shared/achievements/achievementService.js';
import { readLearnerDays, readTenantDays } from '../../shared/analytics/aggregateStore.js';
import { aggregateTenant } from '../../shared/analytics/dailyAggregation.js';
import type { Principal } from '../../shared/auth/principal.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey, learnerStatsKey, memberKey, notificationsPartition, organizationKey, tenantCoursesIndexKey } from '../../shared/db/keys.js';
import { reportsPartition } from '../../shared/db/reportKeys.js';
import { isoWeekday } from '../../shared/domain/reportSchedule.js';
import { reportBucketConfig } from '../../shared/reports/reportBucket.js';
import { inProcessReportDispatcher, setReportDispatcher } from '../../shared/reports/reportDispatcher.js';
import { runBackgroundReport } from '../../shared/reports/reportService.js';
import { listAllSchedules, runScheduledReports, runSchedule } from '../../shared/reports/reportSchedules.js';
import { FIGURE_LABELS, formatFigure } from '../../shared/reports/reportPdf.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import type { Role } from '../../shared/routes/types.js';
import { createAchievementAction } from '../../shared/schemas/achievements.js';
import { httpClient } from '../support/http.js';
import { appendRecords, ledgerRecord } from '../support/ledger.js';
import { putAll } from '../support/leaderboard.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Seed 000 §9 automated reports (docs/analytics.md §15). A hand-built tenant: three
 * learners (one inactive, one named like a spreadsheet formula), two courses, ledger records written
 * exactly as the engine writes them and folded by the real nightly aggregation, and the learners'
 * STATS rollups. Every expected figure is computed by hand in the comments below, never by the code.
 */
const api = httpClient(ROUTES, { reports: reportsHandler });
const unlimited = httpClient(ROUTES, { reports: createReportsHandler({ rateClasses: { reports: { limit: null, windowSeconds: 3600 } } }) });
const PATH = '/functions/v1/automated-reports';
const PERIOD = { start_date: '2026-10-01', end_date: '2026-10-07' };
const FORMULA_NAME = '=HYPERLINK("http://x")';

const dispatcher = inProcessReportDispatcher((job) => runBackgroundReport(job));
beforeAll(() => setReportDispatcher(dispatcher));
afterAll(() => setReportDispatcher(undefined));

interface Fixture {
  tenantId: string;
  admin: string;
  trainer: string;
  otherTrainer: string;
  ada: string;
  formula: string;
  idle: string;
  k1: string;
  k2: string;
  badge: string;
}

const token = (tenantId: string, userId: string, roles: Role[]) => tokenFor({ userId, tenantId, roles });

async function putCourse(tenantId: string, courseId: string, title: string, instructorIds: string[]): Promise<void> {
  const createdAt = new Date().toISOString();
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { ...courseKey(tenantId, courseId), ...tenantCoursesIndexKey(tenantId, createdAt, courseId), entity: 'course', tenantId, courseId, title, instructorIds, status: 'published', createdAt } }),
  );
}

async function putMember(tenantId: string, userId: string, roles: Role[], fullName?: string): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...memberKey(tenantId, userId), type: 'member', tenantId, userId, roles, ...(fullName ? { fullName } : {}), joinedAt: new Date().toISOString() } }));
}

/*
 * Ledger (time zone UTC, so each record's local date is its UTC date):
 *   Ada 09-25 10:00 K1 l1  600 s topic                         (the previous period)
 *   Ada 10-02 09:00 K1 l1  900 s topic                          ┐ one session (10 min gap)
 *   Ada 10-02 09:10 K1 l2  300 s topic, completes K1, award X   ┘ (points 10)
 *   Ada 10-04 18:00 K2 l1 1200 s topic, quiz 9/10 passed        one-record session (bounce)
 *   Ada 10-05 18:00 K2 l2  600 s                                one-record session (bounce)
 *   Formula 10-03 12:00 K1 l1 1800 s quiz 5/10 failed           one-record session (bounce)
 *   Idle: nothing.
 * STATS course progress: Ada {K1 100, K2 50} → 75.0; Formula {K1 30} → 30.0; Idle none → null.
 */
async function buildFixture(): Promise<Fixture> {
  const tenantId = uniqueTenant('rpt');
  const f: Fixture = { tenantId, admin: `adm-${randomUUID()}`, trainer: `tr-${randomUUID()}`, otherTrainer: `tr2-${randomUUID()}`, ada: `ada-${randomUUID()}`, formula: `fx-${randomUUID()}`, idle: `idle-${randomUUID()}`, k1: `k1-${randomUUID()}`, k2: `k2-${randomUUID()}`, badge: '' };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...organizationKey(tenantId), type: 'organization', tenantId, name: 'Acme Academy', createdAt: new Date().toISOString() } }));
  await putMember(tenantId, f.admin, ['org_admin'], 'Olga Admin');
  await putMember(tenantId, f.trainer, ['trainer'], 'Tom Trainer');
  await putMember(tenantId, f.otherTrainer, ['trainer'], 'Tara Trainer');
  await putMember(tenantId, f.ada, ['learner'], 'Ada Lovelace');
  await putMember(tenantId, f.formula, ['learner'], FORMULA_NAME);
  await putMember(tenantId, f.idle, ['learner'], 'Idle Ian');
  await putCourse(tenantId, f.k1, 'Intro to TypeScript', [f.trainer]);
  await putCourse(tenantId, f.k2, 'Serverless APIs', [f.otherTrainer]);
  const admin: Principal = { userId: f.admin, tenantId, roles: ['org_admin'], memberships: { [tenantId]: ['org_admin'] }, timeZone: 'UTC' };
  f.badge = (await createAchievement(admin, createAchievementAction.parse({ action: 'create', title: 'First Steps', achievement_type: 'milestone', tier: 'bronze', criteria: { courses_completed: 1000 } }), new Date())).achievementId;

  const rec = (userId: string, at: string, courseId: string, itemId: string, seconds: number, extra: Record<string, unknown> = {}) =>
    ledgerRecord({ tenantId, userId, now: new Date(at), timeZone: 'UTC', source: 'lesson.progress', contentType: 'course', contentId: courseId, itemId, seconds, ...extra });
  await appendRecords([
    rec(f.ada, '2026-09-25T10:00:00Z', f.k1, 'l1', 600, { itemCompleted: true }),
    rec(f.ada, '2026-10-02T09:00:00Z', f.k1, 'l1', 900, { itemCompleted: true }),
    rec(f.ada, '2026-10-02T09:10:00Z', f.k1, 'l2', 300, { itemCompleted: true, contentCompleted: true, awarded: [{ id: f.badge, title: 'First Steps', reason: 'fixture' }], points: 10 }),
    rec(f.ada, '2026-10-04T18:00:00Z', f.k2, 'l1', 1200, { itemCompleted: true, score: 9, maxScore: 10, passed: true }),
    rec(f.ada, '2026-10-05T18:00:00Z', f.k2, 'l2', 600),
    rec(f.formula, '2026-10-03T12:00:00Z', f.k1, 'l1', 1800, { score: 5, maxScore: 10, passed: false }),
  ]);
  await putAll([
    { ...learnerStatsKey(tenantId, f.ada), entity: 'learnerStats', courseProgress: { [f.k1]: 100, [f.k2]: 50 } },
    { ...learnerStatsKey(tenantId, f.formula), entity: 'learnerStats', courseProgress: { [f.k1]: 30 } },
  ]);
  // The first nightly run folds 09-25; the second catches up every date to 10-07 (the through date).
  await aggregateTenant({ tenantId, date: '2026-09-25', trigger: 'nightly' });
  await aggregateTenant({ tenantId, date: '2026-10-07', trigger: 'nightly' });
  return f;
}

/** RFC 4180 rows (quotes doubled inside quoted cells), enough for the CSV we write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const download = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
};

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
}

interface PdfWord {
  text: string;
  page: number;
  x: number;
  y: number;
}

/** The PDF's words with their positions (poppler's `pdftotext -bbox`), in content order. */
function pdfWords(pdf: Buffer): PdfWord[] {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const html = execFileSync('pdftotext', ['-bbox', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
  return html.split('<page ').slice(1).flatMap((page, i) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
      page: i,
      x: Number(m[1]),
      y: Number(m[2]),
      text: m[3]!.replace(/&(amp|lt|gt|quot|#39|apos);/g, (e) => entities[e]!),
    })),
  );
}

/**
 * The value printed in the summary card labelled `label`: the words below the label (≥ 12 pt lower, the
 * label's second line is not) and within the card's column (from the label's left edge, 150 pt wide),
 * on the label's page. Null when the label is not found.
 */
function cardValue(words: readonly PdfWord[], label: string): string | null {
  const parts = label.toUpperCase().split(/\s+/);
  const start = words.findIndex((_, i) => parts.every((p, k) => words[i + k]?.text === p));
  if (start < 0) return null;
  const { x, y, page } = words[start]!;
  return words.filter((w) => w.page === page && w.x >= x - 1 && w.x < x + 150 && w.y >= y + 12 && w.y < y + 45).map((w) => w.text).join(' ');
}

/** Every content stream of a PDF, inflated. */
function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (fonts are, images would not be text anyway)
    }
  }
  return out;
}

describe('automated reports: every report type of a hand-built tenant', () => {
  let f: Fixture;
  let adminToken: string;
  const generate = (tok: string, reportType: string, parameters: Record<string, unknown>, client = unlimited) =>
    client({ method: 'POST', path: PATH, token: tok, body: { action: 'generate_report', report_type: reportType, parameters: { date_range: PERIOD, ...parameters } } });

  beforeAll(async () => {
    f = await buildFixture();
    adminToken = token(f.tenantId, f.admin, ['org_admin']);
  }, 180_000);

  it('progress_summary: summary and per-learner figures equal the hand-computed values', async () => {
    const res = await generate(adminToken, 'progress_summary', { format: 'detailed', output: 'json' });
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.period).toEqual({ ...PERIOD, covered_days: 7 });
    expect(d.data_through).toBe('2026-10-07');
    // 3 learners, 2 active; points 10; mean progress (75 + 30) / 2 = 52.5; 1 award; topics 2 + 1 = 3;
    // K1 completed once; time (1200 + 1200 + 600 + 1800) s = 4800 s = 1.33 h → 1.3.
    expect(d.summary).toEqual({ users_analyzed: 3, active_learners: 2, total_progress_points: 10, average_completion_rate: 52.5, achievements_earned: 1, topics_completed: 3, courses_completed: 1, total_time_spent_hours: 1.3 });
    const byId = Object.fromEntries(d.user_details.map((u: { user_id: string }) => [u.user_id, u]));
    // Ada: 3 active days, 3 sessions of 3000 s → engagement round(40·3/5 + 30·3/5 + 30·(16.67/30)) = round(58.67) = 59;
    // previous period: 1 day, 1 session of 600 s → 8 + 6 + 10 = 24; 59 − 24 ≥ 5 → improving.
    expect(byId[f.ada]).toEqual({ user_id: f.ada, name: 'Ada Lovelace', progress_percentage: 75, courses_completed: 1, topics_completed: 3, achievements_earned: 1, points_earned: 10, total_time_spent_hours: 0.8, active_days: 3, sessions: 3, average_score: 90, engagement_score: 59, performance_trend: 'improving' });
    // Formula: 1 day, 1 session of 1800 s → 8 + 6 + 30 = 44; before: 0 → improving; score 5/10 = 50.
    expect(byId[f.formula]).toEqual({ user_id: f.formula, name: FORMULA_NAME, progress_percentage: 30, courses_completed: 0, topics_completed: 0, achievements_earned: 0, points_earned: 0, total_time_spent_hours: 0.5, active_days: 1, sessions: 1, average_score: 50, engagement_score: 44, performance_trend: 'improving' });
    // Idle: no course (null progress), no activity, engagement 0 in both periods → stable.
    expect(byId[f.idle]).toEqual({ user_id: f.idle, name: 'Idle Ian', progress_percentage: null, courses_completed: 0, topics_completed: 0, achievements_earned: 0, points_earned: 0, total_time_spent_hours: 0, active_days: 0, sessions: 0, average_score: null, engagement_score: 0, performance_trend: 'stable' });
    // Charts: learners active per date; progress 75 → 60-79 %, 30 → 20-39 %; only K1 was completed.
    expect(d.charts.daily_active_learners).toEqual([
      { date: '2026-10-01', learners: 0 }, { date: '2026-10-02', learners: 1 }, { date: '2026-10-03', learners: 1 }, { date: '2026-10-04', learners: 1 },
      { date: '2026-10-05', learners: 1 }, { date: '2026-10-06', learners: 0 }, { date: '2026-10-07', learners: 0 },
    ]);
    expect(d.charts.progress_distribution.map((b: { learners: number }) => b.learners)).toEqual([0, 1, 0, 1, 0]);
    expect(d.charts.completions_per_course).toEqual([{ course_id: f.k1, title: 'Intro to TypeScript', completions: 1 }]);
    // Rules triggered: Idle inactive (active_days), Formula's average_score 50 < 60, bounce_rate 75 > 40.
    expect(d.recommendation_details.map((r: { rule: string; figure: string; subject: { id: string | null } }) => [r.rule, r.figure, r.subject.id])).toEqual([
      ['inactive_learner', 'active_days', f.idle],
      ['low_average_score', 'average_score', f.formula],
      ['high_bounce_rate', 'bounce_rate', null],
    ]);
    expect(d.recommendations).toEqual(d.recommendation_details.map((r: { message: string }) => r.message));
  });

  it('engagement_summary: sessions, session length, bounce rate and engagement', async () => {
    const d = (await generate(adminToken, 'engagement_summary', { output: 'json' })).body.data;
    // 4 learner-days; 4 sessions of 4800 s → 20.0 min; bounces 0 + 1 + 1 + 1 = 3 of 4 → 75.0 %; mean(59, 44, 0) = 34.3.
    expect(d.summary).toEqual({ users_analyzed: 3, active_learners: 2, active_learner_days: 4, sessions: 4, session_duration_avg_minutes: 20, bounce_rate: 75, average_engagement_score: 34.3, total_time_spent_hours: 1.3 });
    expect(d.user_details).toBeUndefined();
  });

  it('course_performance: per course active learners, completions, rate, score and time', async () => {
    const d = (await generate(adminToken, 'course_performance', { output: 'json' })).body.data;
    // K1: Ada and Formula active, Ada completed → 50.0 %; score 50; 1200 + 1800 s = 0.8 h.
    // K2: Ada active, none completed → 0.0 %; score 90; 1800 s = 0.5 h.
    expect(d.courses).toEqual([
      { course_id: f.k1, title: 'Intro to TypeScript', learners_active: 2, completions: 1, completion_rate: 50, average_score: 50, time_spent_hours: 0.8 },
      { course_id: f.k2, title: 'Serverless APIs', learners_active: 1, completions: 0, completion_rate: 0, average_score: 90, time_spent_hours: 0.5 },
    ]);
    // Mean of 50 and 0 = 25.0; all attempts (90 + 50) / 2 = 70.
    expect(d.summary).toEqual({ users_analyzed: 3, active_learners: 2, courses_analyzed: 2, courses_completed: 1, average_completion_rate: 25, average_score: 70, total_time_spent_hours: 1.3 });
  });

  it('achievement_summary: awards, learners with awards, most popular and tiers from the tenant-days', async () => {
    const d = (await generate(adminToken, 'achievement_summary', { output: 'json' })).body.data;
    expect(d.summary).toEqual({
      users_analyzed: 3,
      active_learners: 2,
      achievements_earned: 1,
      learners_with_achievements: 1,
      points_earned: 10,
      most_popular_achievement: { id: f.badge, title: 'First Steps', earned_count: 1 },
      achievement_distribution: [{ level: 'bronze', count: 1 }, { level: 'silver', count: 0 }, { level: 'gold', count: 0 }, { level: 'legendary', count: 0 }],
    });
  });

  it('the JSON figures equal the nightly aggregates they come from', async () => {
    const d = (await generate(adminToken, 'engagement_summary', { output: 'json', format: 'detailed' })).body.data;
    const tenantDays = await readTenantDays(f.tenantId, PERIOD.start_date, PERIOD.end_date);
    // Every learner of the tenant is analysed, so the population's days are the tenant-days.
    const active = new Map(tenantDays.map((t) => [t.date, t.activeLearners]));
    for (const p of d.charts.daily_active_learners) expect(p.learners).toBe(active.get(p.date) ?? 0);
    expect(d.summary.sessions).toBe(tenantDays.reduce((a, t) => a + t.sessions, 0));
    const sessionSeconds = tenantDays.reduce((a, t) => a + t.sessionSeconds, 0);
    expect(d.summary.session_duration_avg_minutes).toBe(Math.round((sessionSeconds / d.summary.sessions / 60) * 10) / 10);
    for (const u of d.user_details) {
      const days = await readLearnerDays(f.tenantId, u.user_id, PERIOD.start_date, PERIOD.end_date);
      expect(u.active_days).toBe(days.filter((x) => x.events > 0).length);
      expect(u.total_time_spent_hours).toBe(Math.round(days.reduce((a, x) => a + x.seconds, 0) / 360) / 10);
    }
  });

  it.each(['progress_summary', 'engagement_summary', 'course_performance', 'achievement_summary'])('%s: the CSV holds exactly the JSON report\'s figures', async (reportType) => {
    const res = await generate(adminToken, reportType, { output: 'csv', format: 'detailed' });
    expect(res.status).toBe(200);
    const d = res.body.data;
    const file = await download(d.export_url);
    expect(file.status).toBe(200);
    const rows = parseCsv(file.bytes.toString('utf8'));
    expect(rows[0]).toEqual(['section', 'subject_id', 'subject_name', 'figure', 'value']);
    const cell = (v: unknown) => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const summaryRows = rows.filter((r) => r[0] === 'summary').map((r) => [r[3], r[4]]);
    expect(summaryRows).toEqual(Object.entries(d.summary).map(([k, v]) => [k, cell(v)]));
    const dal = rows.filter((r) => r[0] === 'daily_active_learners').map((r) => ({ date: r[1], learners: Number(r[4]) }));
    expect(dal).toEqual(d.charts.daily_active_learners);
    for (const u of d.user_details) {
      const mine = Object.fromEntries(rows.filter((r) => r[0] === 'user' && r[1] === u.user_id).map((r) => [r[3], r[4]]));
      const { user_id: _id, name: _name, ...figures } = u;
      expect(mine).toEqual(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, cell(v)])));
    }
    // course_performance: each course's rows hold its figures.
    expect(new Set(rows.filter((r) => r[0] === 'course').map((r) => r[1]))).toEqual(new Set((d.courses ?? []).map((c: { course_id: string }) => c.course_id)));
    for (const c of d.courses ?? []) {
      const mine = Object.fromEntries(rows.filter((r) => r[0] === 'course' && r[1] === c.course_id).map((r) => [r[3], r[4]]));
      const { course_id: _cid, title: _title, ...figures } = c;
      expect(mine).toEqual(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, cell(v)])));
    }
  });

  it.each(['progress_summary', 'engagement_summary', 'course_performance', 'achievement_summary'])('%s: the PDF text shows the JSON report\'s figures', async (reportType) => {
    const res = await generate(adminToken, reportType, { output: 'pdf', format: 'detailed' });
    expect(res.status).toBe(200);
    const d = res.body.data;
    const file = await download(d.export_url);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(file.bytes);
    expect(text).toContain('Acme Academy');
    expect(text).toContain('2026-10-01 to 2026-10-07');
    expect(text).toMatch(/Page 1 of \d+/);
    // Each summary card shows, under its own label, exactly the JSON's value.
    const words = pdfWords(file.bytes);
    for (const [name, value] of Object.entries(d.summary)) expect([name, cardValue(words, FIGURE_LABELS[name] ?? name)]).toEqual([name, formatFigure(name, value)]);
    // Each learner row of the table shows the learner's name, progress and hours.
    for (const u of d.user_details) {
      const line = text.split('\n').find((l) => l.trim().startsWith(u.name ?? u.user_id));
      expect(line).toBeDefined();
      expect(line).toContain(u.progress_percentage === null ? 'n/a' : `${u.progress_percentage}%`);
      expect(line).toContain(String(u.total_time_spent_hours));
    }
  });

  it('the PDF is valid and draws its charts as vector paths, with no raster image', async () => {
    const d = (await generate(adminToken, 'course_performance', { output: 'pdf', format: 'detailed' })).body.data;
    const pdf = (await download(d.export_url)).bytes;
    const dir = mkdtempSync(join(tmpdir(), 'cairn-pdf-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const info = execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+[1-9]/);
    // Fonts are embedded (Inter subsets), never a standard font the viewer substitutes.
    const fonts = execFileSync('pdffonts', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/Inter/);
    expect(fonts.split('\n').slice(2).filter((l) => l.trim()).every((l) => / yes /.test(l))).toBe(true);
    // No raster images at all: the charts are drawn.
    const images = execFileSync('pdfimages', ['-list', join(dir, 'r.pdf')], { encoding: 'utf8' }).trim().split('\n');
    expect(images.length).toBe(2);
    // The chart bars are filled rectangles / paths in the content streams: 7 days + 1 course + 5 buckets.
    const ops = contentStreams(pdf).join('\n');
    const paths = (ops.match(/\b(re|c|l)\n/g) ?? []).length;
    expect(paths).toBeGreaterThan(50);
    const text = pdfText(pdf);
    for (const axis of ['Active learners', 'Learner-local date', 'Learners who completed the course', 'Course progress']) expect(text).toContain(axis);
  });

  it('escapes a learner named like a formula in the CSV', async () => {
    const d = (await generate(adminToken, 'progress_summary', { output: 'csv', format: 'detailed' })).body.data;
    const raw = (await download(d.export_url)).bytes.toString('utf8');
    expect(raw).toContain(`"'=HYPERLINK(""http://x"")"`);
    const cells = parseCsv(raw).flat();
    expect(cells).toContain(`'${FORMULA_NAME}`);
    expect(cells.some((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d/.test(c))).toBe(false);
  });

  it('a trainer reports only on their own courses; session, award and point figures are null there', async () => {
    const trainerToken = token(f.tenantId, f.trainer, ['trainer']);
    const d = (await generate(trainerToken, 'progress_summary', { output: 'json', format: 'detailed' })).body.data;
    expect(d.scope).toEqual({ kind: 'courses', course_ids: [f.k1] });
    const ada = d.user_details.find((u: { user_id: string }) => u.user_id === f.ada);
    // K1 only: 10-02 (900 + 300 s = 0.3 h, 2 topics, completed); progress of K1 = 100.
    expect(ada).toMatchObject({ progress_percentage: 100, courses_completed: 1, topics_completed: 2, total_time_spent_hours: 0.3, active_days: 1, average_score: null, achievements_earned: null, points_earned: null, sessions: null, engagement_score: null });
    const other = await generate(trainerToken, 'course_performance', { output: 'json', course_ids: [f.k2] });
    expect(other.status).toBe(403);
  });

  it('include_users naming a user of another tenant is 404, and nothing about them is written or shown', async () => {
    const otherTenant = uniqueTenant('rpt-other');
    const outsider = `out-${randomUUID()}`;
    await putMember(otherTenant, outsider, ['learner'], 'Outside Olivia');
    await appendRecords([ledgerRecord({ tenantId: otherTenant, userId: outsider, now: new Date('2026-10-02T10:00:00Z'), timeZone: 'UTC', seconds: 999 })]);
    const before = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': reportsPartition(f.tenantId) }, Select: 'COUNT' }));
    const res = await generate(adminToken, 'progress_summary', { include_users: [f.ada, outsider], format: 'detailed', output: 'csv' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.rawBody).not.toContain(outsider);
    expect(res.rawBody).not.toContain('Olivia');
    const after = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': reportsPartition(f.tenantId) }, Select: 'COUNT' }));
    expect(after.Count).toBe(before.Count);
    // A report on the tenant's own learners never contains the outsider either.
    const own = await generate(adminToken, 'progress_summary', { include_users: [f.ada], format: 'detailed', output: 'csv' });
    expect(own.status).toBe(200);
    expect(own.body.data.summary.users_analyzed).toBe(1);
    const csv = (await download(own.body.data.export_url)).bytes.toString('utf8');
    expect(csv).not.toContain(outsider);
    expect(JSON.stringify(own.body)).not.toContain(outsider);
  });

  it('another tenant\'s report id is 404; learners and instructors get 403; no token is 401', async () => {
    const mine = (await generate(adminToken, 'progress_summary', { output: 'json' })).body.data.report_id as string;
    const otherTenant = uniqueTenant('rpt-x');
    const foreignAdmin = token(otherTenant, `a-${randomUUID()}`, ['org_admin']);
    const foreign = await unlimited({ method: 'POST', path: PATH, token: foreignAdmin, body: { action: 'get_report', report_id: mine } });
    expect(foreign.status).toBe(404);
    expect(foreign.rawBody).not.toContain('Acme');
    const own = await unlimited({ method: 'POST', path: PATH, token: adminToken, body: { action: 'get_report', report_id: mine } });
    expect(own.status).toBe(200);
    for (const role of ['learner', 'instructor'] as Role[]) {
      const res = await unlimited({ method: 'POST', path: PATH, token: token(f.tenantId, f.ada, [role]), body: { action: 'list_reports' } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AUTHORIZATION_DENIED');
    }
    expect((await unlimited({ method: 'POST', path: PATH, body: { action: 'list_reports' } })).status).toBe(401);
  });

  it('a trainer reads and lists only their own reports (another trainer\'s id is 404); an org admin reads every report', async () => {
    const mineToken = token(f.tenantId, f.trainer, ['trainer']);
    const otherToken = token(f.tenantId, f.otherTrainer, ['trainer']);
    const id = (await generate(mineToken, 'progress_summary', { output: 'json' })).body.data.report_id as string;
    const get = (tok: string) => unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'get_report', report_id: id } });
    expect((await get(mineToken)).status).toBe(200);
    const other = await get(otherToken);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const listed = await unlimited({ method: 'POST', path: PATH, token: otherToken, body: { action: 'list_reports', limit: 100 } });
    expect(listed.body.data.reports.map((r: { report_id: string }) => r.report_id)).not.toContain(id);
    expect((await get(adminToken)).status).toBe(200);
  });

  it('stores the files under keys that lead with the tenant: <tenant>/reports/<report id>/', async () => {
    const d = (await generate(adminToken, 'engagement_summary', { output: 'csv' })).body.data;
    const { bucket } = reportBucketConfig();
    // Path-style URL of the local S3: /<bucket>/<key>.
    expect(decodeURIComponent(new URL(d.export_url).pathname)).toBe(`/${bucket}/${f.tenantId}/reports/${d.report_id}/report.csv`);
  });

  it('enforces the seed\'s 10 report requests per hour per user', async () => {
    const caller = token(f.tenantId, f.admin, ['org_admin']);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api({ method: 'POST', path: PATH, token: caller, body: { action: 'list_reports', limit: 1 } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });

  it('export_url works before its expiry and fails after it', async () => {
    process.env.REPORT_URL_TTL_SECONDS = '2';
    try {
      const d = (await generate(adminToken, 'progress_summary', { output: 'pdf' })).body.data;
      expect(Date.parse(d.export_url_expires_at) - Date.now()).toBeLessThanOrEqual(2000);
      expect((await download(d.export_url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect((await download(d.export_url)).status).toBe(403);
      // get_report issues a fresh one.
      const again = await unlimited({ method: 'POST', path: PATH, token: adminToken, body: { action: 'get_report', report_id: d.report_id } });
      expect(again.body.data.export_url).not.toBe(d.export_url);
      expect((await download(again.body.data.export_url)).status).toBe(200);
      expect(again.body.data.summary).toEqual(d.summary);
    } finally {
      delete process.env.REPORT_URL_TTL_SECONDS;
    }
  });

  it('a standard report costs a fixed number of DynamoDB requests', async () => {
    const res = await generate(adminToken, 'progress_summary', { output: 'json' });
    // BatchGet (state, org, index) + members + courses + the learner rollups of 3 dates (the period's end
    // 10-07, the day before it 09-30 and the day before the previous period 09-23; no learner-day is read)
    // + STATS BatchGet + the record's Put.
    expect(res.dynamoDbByCommand).toEqual({ BatchGetItemCommand: 2, QueryCommand: 5, PutItemCommand: 1 });
  });

  it('lists reports newest first, a page at a time', async () => {
    const page1 = await unlimited({ method: 'POST', path: PATH, token: adminToken, body: { action: 'list_reports', limit: 2 } });
    expect(page1.status).toBe(200);
    expect(page1.body.data.reports).toHaveLength(2);
    const page2 = await unlimited({ method: 'POST', path: PATH, token: adminToken, body: { action: 'list_reports', limit: 2, cursor: page1.body.data.next_cursor } });
    const ids = [...page1.body.data.reports, ...page2.body.data.reports].map((r: { report_id: string }) => r.report_id);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort().reverse()).toEqual(ids);
    const bad = await unlimited({ method: 'POST', path: PATH, token: adminToken, body: { action: 'list_reports', cursor: Buffer.from(JSON.stringify({ pk: 'T#other#REPORTS', sk: 'R#x' })).toString('base64url') } });
    expect(bad.status).toBe(400);
  });
});

describe('automated reports: large reports in the background', () => {
  it('answers 202 over 500 learners, runs in the background and notifies the requester', async () => {
    const tenantId = uniqueTenant('rpt-big');
    const admin = `adm-${randomUUID()}`;
    await putMember(tenantId, admin, ['org_admin']);
    await putAll(Array.from({ length: 501 }, (_, i) => ({ ...memberKey(tenantId, `l-${String(i).padStart(4, '0')}`), type: 'member', tenantId, userId: `l-${String(i).padStart(4, '0')}`, roles: ['learner'] })));
    const tok = token(tenantId, admin, ['org_admin']);
    const res = await unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'generate_report', report_type: 'progress_summary', parameters: { date_range: 'last_7_days', output: 'csv' } } });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ status: 'processing', export_url: null, learners: 501 });
    await dispatcher.idle();
    const ready = await unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'get_report', report_id: res.body.data.report_id } });
    expect(ready.body.data.status).toBe('ready');
    expect(ready.body.data.summary.users_analyzed).toBe(501);
    expect((await download(ready.body.data.export_url)).status).toBe(200);
    const notes = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': notificationsPartition(tenantId, admin), ':n': 'N#' } }));
    expect(notes.Items?.map((n) => [n.kind, n.data?.report_id])).toEqual([['report_ready', res.body.data.report_id]]);
  });
});

describe('automated reports: schedules', () => {
  it('validates recipients, lists and deletes schedules', async () => {
    const tenantId = uniqueTenant('rpt-sch');
    const admin = `adm-${randomUUID()}`;
    const learner = `l-${randomUUID()}`;
    await putMember(tenantId, admin, ['org_admin']);
    await putMember(tenantId, learner, ['learner']);
    const tok = token(tenantId, admin, ['org_admin']);
    const body = { action: 'schedule_report', report_type: 'engagement_summary', frequency: 'monthly', day_of_month: 1, hour: 7, time_zone: 'Europe/Paris' };
    const bad = await unlimited({ method: 'POST', path: PATH, token: tok, body: { ...body, recipients: [admin, learner] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('body.recipients');
    const created = await unlimited({ method: 'POST', path: PATH, token: tok, body: { ...body, recipients: [admin] } });
    expect(created.status).toBe(201);
    const listed = await unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'list_schedules' } });
    expect(listed.body.data.schedules.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([created.body.data.schedule_id]);
    const deleted = await unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'delete_schedule', schedule_id: created.body.data.schedule_id } });
    expect(deleted.body.data).toEqual({ schedule_id: created.body.data.schedule_id, deleted: true });
    expect((await unlimited({ method: 'POST', path: PATH, token: tok, body: { action: 'list_schedules' } })).body.data.schedules).toEqual([]);
    expect((await listAllSchedules()).some((s) => s.scheduleId === created.body.data.schedule_id)).toBe(false);
  });

  it('a schedule fired twice for one period gives one report and one notification per recipient', async () => {
    const tenantId = uniqueTenant('rpt-dup');
    const admin = `adm-${randomUUID()}`;
    const trainer = `tr-${randomUUID()}`;
    await putMember(tenantId, admin, ['org_admin']);
    await putMember(tenantId, trainer, ['trainer']);
    await putMember(tenantId, `l-${randomUUID()}`, ['learner']);
    // Thursday 2026-10-08 10:00 UTC: a weekly schedule on Thursdays at 09:00 UTC is due, for 10-01 … 10-07.
    const now = new Date('2026-10-08T10:00:00Z');
    const created = await unlimited({
      method: 'POST',
      path: PATH,
      token: token(tenantId, admin, ['org_admin']),
      body: { action: 'schedule_report', report_type: 'progress_summary', frequency: 'weekly', day_of_week: isoWeekday('2026-10-08'), hour: 9, time_zone: 'UTC', recipients: [admin, trainer], parameters: { output: 'pdf' } },
    });
    expect(created.status).toBe(201);
    const schedule = (await listAllSchedules()).find((s) => s.scheduleId === created.body.data.schedule_id)!;
    // Two firings at once, then the next hourly run and the job itself.
    const [a, b] = await Promise.all([runSchedule(schedule, now), runSchedule(schedule, now)]);
    expect([a.outcome, b.outcome].sort()).toEqual(['claimed_elsewhere', 'generated']);
    expect((await runSchedule(schedule, new Date('2026-10-08T11:00:00Z'))).outcome).toBe('already_done');
    const job = await runScheduledReports(new Date('2026-10-08T12:00:00Z'));
    expect(job.runs.find((r) => r.scheduleId === schedule.scheduleId)?.outcome).toBe('already_done');

    const reports = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': reportsPartition(tenantId) } }));
    expect(reports.Items?.map((r) => [r.scheduleId, r.schedulePeriod, r.status, r.range])).toEqual([[schedule.scheduleId, 'W2026-10-01', 'ready', { start_date: '2026-10-01', end_date: '2026-10-07' }]]);
    for (const recipient of [admin, trainer]) {
      const notes = await documentClient().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': notificationsPartition(tenantId, recipient), ':n': 'N#' } }));
      expect(notes.Items?.map((n) => n.kind)).toEqual(['report_ready']);
    }
    // The next week's run is a new period: one more report.
    expect((await runSchedule(schedule, new Date('2026-10-15T09:30:00Z'))).outcome).toBe('generated');
  });
});
