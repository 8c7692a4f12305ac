import { GetCommand, PutCommand, UpdateCommand } from '../db/commands.js';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { LessonRecord } from '../catalog/course.js';
import { createLesson } from '../catalog/contentService.js';
import { createLessonBody } from '../schemas/catalog.js';
import { documentClient, tableName } from '../db/client.js';
import { generatedQuizKey } from '../db/keys.js';
import { AI_PLAN_LIMITS, usagePeriods, usedNow } from '../domain/aiPlanLimits.js';
import { NotFoundError, ValidationError } from '../http/errors.js';
import type * as s from '../schemas/assistant.js';
import { HINT_LEVELS } from '../schemas/assistant.js';
import { meteredAiRequest } from './aiRequest.js';
import { planAndUsage } from './aiUsageRepository.js';
import { exchangeOfRequest, newMessageId, recentTurns, saveExchange, type Exchange } from './chatStore.js';
import { catalogCourseContext, type Caller } from './contextAssembly.js';
import { rankPassages } from './localModel.js';
import type { ContextDocument } from './modelPort.js';
import { aiModels } from './modelProvider.js';
import { SYSTEM_PROMPTS, conversation, delimitedUserTurn } from './promptAssembly.js';
import { QUIZ_RULES, quizOutputSchema, quizToolShape, type QuestionType } from './quizSchema.js';
import { generateStructured, toolSchema } from './structuredOutput.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * Seed 002's AI assistant: chat send, hint, quiz generation, saving a generated quiz as a lesson, and
 * the plan limits. Each model-calling route is metered (aiRequest.ts) and sees only what
 * contextAssembly.ts lets it see.
 */
export interface RequestMeta {
  requestId: string;
  /** The client chose the request id (X-Request-ID), so a replay is expected. */
  clientRequestId: boolean;
  route: string;
  now: Date;
}

const sourceOf = (kind: 'bedrock' | 'local') => (kind === 'local' ? 'retrieval' : 'model') as 'retrieval' | 'model';
const HISTORY_EXCHANGES = 6;
const MAX_TOKENS = 1024;

type ChatSendInput = z.output<typeof s.chatSendBody>;

function actionOf(lesson: LessonRecord): 'watch_video' | 'read_lesson' | 'take_quiz' | 'practice' | 'open_lesson' {
  return lesson.type === 'video' ? 'watch_video' : lesson.type === 'reading' ? 'read_lesson' : lesson.type === 'quiz' ? 'take_quiz' : lesson.type === 'practice' ? 'practice' : 'open_lesson';
}

/** Lessons of the context ranked by overlap with the question: the answer's references and next steps. */
function relevantLessons(documents: readonly ContextDocument[], lessons: readonly LessonRecord[], query: string, preferred?: string): LessonRecord[] {
  const ranked = rankPassages(documents.filter((d) => d.kind === 'lesson'), query).filter((p) => p.score > 0);
  const ids = [...new Set([...(preferred ? [`lesson:${preferred}`] : []), ...ranked.map((p) => p.documentId)])];
  return ids.map((docId) => lessons.find((l) => `lesson:${l.lessonId}` === docId)).filter((l): l is LessonRecord => l !== undefined).slice(0, 3);
}

/** `POST /api/v1/ai-assistant/chat/send/`. */
export async function chatSend(caller: Caller, input: ChatSendInput, meta: RequestMeta) {
  if (meta.clientRequestId) {
    const replay = await exchangeOfRequest(caller, meta.requestId);
    if (replay?.answer) return replay.answer;
  }
  const sessionId = input.session_id ?? randomUUID();
  const scope = `S#${sessionId}`;
  const [context, history] = await Promise.all([catalogCourseContext(caller, input.context.course_id, input.context.lesson_id), recentTurns(caller, scope, HISTORY_EXCHANGES)]);
  if (input.session_id !== undefined && history.exchanges.length === 0) throw new NotFoundError('Assistant session not found');
  const { chat } = await aiModels();
  const { result: reply, usage } = await meteredAiRequest({ ...caller, route: meta.route, requestId: meta.requestId, now: meta.now }, async () => {
    const reply = await chat.converse({
      system: SYSTEM_PROMPTS.chat,
      messages: conversation(history.turns, delimitedUserTurn({ documents: context.documents, userText: input.message })),
      documents: context.documents,
      query: input.message,
      maxTokens: MAX_TOKENS,
      temperature: 0.3,
    });
    return { result: reply, replies: [reply] };
  });
  const lessons = relevantLessons(context.documents, context.lessons, input.message, input.context.lesson_id);
  const timestamp = input.context.timestamp_seconds ?? null;
  const messageId = newMessageId(meta.now);
  const answer = {
    message_id: messageId,
    response: reply.text,
    session_id: sessionId,
    usage,
    references: lessons.map((l) => ({ type: 'lesson' as const, lesson_id: l.lessonId, timestamp: l.lessonId === input.context.lesson_id ? timestamp : null, content: [l.title, l.description].filter(Boolean).join('. '), title: l.title })),
    suggested_actions: lessons.map((l) => ({ type: actionOf(l), lesson_id: l.lessonId, timestamp: null, label: `Open "${l.title}"` })),
    source: sourceOf(chat.kind),
    model: reply.modelId,
  };
  const exchange: Exchange = {
    messageId,
    scope,
    courseId: input.context.course_id,
    sessionId,
    requestId: meta.requestId,
    message: input.message,
    context: input.context,
    status: 'answered',
    response: reply.text,
    answer,
    modelId: reply.modelId,
    createdAt: meta.now.toISOString(),
    answeredAt: meta.now.toISOString(),
  };
  const saved = await saveExchange(caller, exchange);
  return saved.exchange.answer ?? answer;
}

