import { GetCommand } from '../../shared/db/commands.js';
import { RETRIEVAL_LABEL } from '../../shared/ai/localModel.js';
import { setAiModelsForTests } from '../../shared/ai/modelProvider.js';
import { getCourseTree } from '../../shared/catalog/courseRepository.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { aiCallKey, aiUsageKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { handler as identityHandler } from '../../lambdas/identity/handler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { aiApi, person, storePlan, storeUsage, type Person } from '../support/ai.js';
import { httpClient } from '../support/http.js';
import { catalogApi, createCourse, createLesson, createSection } from '../support/catalog.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * Seed 002 AI assistant through the whole HTTP stack and DynamoDB Local, with the local provider
 * (deterministic retrieval over the course's lesson text, labelled as such).
 */
beforeAll(() => setAiModelsForTests(undefined));

const call = aiApi();

const LESSONS = [
  { title: 'React hooks', type: 'video', description: 'Hooks let function components use state. The useState hook returns the current state and a setter function.' },
  { title: 'Effects', type: 'reading', description: 'The useEffect hook synchronizes a component with external systems. Effects run after render when their dependencies change.' },
  { title: 'Testing components', type: 'practice', description: 'Write tests with a test runner and assertions about rendered output.' },
];

interface Course {
  tenantId: string;
  author: Person;
  courseId: string;
  sectionId: string;
  lessonIds: string[];
}

async function reactCourse(tenantId = uniqueTenant('ai')): Promise<Course> {
  const author = person(tenantId, ['instructor']);
  const courseId = await createCourse(author, { title: 'Advanced React Development' });
  const sectionId = await createSection(author, courseId);
  const lessonIds: string[] = [];
  for (const lesson of LESSONS) lessonIds.push(await createLesson(author, courseId, sectionId, lesson));
  const published = await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  if (published.status !== 200) throw new Error(`publish ${published.status}`);
  return { tenantId, author, courseId, sectionId, lessonIds };
}

const send = (who: Person, course: Course, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: who.token, headers, body: { message, context: { course_id: course.courseId, lesson_id: course.lessonIds[1] }, ...extra } });

describe('AI assistant: chat send (seed 002)', () => {
  it('answers from the lesson text, labelled as retrieval, with references and suggested actions that are real lessons', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);

    const response = await send(learner, course, 'How does useEffect synchronize with external systems?', { context: { course_id: course.courseId, lesson_id: course.lessonIds[1], timestamp_seconds: 245 } });

    expect(response.status).toBe(200);
    expect(response.body.response.startsWith(RETRIEVAL_LABEL)).toBe(true);
    expect(response.body.response).toContain('"The useEffect hook synchronizes a component with external systems." (Effects)');
    expect(response.body.source).toBe('retrieval');
    expect(response.body.model).toBe('local-retrieval');
    expect(response.body.references[0]).toEqual({ type: 'lesson', lesson_id: course.lessonIds[1], timestamp: 245, content: `Effects. ${LESSONS[1]!.description}`, title: 'Effects' });
    expect(response.body.suggested_actions[0]).toEqual({ type: 'read_lesson', lesson_id: course.lessonIds[1], timestamp: null, label: 'Open "Effects"' });
    for (const action of response.body.suggested_actions) expect(course.lessonIds).toContain(action.lesson_id);
    expect(response.body.usage.cost_usd).toBe(0);
    expect(response.body.usage.total_tokens).toBe(response.body.usage.prompt_tokens + response.body.usage.completion_tokens);
    expect(typeof response.body.session_id).toBe('string');
    // Limiter 1 + course tree 1 + session turns 1 + profile and usage 1 + usage update 1 + call record 1 + exchange transaction 1.
    expect(response.dynamoDbByCommand).toEqual({ UpdateItemCommand: 2, QueryCommand: 3, PutItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it('continues a session, refuses an unknown session id with 404, and records usage and cost per call', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const first = await send(learner, course, 'What does useState return?');
    const second = await send(learner, course, 'And the setter?', { session_id: first.body.session_id });
    expect(second.status).toBe(200);
    expect(second.body.session_id).toBe(first.body.session_id);

    const unknown = await send(learner, course, 'Hello', { session_id: 'no-such-session' });
    expect(unknown.status).toBe(404);

    const calls = await queryCollection(aiCallKey(course.tenantId, learner.userId, '', '').pk, { skPrefix: 'C#', consistent: true });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ route: 'assistant.chatSend', modelId: 'local-retrieval', costUsd: 0, fallbackUsed: false, inputTokens: first.body.usage.prompt_tokens, outputTokens: first.body.usage.completion_tokens });
  });

  it('answers a replay of the same X-Request-ID with the stored answer and counts it once', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const headers = { 'x-request-id': `req-${Date.now()}-replay` };
    const first = await send(learner, course, 'What does useState return?', {}, headers);
    const replay = await send(learner, course, 'What does useState return?', {}, headers);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const usage = await documentClient().send(new GetCommand({ TableName: tableName(), Key: aiUsageKey(learner.userId), ConsistentRead: true }));
    expect(usage.Item?.dayCount).toBe(1);
  });

  it.each([
    ['another tenant\'s course', async (_course: Course) => person(uniqueTenant('other'))],
  ])('answers 404 for %s', async (_case, intruderOf) => {
    const course = await reactCourse();
    const intruder = await intruderOf(course);
    expect((await send(intruder, course, 'Tell me about hooks')).status).toBe(404);
  });

  it('answers 404 for a draft course to a learner, and for a lesson of another course', async () => {
    const tenantId = uniqueTenant('ai');
    const author = person(tenantId, ['instructor']);
    const draft = await createCourse(author);
    const learner = person(tenantId);
    const response = await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: learner.token, body: { message: 'hi', context: { course_id: draft } } });
    expect(response.status).toBe(404);
    const course = await reactCourse(tenantId);
    const wrongLesson = await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: learner.token, body: { message: 'hi', context: { course_id: course.courseId, lesson_id: 'not-a-lesson' } } });
    expect(wrongLesson.status).toBe(404);
  });

  it('refuses no token with 401 and unknown fields with 400 naming the field', async () => {
    const course = await reactCourse();
    expect((await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', body: { message: 'x', context: { course_id: course.courseId } } })).status).toBe(401);
    const learner = person(course.tenantId);
    const bad = await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: learner.token, body: { message: 'x', context: { course_id: course.courseId }, user_id: 'someone-else' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(bad.body.error.details)).toContain('user_id');
  });
});

