import { PutCommand } from '../../shared/db/commands.js';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { createCertificatesHandler } from '../../lambdas/certificates/handler.js';
import { handler as enrollmentsHandler } from '../../lambdas/enrollments/handler.js';
import { handler as learnerAnalyticsHandler } from '../../lambdas/learnerAnalytics/handler.js';
import { CERTIFICATE_ID_BITS, CERTIFICATE_ID_PATTERN, countEarned, newCertificateId } from '../../shared/certificates/certificate.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { certificatesPartition, organizationKey, profileKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { ensureEnrollment, revokeEnrollment } from '../../shared/enrollment/enrollmentWrites.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { catalogApi, createCourse, createLesson, createSection, type Caller } from '../support/catalog.js';
import { httpClient } from '../support/http.js';
import { member, storeMember, unlimitedProgressApi, type Learner } from '../support/progress.js';
import { tokenFor, uniqueTenant } from '../support/tokens.js';

/**
 * Issue 23: certificates issued exactly once from the course completion record and seed 001
 * `complete`, their landscape PDF with a verification URL and QR code, public verification, revocation
 * (refund, admin), access and seed 002 `certificates_earned`.
 */
const HOST = 'learn.example.com';
const BASE = `https://${HOST}`;
const certificatesHandler = createCertificatesHandler({ rateClasses: { 'authenticated-hourly': { limit: null, windowSeconds: 3600 } } });
const call = httpClient(ROUTES, { certificates: certificatesHandler, enrollments: enrollmentsHandler, learnerAnalytics: learnerAnalyticsHandler });
const api = (options: Parameters<typeof call>[0]) => call({ ...options, headers: { host: HOST, ...options.headers } });
const progress = (options: Parameters<typeof unlimitedProgressApi>[0]) => unlimitedProgressApi({ ...options, headers: { host: HOST, ...options.headers } });
const TRACKING = '/functions/v1/enhanced-progress-tracking';

/** jsqr is CommonJS with a default export: its function, however the module loader presents it. */
type QrReader = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: QrReader = ((jsqrModule as unknown as { default?: QrReader }).default ?? (jsqrModule as unknown as QrReader));

/** Where the rendered pages are kept for a look (the test run's temp dir). */
const ARTIFACTS = mkdtempSync(join(tmpdir(), 'cairn-certificates-'));

interface Course {
  tenantId: string;
  author: Caller;
  courseId: string;
  lessons: string[];
}

async function putItem(item: Record<string, unknown>): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
}

/** An organization record and a learner profile with a display name (what the certificate freezes). */
async function organization(tenantId: string, name: string): Promise<void> {
  await putItem({ ...organizationKey(tenantId), type: 'organization', tenantId, name, createdAt: new Date().toISOString() });
}

async function learnerNamed(tenantId: string, fullName: string, timeZone = 'UTC', email = `${randomUUID()}@example.com`): Promise<Learner & { email: string }> {
  const learner = member(tenantId, ['learner'], timeZone);
  await storeMember(tenantId, learner.userId);
  await putItem({ ...profileKey(learner.userId), type: 'profile', userId: learner.userId, email, fullName, timezone: timeZone, memberships: { [tenantId]: { roles: ['learner'], joinedAt: new Date().toISOString() } } });
  return { ...learner, email };
}