const hintTool = lazySchema(() => z.object({ hint: z.string().trim().min(1).max(2000), related_examples: z.array(z.object({ code: z.string().max(2000), explanation: z.string().max(1000) })).max(3).default([]) }));

/** `POST /api/v1/ai-assistant/agents/hint/`: the level follows the number of previous hints. */
export async function generateHint(caller: Caller, input: z.output<typeof s.hintBody>, meta: RequestMeta) {
  const levelIndex = input.previous_hints.length;
  const level = HINT_LEVELS[levelIndex] as (typeof HINT_LEVELS)[number];
  const context = await catalogCourseContext(caller, input.course_id, input.lesson_id);
  const { chat } = await aiModels();
  const task = `Give a ${level} hint (level ${levelIndex + 1} of ${HINT_LEVELS.length}) about "${input.concept}" for a learner who is ${input.difficulty_level}. Previous hints: ${JSON.stringify(input.previous_hints)}`;
  const { result, usage } = await meteredAiRequest({ ...caller, route: meta.route, requestId: meta.requestId, now: meta.now }, async () => {
    const out = await generateStructured(
      chat,
      {
        system: SYSTEM_PROMPTS.hint,
        messages: [{ role: 'user', text: delimitedUserTurn({ documents: context.documents, task, userText: input.concept }) }],
        documents: context.documents.slice(0, 20),
        query: input.concept,
        tool: { name: 'emit_hint', description: 'Return the hint', inputSchema: toolSchema(hintTool) },
        toolArgs: { concept: input.concept, level_index: levelIndex, previous_hints: input.previous_hints },
        maxTokens: 600,
        temperature: 0.3,
      },
      hintTool,
      'hint',
    );
    return { result: out.value, replies: out.replies };
  });
  return {
    hint_id: randomUUID(),
    hint: result.hint,
    level,
    next_hint_available: levelIndex + 1 < HINT_LEVELS.length,
    related_examples: result.related_examples,
    usage,
    source: sourceOf(chat.kind),
  };
}

const QUIZ_DAYS = 30;

/** `POST /api/v1/ai-assistant/agents/quiz/`: validated questions, stored 30 days for saving as a lesson. */
export async function generateQuiz(caller: Caller, input: z.output<typeof s.quizBody>, meta: RequestMeta) {
  const context = await catalogCourseContext(caller, input.course_id, input.lesson_id);
  const types = input.question_types as QuestionType[];
  const { chat } = await aiModels();
  const task = `Write exactly ${input.question_count} ${input.difficulty} questions of the types ${types.join(', ')} about ${input.topics.join(', ') || 'the lesson'}, from the course material only.`;
  const { result, usage } = await meteredAiRequest({ ...caller, route: meta.route, requestId: meta.requestId, now: meta.now }, async () => {
    const out = await generateStructured(
      chat,
      {
        system: SYSTEM_PROMPTS.quiz,
        messages: [{ role: 'user', text: delimitedUserTurn({ documents: context.documents, task, userText: input.topics.join(', ') }) }],
        documents: context.documents,
        query: input.topics.join(' '),
        tool: { name: 'emit_quiz', description: 'Return the quiz questions', inputSchema: toolSchema(quizToolShape) },
        toolArgs: { question_count: input.question_count, question_types: types, difficulty: input.difficulty, topics: input.topics },
        maxTokens: 4096,
        temperature: 0.2,
      },
      quizOutputSchema(input.question_count, types),
      'quiz',
    );
    return { result: out.value, replies: out.replies };
  });
  const quizId = randomUUID();
  const questions = result.questions.map((q) => ({ id: randomUUID(), type: q.type, question: q.question, options: q.options, correct_answer: q.correct_answer, explanation: q.explanation, difficulty: input.difficulty, points: QUIZ_RULES.pointsPerQuestion }));
  const total = questions.length * QUIZ_RULES.pointsPerQuestion;
  const quiz = {
    quiz_id: quizId,
    course_id: input.course_id,
    lesson_id: input.lesson_id,
    questions,
    total_points: total,
    passing_score: Math.ceil((total * QUIZ_RULES.passPercent) / 100),
    time_limit_minutes: questions.length * QUIZ_RULES.minutesPerQuestion,
    usage,
    source: sourceOf(chat.kind),
    saved_lesson_id: null as string | null,
  };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...generatedQuizKey(caller.tenantId, caller.userId, quizId), entity: 'generatedQuiz', quiz, createdAt: meta.now.toISOString(), expiresAt: Math.floor(meta.now.getTime() / 1000) + QUIZ_DAYS * 86_400 },
    }),
  );
  return quiz;
}