describe('AI assistant: plan limits (seed 002 check-limits, 429)', () => {
  it('reports the plan, usage and the next UTC resets', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    await storePlan(learner.userId, 'premium');
    await send(learner, course, 'What does useState return?');
    const response = await call({ method: 'GET', path: '/api/v1/ai-assistant/user/check-limits/', token: learner.token });
    expect(response.status).toBe(200);
    // One Query of the profile and its usage item (a standard-class read: the limiter counts it in memory).
    expect(response.dynamoDbByCommand).toEqual({ QueryCommand: 1 });
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    expect(response.body).toEqual({
      subscription_plan: 'premium',
      limits: { daily_limit: 50, monthly_limit: 1500 },
      usage: { daily_used: 1, monthly_used: 1, daily_remaining: 49, monthly_remaining: 1499 },
      reset_times: { daily_reset: tomorrow, monthly_reset: nextMonth },
      features: { gpt4_access: true, code_execution: false, image_generation: false, priority_queue: false },
    });
    // The profile's seed 002 `subscription` reads the same counters.
    const profile = await httpClient(ROUTES, { identity: identityHandler })({ method: 'GET', path: '/api/v1/auth/profile/', token: learner.token });
    expect(profile.body.subscription).toEqual({ plan: 'premium', ai_limit: 50, ai_used: 1 });
  });

  it('admits exactly the free plan\'s 3 of 20 concurrent sends and answers the rest 429 in seed 002\'s shape', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => send(learner, course, `Question ${i} about useState`)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    const refused = responses.find((r) => r.status === 429)!;
    const now = new Date();
    const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(refused.body).toEqual({
      status: 'error',
      error: {
        code: 'AI_LIMIT_EXCEEDED',
        message: 'AI usage limit exceeded: 3 requests per day on your plan',
        details: [{ message: `The daily allowance resets at ${new Date(tomorrow).toISOString()}.` }],
        retry_after: expect.any(Number),
      },
      timestamp: expect.any(String),
      request_id: expect.any(String),
    });
    expect(Math.abs(refused.body.error.retry_after - (tomorrow - Date.now()) / 1000)).toBeLessThan(60);
    expect(refused.headers['retry-after']).toBe(String(refused.body.error.retry_after));
    const usage = await documentClient().send(new GetCommand({ TableName: tableName(), Key: aiUsageKey(learner.userId), ConsistentRead: true }));
    expect(usage.Item).toMatchObject({ dayCount: 3, monthCount: 3 });
  });

  it('admits exactly one of 20 concurrent sends at the premium monthly boundary (1499 of 1500, new day)', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    await storePlan(learner.userId, 'premium');
    const today = new Date().toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    // Yesterday's counter (or, on the 1st, a day that cannot be today) with 1499 this month.
    await storeUsage(learner.userId, { day: `${month}-00`, dayCount: 40, month, monthCount: 1499 });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => send(learner, course, `Question ${i}`)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(19);
    expect(refused[0]!.body.error.message).toBe('AI usage limit exceeded: 1500 requests per month on your plan');
    const usage = await documentClient().send(new GetCommand({ TableName: tableName(), Key: aiUsageKey(learner.userId), ConsistentRead: true }));
    expect(usage.Item).toMatchObject({ day: today, dayCount: 1, month, monthCount: 1500 });
  });
});