async function course(tenantId: string, lessonCount: number, fields: Record<string, unknown> = {}): Promise<Course> {
  const userId = randomUUID();
  const author = { userId, token: tokenFor({ userId, tenantId, roles: ['instructor'] }) };
  const courseId = await createCourse(author, { price: 0, ...fields });
  const section = await createSection(author, courseId);
  const lessons: string[] = [];
  for (let i = 0; i < lessonCount; i++) lessons.push(await createLesson(author, courseId, section, { title: `Lesson ${i + 1}` }));
  const published = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.rawBody}`);
  return { tenantId, author, courseId, lessons };
}

const completeLesson = (who: Learner, c: Course, lessonId: string) =>
  progress({ method: 'POST', path: TRACKING, token: who.token, body: { action: 'record_completion', block_id: `${c.courseId}.${lessonId}` } });

async function completeCourse(who: Learner, c: Course): Promise<void> {
  for (const lessonId of c.lessons) {
    const res = await completeLesson(who, c, lessonId);
    if (res.status !== 200) throw new Error(`record_completion: ${res.status} ${res.rawBody}`);
  }
}

async function certificateItems(tenantId: string, userId: string) {
  return queryCollection(certificatesPartition(tenantId, userId), { consistent: true });
}

async function onlyCertificateId(tenantId: string, userId: string): Promise<string> {
  const certs = (await certificateItems(tenantId, userId)).filter((item) => (item.sk as string).startsWith('C#'));
  expect(certs).toHaveLength(1);
  return certs[0]?.certificateId as string;
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Seed 001: two chapters completed (100 %), then `complete`. */
async function earnTutorial(who: Learner, tutorialId: string, key?: string) {
  for (const chapterId of ['intro', 'deep-dive']) {
    const res = await progress({ method: 'POST', path: `/v1/tutorials/progress/${tutorialId}/chapter`, token: who.token, body: { chapterId, watchTime: 300, completed: true, totalChapters: 2 } });
    expect(res.status).toBe(200);
  }
  return progress({ method: 'POST', path: `/v1/tutorials/progress/${tutorialId}/complete`, token: who.token, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
}

describe('issuing exactly once', () => {
  it('10 concurrent completions of a course\'s last lessons issue one certificate', async () => {
    const tenantId = uniqueTenant('cert');
    await organization(tenantId, 'Acme Academy');
    const c = await course(tenantId, 10);
    const ada = await learnerNamed(tenantId, 'Ada Lovelace');
    const results = await Promise.all(c.lessons.map((lessonId) => completeLesson(ada, c, lessonId)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Exactly one write completed the course; one certificate, one lookup, one index entry.
    expect(results.filter((r) => r.body.data.course_completed === true).length).toBeGreaterThanOrEqual(1);
    const items = await certificateItems(tenantId, ada.userId);
    const certs = items.filter((item) => (item.sk as string).startsWith('C#'));
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ kind: 'course', subjectId: c.courseId, status: 'issued', learnerName: 'Ada Lovelace', organizationName: 'Acme Academy' });
    const index = items.find((item) => item.sk === 'INDEX');
    expect([...(index?.issued as Set<string>)]).toHaveLength(1);

    // Ten more concurrent completions of an already completed course: still the one certificate.
    await Promise.all(c.lessons.map((lessonId) => completeLesson(ada, c, lessonId)));
    expect(await onlyCertificateId(tenantId, ada.userId)).toBe(certs[0]?.certificateId);
  });

  it('a replayed, repeated or reset-then-redone tutorial complete answers the same certificate', async () => {
    const tenantId = uniqueTenant('cert');
    const ada = await learnerNamed(tenantId, 'Ada Lovelace');
    const key = randomUUID();
    const first = await earnTutorial(ada, 'serverless-basics', key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ certificateEarned: true, certificateId: expect.stringMatching(CERTIFICATE_ID_PATTERN), certificateUrl: expect.stringContaining('/certificates/') });
    const id = first.body.certificateId as string;
    const replay = await progress({ method: 'POST', path: '/v1/tutorials/progress/serverless-basics/complete', token: ada.token, headers: { 'idempotency-key': key } });
    expect(replay.body.certificateId).toBe(id);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => progress({ method: 'POST', path: '/v1/tutorials/progress/serverless-basics/complete', token: ada.token })));
    expect(new Set(concurrent.map((r) => r.body.certificateId))).toEqual(new Set([id]));
    expect((await progress({ method: 'DELETE', path: '/v1/tutorials/progress/serverless-basics', token: ada.token })).status).toBe(200);
    const again = await earnTutorial(ada, 'serverless-basics');
    expect(again.body.certificateId).toBe(id);
    const get = await progress({ method: 'GET', path: '/v1/tutorials/progress/serverless-basics', token: ada.token });
    expect(get.body).toMatchObject({ certificateEarned: true, certificateId: id, certificateUrl: expect.any(String) });
    expect(await onlyCertificateId(tenantId, ada.userId)).toBe(id);
  });

  it('ids carry 160 random bits: 40 hex digits from the CSPRNG, every bit position varies', () => {
    expect(CERTIFICATE_ID_BITS).toBeGreaterThanOrEqual(128);
    const ids = Array.from({ length: 2000 }, newCertificateId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^cert_[0-9a-f]{40}$/);
    // Each of the 160 bits is set in roughly half the ids (binomial(2000, 0.5): 1000 ± 3.5σ ≈ ±78).
    for (let bit = 0; bit < 160; bit++) {
      const ones = ids.filter((id) => (parseInt(id.charAt(5 + Math.floor(bit / 4)), 16) >> (3 - (bit % 4))) & 1).length;
      expect(Math.abs(ones - 1000)).toBeLessThan(120);
    }
  });
});

describe('the PDF', () => {
  it('is a landscape page with the name, title and verification URL, and a QR code of that URL', async () => {
    const tenantId = uniqueTenant('cert');
    await organization(tenantId, 'Northwind Learning Guild');
    const c = await course(tenantId, 2, { title: 'Event-Driven Architecture on AWS' });
    const ada = await learnerNamed(tenantId, 'Ada Lovelace-Byron', 'Pacific/Auckland');
    await completeCourse(ada, c);
    const id = await onlyCertificateId(tenantId, ada.userId);
    const mine = await api({ method: 'GET', path: `/api/v1/certificates/${id}/`, token: ada.token });
    expect(mine.status).toBe(200);
    const verification = `${BASE}/api/v1/certificates/${id}/verify/`;
    expect(mine.body).toMatchObject({ certificate_id: id, title: 'Event-Driven Architecture on AWS', learner_name: 'Ada Lovelace-Byron', organization_name: 'Northwind Learning Guild', status: 'issued', verification_url: verification, time_zone: 'Pacific/Auckland' });

    const dir = join(ARTIFACTS, id);
    mkdirSync(dir, { recursive: true });
    const pdfPath = join(dir, 'certificate.pdf');
    writeFileSync(pdfPath, await download(mine.body.certificate_url));
    const info = execFileSync('pdfinfo', [pdfPath]).toString();
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts/); // A4 landscape
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    expect(text).toContain('Ada Lovelace-Byron');
    expect(text).toContain('Event-Driven Architecture on AWS');
    expect(text).toContain('Northwind Learning Guild');
    expect(text).toContain(verification);

    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfPath, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(qr?.data).toBe(verification);
  });
});

describe('public verification', () => {
  async function issued() {
    const tenantId = uniqueTenant('cert');
    await organization(tenantId, 'Acme Academy');
    const c = await course(tenantId, 1, { title: 'Intro to DynamoDB' });
    const ada = await learnerNamed(tenantId, 'Ada Lovelace', 'UTC', `ada-${randomUUID()}@example.com`);
    await completeCourse(ada, c);
    return { tenantId, c, ada, id: await onlyCertificateId(tenantId, ada.userId) };
  }

  it('answers without a token with what the certificate shows, and no email or user id', async () => {
    const { ada, id } = await issued();
    const res = await api({ method: 'GET', path: `/api/v1/certificates/${id}/verify/` });
    expect(res.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body).toEqual({
      certificate_id: id,
      status: 'issued',
      valid: true,
      learner_name: 'Ada Lovelace',
      title: 'Intro to DynamoDB',
      kind: 'course',
      organization_name: 'Acme Academy',
      issued_on: today,
      revoked_at: null,
      verification_url: `${BASE}/api/v1/certificates/${id}/verify/`,
    });
    expect(res.rawBody).not.toContain(ada.userId);
    expect(res.rawBody).not.toContain(ada.email);
    expect(res.headers['x-ratelimit-limit']).toBe('100'); // anonymous: 100/hour per client IP
  });

  it('answers 404 for an unknown or malformed id and once the learner hides their certificates', async () => {
    const { ada, id } = await issued();
    expect((await api({ method: 'GET', path: `/api/v1/certificates/${newCertificateId()}/verify/` })).status).toBe(404);
    expect((await api({ method: 'GET', path: '/api/v1/certificates/not-an-id/verify/' })).status).toBe(404);
    const hide = await api({ method: 'PUT', path: '/api/v1/certificates/settings/', token: ada.token, body: { public_verification: false } });
    expect(hide.body).toEqual({ public_verification: false });
    const hidden = await api({ method: 'GET', path: `/api/v1/certificates/${id}/verify/` });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    // The learner still has it (and its PDF); verification comes back when switched on.
    expect((await api({ method: 'GET', path: `/api/v1/certificates/${id}/`, token: ada.token })).body.certificate_url).toEqual(expect.any(String));
    await api({ method: 'PUT', path: '/api/v1/certificates/settings/', token: ada.token, body: { public_verification: true } });
    expect((await api({ method: 'GET', path: `/api/v1/certificates/${id}/verify/` })).status).toBe(200);
    const unknownField = await api({ method: 'PUT', path: '/api/v1/certificates/settings/', token: ada.token, body: { public_verification: true, user_id: 'x' } });
    expect(unknownField.status).toBe(400);
  });

  it('shows revoked after a refund revokes the enrollment; certificate_url and certificates_earned drop it', async () => {
    const tenantId = uniqueTenant('cert');
    await organization(tenantId, 'Acme Academy');
    const c = await course(tenantId, 1, { title: 'Paid Course', price: 49.99 });
    const ada = await learnerNamed(tenantId, 'Ada Lovelace');
    await ensureEnrollment({ tenantId, userId: ada.userId, courseId: c.courseId, source: 'paid', paymentId: `pay_${'2'.repeat(32)}`, amountPaidCents: 4999, currency: 'USD', now: new Date() });
    await completeCourse(ada, c);
    const id = await onlyCertificateId(tenantId, ada.userId);
    expect((await api({ method: 'GET', path: '/api/v1/analytics/learning/?period=all_time', token: ada.token })).body.summary.certificates_earned).toBe(1);

    // The refund webhook's path (stripeWebhook.ts → revokeEnrollment), twice as a redelivery would.
    for (let i = 0; i < 2; i++) await revokeEnrollment({ tenantId, userId: ada.userId, courseId: c.courseId, refundId: 're_1', paymentId: `pay_${'2'.repeat(32)}`, now: new Date() });
    const res = await api({ method: 'GET', path: `/api/v1/certificates/${id}/verify/` });
    expect(res.body).toMatchObject({ status: 'revoked', valid: false, revoked_at: expect.any(String) });
    const mine = await api({ method: 'GET', path: `/api/v1/certificates/${id}/`, token: ada.token });
    expect(mine.body).toMatchObject({ status: 'revoked', revoked_reason: 'refund', certificate_url: null });
    expect((await api({ method: 'GET', path: '/api/v1/analytics/learning/?period=all_time', token: ada.token })).body.summary.certificates_earned).toBe(0);
  });

  it('an org admin revokes with a reason (once); learners and instructors may not', async () => {
    const { tenantId, c, ada, id } = await issued();
    const admin = member(tenantId, ['org_admin']);
    expect((await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: ada.token, body: { reason: 'mine' } })).status).toBe(403);
    expect((await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: c.author.token, body: { reason: 'nope' } })).status).toBe(403);
    const noReason = await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: admin.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('body.reason');
    const revoked = await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: admin.token, body: { reason: 'Academic misconduct' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked_reason: 'Academic misconduct', certificate_url: null });
    const again = await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: admin.token, body: { reason: 'Second thoughts' } });
    expect(again.body.revoked_reason).toBe('Academic misconduct');
    expect((await api({ method: 'GET', path: `/api/v1/certificates/${id}/verify/` })).body.status).toBe('revoked');
    const otherAdmin = member(uniqueTenant('cert'), ['org_admin']);
    expect((await api({ method: 'POST', path: `/api/v1/certificates/${id}/revoke/`, token: otherAdmin.token, body: { reason: 'Not yours' } })).status).toBe(404);
  });
});

describe('access to certificate_url', () => {
  it('the learner, the course\'s instructor and org admins get it; another learner and another tenant get 404; no token 401', async () => {
    const tenantId = uniqueTenant('cert');
    const c = await course(tenantId, 1);
    const ada = await learnerNamed(tenantId, 'Ada Lovelace');
    const bob = await learnerNamed(tenantId, 'Bob Builder');
    await completeCourse(ada, c);
    await completeCourse(bob, c);
    const id = await onlyCertificateId(tenantId, ada.userId);
    const admin = member(tenantId, ['org_admin']);
    const otherInstructor = member(tenantId, ['instructor']);
    const foreignAdmin = member(uniqueTenant('cert'), ['org_admin']);
    const get = (token?: string) => api({ method: 'GET', path: `/api/v1/certificates/${id}/`, ...(token ? { token } : {}) });
    for (const who of [ada.token, c.author.token, admin.token]) {
      const res = await get(who);
      expect(res.status).toBe(200);
      expect(res.body.certificate_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cairn-reports\/.+\/certificates\/cert_[0-9a-f]{40}\.pdf\?/);
    }
    for (const who of [bob.token, otherInstructor.token, foreignAdmin.token]) expect((await get(who)).status).toBe(404);
    expect((await get()).status).toBe(401);

    // The learner's own list and seed 002's enrollment views carry it too.
    const list = await api({ method: 'GET', path: '/api/v1/certificates/', token: ada.token });
    expect(list.body).toMatchObject({ count: 1, public_verification: true, results: [{ certificate_id: id, certificate_url: expect.any(String) }] });
    await ensureEnrollment({ tenantId, userId: ada.userId, courseId: c.courseId, source: 'free', now: new Date() });
    const student = await api({ method: 'GET', path: '/api/v1/student/courses/', token: ada.token });
    expect(student.body.results[0].certificate_url).toEqual(expect.stringContaining(`/certificates/${id}.pdf`));
    const enrollments = await api({ method: 'GET', path: '/api/v1/enrollments/', token: ada.token });
    expect(enrollments.body.results[0].certificate).toMatchObject({ certificate_id: id, status: 'issued', verification_url: `${BASE}/api/v1/certificates/${id}/verify/`, certificate_url: expect.any(String) });
    const courseProgress = await progress({ method: 'GET', path: `/api/v1/student/courses/${c.courseId}/progress/`, token: ada.token });
    expect(courseProgress.body.certificate_url).toEqual(expect.stringContaining(`/certificates/${id}.pdf`));
  });
});

describe('certificates_earned (seed 002 learning analytics)', () => {
  it('counts issued, unrevoked certificates dated in the period, per course with course_id', async () => {
    // Hand count: one course certificate (today) + one tutorial certificate (today) = 2; the course filter
    // keeps the course's one; a certificate of another course revoked by an admin is not counted.
    const tenantId = uniqueTenant('cert');
    const [k1, k2] = [await course(tenantId, 1), await course(tenantId, 1)];
    const ada = await learnerNamed(tenantId, 'Ada Lovelace');
    await completeCourse(ada, k1 as Course);
    await completeCourse(ada, k2 as Course);
    expect((await earnTutorial(ada, 'tut-1')).status).toBe(200);
    const all = (await api({ method: 'GET', path: '/api/v1/certificates/', token: ada.token })).body.results as { certificate_id: string; course_id: string | null }[];
    const k2Cert = all.find((r) => r.course_id === k2?.courseId)?.certificate_id;
    const admin = member(tenantId, ['org_admin']);
    await api({ method: 'POST', path: `/api/v1/certificates/${k2Cert}/revoke/`, token: admin.token, body: { reason: 'Issued in error' } });
    const learning = (query: string) => api({ method: 'GET', path: `/api/v1/analytics/learning/${query}`, token: ada.token });
    expect((await learning('?period=month')).body.summary.certificates_earned).toBe(2);
    expect((await learning('?period=all_time')).body.summary.certificates_earned).toBe(2);
    expect((await learning(`?period=month&course_id=${k1?.courseId}`)).body.summary.certificates_earned).toBe(1);
    expect((await learning(`?period=month&course_id=${k2?.courseId}`)).body.summary.certificates_earned).toBe(0);
  });

  it('the rule on hand-made index entries: the window is inclusive and narrows by course', () => {
    const entries = ['2026-11-01|course:k1|cert_a', '2026-11-30|tutorial:t1|cert_b', '2026-12-01|course:k2|cert_c'];
    expect(countEarned(entries)).toBe(3);
    expect(countEarned(entries, { from: '2026-11-01', to: '2026-11-30' })).toBe(2);
    expect(countEarned(entries, { from: '2026-11-01', to: '2026-11-30' }, 'k1')).toBe(1);
    expect(countEarned(entries, undefined, 'k3')).toBe(0);
  });
});