interface StoredQuiz {
  course_id: string;
  lesson_id: string;
  questions: unknown[];
  total_points: number;
  passing_score: number;
  time_limit_minutes: number;
  saved_lesson_id: string | null;
}

/**
 * Saves one of the caller's generated quizzes as a quiz lesson of its course through the authoring
 * service (the caller must be able to author the course: 403 otherwise; another user's quiz: 404).
 * The lesson gets the quiz's maximum and passing score and duration; the quiz item keeps the questions,
 * stops expiring and records the lesson id. Saving twice is refused (409 is the authoring service's).
 */
export async function saveQuizAsLesson(caller: Caller, quizId: string, input: z.output<typeof s.saveQuizBody>, now: Date) {
  const key = generatedQuizKey(caller.tenantId, caller.userId, quizId);
  const found = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const quiz = found.Item?.quiz as StoredQuiz | undefined;
  if (!quiz) throw new NotFoundError('Generated quiz not found');
  if (quiz.saved_lesson_id) {
    throw new ValidationError([{ field: 'params.quiz_id', message: `Already saved as lesson ${quiz.saved_lesson_id}`, code: 'already_saved' }]);
  }
  const title = input.title ?? `Quiz: ${quiz.questions.length} generated questions`;
  // The catalog's own lesson rules (title length, duration bounds, scores) apply to the saved quiz.
  const lessonInput = createLessonBody.safeParse({
    title,
    description: `Generated quiz ${quizId} (${quiz.questions.length} questions) about lesson ${quiz.lesson_id}.`,
    type: 'quiz',
    duration_minutes: quiz.time_limit_minutes,
    max_score: quiz.total_points,
    pass_score: quiz.passing_score,
    ...(input.order !== undefined ? { order: input.order } : {}),
  });
  if (!lessonInput.success) {
    throw new ValidationError(lessonInput.error.issues.map((issue) => ({ field: `body.${issue.path.join('.') || 'title'}`, message: issue.message, code: issue.code })));
  }
  const { lesson } = await createLesson(caller.tenantId, quiz.course_id, input.section_id, caller, lessonInput.data, now);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET quiz.saved_lesson_id = :lesson REMOVE expiresAt',
      ExpressionAttributeValues: { ':lesson': lesson.lessonId },
    }),
  );
  return { quiz_id: quizId, course_id: quiz.course_id, section_id: input.section_id, lesson_id: lesson.lessonId, title: lesson.title, max_score: quiz.total_points, pass_score: quiz.passing_score, duration_minutes: quiz.time_limit_minutes };
}

/** `GET /api/v1/ai-assistant/user/check-limits/`: the plan's limits, today's and this month's usage, reset times. */
export async function checkLimits(caller: Caller, now: Date) {
  const { plan, counters } = await planAndUsage(caller.userId);
  const limits = AI_PLAN_LIMITS[plan];
  const used = usedNow(counters, now);
  const periods = usagePeriods(now);
  return {
    subscription_plan: plan,
    limits: { daily_limit: limits.daily, monthly_limit: limits.monthly },
    usage: { daily_used: used.daily, monthly_used: used.monthly, daily_remaining: Math.max(0, limits.daily - used.daily), monthly_remaining: Math.max(0, limits.monthly - used.monthly) },
    reset_times: { daily_reset: periods.dailyReset.toISOString(), monthly_reset: periods.monthlyReset.toISOString() },
    // What Cairn offers, honestly: every plan uses the stage's configured model; there is no code execution,
    // no image generation and no priority queue.
    features: { gpt4_access: true, code_execution: false, image_generation: false, priority_queue: false },
  };
}