describe('AI assistant: hints', () => {
  it('levels hints by the previous ones and never repeats a previous hint', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const body = { lesson_id: course.lessonIds[1], course_id: course.courseId, concept: 'useEffect dependencies', difficulty_level: 'struggling' };
    const first = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/hint/', token: learner.token, body: { ...body, previous_hints: [] } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ level: 'basic', next_hint_available: true, source: 'retrieval', related_examples: [] });
    const second = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/hint/', token: learner.token, body: { ...body, previous_hints: [first.body.hint] } });
    expect(second.body.level).toBe('intermediate');
    expect(second.body.hint).not.toBe(first.body.hint);
    const third = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/hint/', token: learner.token, body: { ...body, previous_hints: [first.body.hint, second.body.hint] } });
    expect(third.body).toMatchObject({ level: 'advanced', next_hint_available: false });
    const fourth = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/hint/', token: learner.token, body: { ...body, previous_hints: ['a', 'b', 'c'] } });
    expect(fourth.status).toBe(400);
    expect(fourth.body.error.details[0].field).toBe('body.previous_hints');
  });
});

describe('AI assistant: quiz generation and saving as a lesson', () => {
  const quizBody = (course: Course, extra: Record<string, unknown> = {}) => ({ lesson_id: course.lessonIds[0], course_id: course.courseId, topics: ['useState', 'useEffect'], question_count: 5, difficulty: 'intermediate', question_types: ['multiple_choice', 'true_false'], ...extra });

  it('returns exactly the requested number and types with answers in range, 10 points each, 70 % to pass', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const response = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/quiz/', token: learner.token, body: quizBody(course) });
    expect(response.status).toBe(200);
    expect(response.body.questions).toHaveLength(5);
    for (const q of response.body.questions) {
      expect(['multiple_choice', 'true_false']).toContain(q.type);
      expect(q.correct_answer).toBeGreaterThanOrEqual(0);
      expect(q.correct_answer).toBeLessThan(q.options.length);
      expect(q.points).toBe(10);
    }
    expect(new Set(response.body.questions.map((q: { type: string }) => q.type))).toEqual(new Set(['multiple_choice', 'true_false']));
    // 5 × 10 = 50 points, ⌈0.7 × 50⌉ = 35 to pass, 5 × 2 = 10 minutes (the seed's example figures).
    expect(response.body).toMatchObject({ total_points: 50, passing_score: 35, time_limit_minutes: 10, saved_lesson_id: null, source: 'retrieval' });
  });

  it('lets the course\'s instructor save it as a quiz lesson; a learner gets 403, another user\'s quiz is 404', async () => {
    const course = await reactCourse();
    const generated = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/quiz/', token: course.author.token, body: quizBody(course, { question_count: 3 }) });
    expect(generated.status).toBe(200);
    const quizId = generated.body.quiz_id;

    const learner = person(course.tenantId);
    const asLearner = await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, token: learner.token, body: { section_id: course.sectionId } });
    expect(asLearner.status).toBe(403);
    const otherInstructor = person(course.tenantId, ['instructor']);
    const notTheirs = await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, token: otherInstructor.token, body: { section_id: course.sectionId } });
    expect(notTheirs.status).toBe(404);
    const otherTenant = person(uniqueTenant('other'), ['instructor'], course.author.userId);
    expect((await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, token: otherTenant.token, body: { section_id: course.sectionId } })).status).toBe(404);
    expect((await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, body: { section_id: course.sectionId } })).status).toBe(401);

    const saved = await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, token: course.author.token, body: { section_id: course.sectionId, title: 'Hooks check' } });
    expect(saved.status).toBe(201);
    // 3 × 10 = 30 points, ⌈0.7 × 30⌉ = 21 to pass, 3 × 2 = 6 minutes.
    expect(saved.body).toMatchObject({ quiz_id: quizId, course_id: course.courseId, section_id: course.sectionId, title: 'Hooks check', max_score: 30, pass_score: 21, duration_minutes: 6 });
    const tree = await getCourseTree(course.tenantId, course.courseId, true);
    const lesson = tree?.lessons.find((l) => l.lessonId === saved.body.lesson_id);
    expect(lesson).toMatchObject({ title: 'Hooks check', type: 'quiz', maxScore: 30, passScore: 21, durationMinutes: 6, order: 4 });

    const again = await call({ method: 'POST', path: `/api/v1/ai-assistant/agents/quiz/${quizId}/save/`, token: course.author.token, body: { section_id: course.sectionId } });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0]).toMatchObject({ field: 'params.quiz_id', code: 'already_saved' });
  });

  it('refuses a question count over 20 and an unknown question type with 400', async () => {
    const course = await reactCourse();
    const learner = person(course.tenantId);
    const tooMany = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/quiz/', token: learner.token, body: quizBody(course, { question_count: 21 }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].field).toBe('body.question_count');
    const badType = await call({ method: 'POST', path: '/api/v1/ai-assistant/agents/quiz/', token: learner.token, body: quizBody(course, { question_types: ['essay'] }) });
    expect(badType.status).toBe(400);
  });
});
