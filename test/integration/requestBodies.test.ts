import { randomUUID } from 'node:crypto';
import { catalogApi, caller, createCourse, createLesson, createSection } from '../support/catalog.js';
import { member, unlimitedProgressApi } from '../support/progress.js';
import { uniqueTenant } from '../support/tokens.js';

// Issue 17, found by trying the API as a new user would: many HTTP clients send `{}` (or nothing, or
// whitespace) with every POST; and an anonymous caller must learn nothing about a route's input.
const publishPath = (courseId: string) => `/api/v1/instructor/courses/${courseId}/publish/`;
const completePath = (tutorialId: string) => `/v1/tutorials/progress/${tutorialId}/complete`;
const json = { 'content-type': 'application/json' };

describe('no-body POST routes accept an empty body', () => {
  const bodies: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }][] = [
    ['no body', {}],
    ['an empty body', { rawBody: '', headers: json }],
    ['whitespace', { rawBody: ' \n', headers: json }],
    ['{}', { body: {} }],
  ];

  it.each(bodies)('course publish (no body schema) accepts %s', async (_label, input) => {
    const author = caller(uniqueTenant('body'), 'instructor');
    const courseId = await createCourse(author);
    await createLesson(author, courseId, await createSection(author, courseId));
    const response = await catalogApi({ method: 'POST', path: publishPath(courseId), token: author.token, ...input });
    expect(response.status).toBe(200);
    expect(response.body.status ?? response.body.data?.status).toBe('published');
  });

  it.each(bodies)('tutorial complete accepts %s', async (_label, input) => {
    const learner = member(uniqueTenant('body'));
    const tutorialId = `tut-${randomUUID().slice(0, 8)}`;
    const chapter = await unlimitedProgressApi({ method: 'POST', path: `/v1/tutorials/progress/${tutorialId}/chapter`, token: learner.token, body: { chapterId: 'c1', watchTime: 5, completed: true, totalChapters: 1 } });
    expect(chapter.status).toBe(200);
    const response = await unlimitedProgressApi({ method: 'POST', path: completePath(tutorialId), token: learner.token, ...input });
    expect(response.status).toBe(200);
    expect(response.body.certificateEarned ?? response.body.completed ?? true).toBeTruthy();
  });

  it('still refuses a non-empty body on a route that takes none', async () => {
    const author = caller(uniqueTenant('body'), 'instructor');
    const courseId = await createCourse(author);
    const response = await catalogApi({ method: 'POST', path: publishPath(courseId), token: author.token, body: { force: true } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('unexpected_body');
  });
});

describe('authentication comes before the body', () => {
  const anonymous: [string, string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }][] = [
    ['malformed JSON to tutorial complete', completePath('tut-anon'), { rawBody: '{"userId":', headers: json }],
    ['an unexpected body to course publish', publishPath('course-anon'), { body: { force: true } }],
    ['malformed JSON to course publish', publishPath('course-anon'), { rawBody: '{oops', headers: json }],
    ['a non-JSON content type to tutorial complete', completePath('tut-anon'), { rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ['a wrong field to tutorial complete', completePath('tut-anon'), { body: { userId: 42, extra: true } }],
  ];

  it.each(anonymous)('an anonymous POST with %s gets 401', async (_label, path, input) => {
    const api = path.startsWith('/v1/') ? unlimitedProgressApi : catalogApi;
    const response = await api({ method: 'POST', path, ...input });
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).not.toMatch(/invalid_json|unexpected_body|VALIDATION_ERROR/);
  });

  it('an oversized body may still be refused before authentication', async () => {
    const response = await unlimitedProgressApi({ method: 'POST', path: completePath('tut-anon'), rawBody: JSON.stringify({ pad: 'x'.repeat(100_000) }), headers: json });
    expect([400, 413]).toContain(response.status);
    expect(JSON.stringify(response.body)).toMatch(/exceeds the \d+-byte limit/);
  });
});
