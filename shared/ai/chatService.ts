import type * as z from 'zod';
import { NotFoundError } from '../http/errors.js';
import type { PersonalCourseRecord } from '../personalCourses/personalCourse.js';
import { getPersonalCourse } from '../personalCourses/personalCourseRepository.js';
import type { WriteIdentity } from '../progress/eventId.js';
import type * as s from '../schemas/chat.js';
import { logProgress } from '../sessions/progressLogService.js';
import { AiServiceError } from './aiErrors.js';
import { meteredAiRequest } from './aiRequest.js';
import { consumeAiRequest, recordAiCall, refundAiRequest, usageOf, type ConsumedRequest } from './aiUsageRepository.js';
import { claimForStream, exchangeOfRequest, exchangePage, finishStream, getExchange, newMessageId, recentTurns, saveExchange, type Exchange } from './chatStore.js';
import { memoryDocuments, personalCourseContext, type Caller } from './contextAssembly.js';
import { rankPassages } from './localModel.js';
import { retrieveMemories, storeMemory } from './memoryService.js';
import type { ContextDocument, ModelRequest } from './modelPort.js';
import { aiModels } from './modelProvider.js';
import { SYSTEM_PROMPTS, conversation, delimitedUserTurn } from './promptAssembly.js';

/**
 * Seed 004 chat about one of the caller's personal courses: a message (with auto-logging of the
 * exercise in its context), the SSE stream of an answer, and the history.
 *
 * Auto-logging: a message whose context names `current_exercise` writes an exercise progress log
 * through the progress engine (shared/sessions/progressLogService.ts) with the request's event id
 * (X-Request-ID, else API Gateway's request id): a replayed request logs once. A message that reports
 * discomfort (pain, hurt, pull, strain, injury, twinge, sharp) marks the log `needsAttention` and
 * stores a `struggle` memory `<exercise>_form` (importance 0.8) — a fixed rule, not a model's guess.
 */
export interface ChatCaller extends Caller {
  timeZone: string;
}

export interface ChatMeta {
  requestId: string;
  identity: WriteIdentity;
  route: string;
  now: Date;
}

const DISCOMFORT = /\b(pain\w*|hurt\w*|pull(ed|ing)?|strain\w*|injur\w*|twinge\w*|sharp)\b/i;
const HISTORY_EXCHANGES = 6;
const MEMORIES_IN_CONTEXT = 5;

type MessageInput = z.output<typeof s.chatMessageBody>;

interface Answer extends Record<string, unknown> {
  requestId: string;
  messageId: string;
  status: 'answered' | 'pending';
  response: string | null;
  suggestions: string[];
  autoLogged: { id: string; exercise: string; weight: string | null; reps: number | null; notes: string | null; needsAttention: boolean } | null;
  memoryUpdate: { type: 'struggle'; key: string; importance: number } | null;
  retryable: boolean;
  source: 'model' | 'retrieval' | null;
  usage: ReturnType<typeof usageOf> | null;
  streamUrl: string | null;
}

async function ownCourse(caller: Caller, courseId: string) {
  const course = await getPersonalCourse(caller, courseId);
  if (!course) throw new NotFoundError('Course not found');
  return course;
}

/** Writes the exercise log of a message's context (once per event id), and the struggle memory when it reports discomfort. */
async function autoLog(caller: ChatCaller, courseId: string, input: MessageInput, meta: ChatMeta): Promise<Pick<Answer, 'autoLogged' | 'memoryUpdate'>> {
  const exercise = input.context?.current_exercise;
  if (!exercise) return { autoLogged: null, memoryUpdate: null };
  const needsAttention = DISCOMFORT.test(input.message);
  const notes = needsAttention ? 'form correction needed' : undefined;
  const log = await logProgress(
    { tenantId: caller.tenantId, userId: caller.userId, timeZone: caller.timeZone, identity: meta.identity, now: meta.now },
    {
      course_id: courseId,
      activity_type: 'exercise',
      data: {
        exercise,
        ...(input.context?.weight !== undefined ? { weight: input.context.weight } : {}),
        ...(input.context?.reps_completed !== undefined ? { reps: input.context.reps_completed } : {}),
        ...(input.context?.sets_completed !== undefined ? { sets: input.context.sets_completed } : {}),
        source: 'chat',
      },
      ...(input.sessionId ? { session_id: input.sessionId } : {}),
      ...(input.context?.module_id ? { module_id: input.context.module_id } : {}),
      ...(notes ? { notes } : {}),
    },
  );
  const key = `${log.exercise ?? exercise}_form`;
  if (needsAttention) {
    const { embedding } = await aiModels();
    await storeMemory(caller, { memory_type: 'struggle', key, value: input.message, context: courseId, importance_score: 0.8 }, embedding, meta.now);
  }
  return {
    autoLogged: { id: log.logId, exercise: log.exercise ?? exercise, weight: input.context?.weight ?? null, reps: input.context?.reps_completed ?? null, notes: notes ?? null, needsAttention },
    memoryUpdate: needsAttention ? { type: 'struggle', key, importance: 0.8 } : null,
  };
}

/** The model request for a course message: course and curriculum, the caller's own memories and history. */
async function chatRequest(caller: ChatCaller, course: PersonalCourseRecord, message: string, scope: string): Promise<{ request: ModelRequest; documents: ContextDocument[] }> {
  const { embedding } = await aiModels();
  const [context, memories, history] = await Promise.all([
    personalCourseContext(caller, course),
    retrieveMemories(caller, { query: message, limit: MEMORIES_IN_CONTEXT }, embedding),
    recentTurns(caller, scope, HISTORY_EXCHANGES),
  ]);
  const documents = [...context.documents, ...memoryDocuments(memories)];
  return {
    documents,
    request: {
      system: SYSTEM_PROMPTS.chat,
      messages: conversation(history.turns, delimitedUserTurn({ documents, userText: message })),
      documents,
      query: message,
      maxTokens: 1024,
      temperature: 0.3,
    },
  };
}

/** Up to three titles of the course's curriculum nodes that share words with the message (real nodes only). */
function suggestionsFor(documents: readonly ContextDocument[], message: string): string[] {
  const ranked = rankPassages(documents.filter((d) => d.kind === 'curriculum'), message).filter((p) => p.score > 0);
  return [...new Set(ranked.map((p) => p.title))].slice(0, 3);
}

const sourceOf = (kind: 'bedrock' | 'local') => (kind === 'local' ? 'retrieval' : 'model') as 'retrieval' | 'model';

/** `POST /api/chat/{course_id}/message`. */
export async function chatMessage(caller: ChatCaller, courseId: string, input: MessageInput, meta: ChatMeta): Promise<{ answer: Answer; status: number }> {
  if (meta.identity.clientSupplied) {
    const replay = await exchangeOfRequest(caller, meta.requestId);
    if (replay?.answer) return { answer: replay.answer as Answer, status: replay.status === 'answered' ? 200 : 202 };
  }
  const course = await ownCourse(caller, courseId);
  const scope = `C#${courseId}`;
  const messageId = newMessageId(meta.now);
  const base = { requestId: meta.requestId, messageId, retryable: true };

  if (input.stream) {
    const consumed = await consumeAiRequest(caller.userId, meta.now);
    const logged = await autoLog(caller, courseId, input, meta);
    const answer: Answer = { ...base, status: 'pending', response: null, suggestions: [], ...logged, source: null, usage: null, streamUrl: `/api/chat/${courseId}/stream?after=${messageId}` };
    const exchange: Exchange = { messageId, scope, courseId, ...(input.sessionId ? { sessionId: input.sessionId } : {}), requestId: meta.requestId, message: input.message, ...(input.context ? { context: input.context } : {}), status: 'pending', answer: { ...answer, consumed }, createdAt: meta.now.toISOString() };
    const saved = await saveExchange(caller, exchange);
    return { answer: stripConsumed(saved.exchange.answer) as Answer, status: 202 };
  }

  const { chat } = await aiModels();
  const { result } = await meteredAiRequest({ ...caller, route: meta.route, requestId: meta.requestId, now: meta.now }, async () => {
    const logged = await autoLog(caller, courseId, input, meta);
    const { request, documents } = await chatRequest(caller, course, input.message, scope);
    const reply = await chat.converse(request);
    return { result: { reply, logged, documents }, replies: [reply] };
  });
  const answer: Answer = {
    ...base,
    status: 'answered',
    response: result.reply.text,
    suggestions: suggestionsFor(result.documents, input.message),
    ...result.logged,
    source: sourceOf(chat.kind),
    usage: usageOf([result.reply]),
    streamUrl: null,
  };
  const exchange: Exchange = { messageId, scope, courseId, ...(input.sessionId ? { sessionId: input.sessionId } : {}), requestId: meta.requestId, message: input.message, ...(input.context ? { context: input.context } : {}), status: 'answered', response: result.reply.text, answer, modelId: result.reply.modelId, createdAt: meta.now.toISOString(), answeredAt: meta.now.toISOString() };
  const saved = await saveExchange(caller, exchange);
  return { answer: stripConsumed(saved.exchange.answer) as Answer, status: 200 };
}

const stripConsumed = (answer: Record<string, unknown> | undefined) => {
  if (!answer) return answer;
  const { consumed: _consumed, ...rest } = answer;
  return rest;
};

export type SseEvent =
  | { type: 'token'; content: string; messageId: string }
  | { type: 'suggestion'; content: string; messageId: string }
  | { type: 'complete'; messageId: string; autoLogged: Answer['autoLogged']; memoryUpdate: Answer['memoryUpdate']; source: string; usage: ReturnType<typeof usageOf> | null }
  | { type: 'error'; messageId: string; code: string; message: string };

/**
 * `GET /api/chat/{course_id}/stream?after=<messageId>`: checks everything before the first byte (the
 * course is the caller's, the message exists: 404; another stream of it is running: 409), then
 * returns the events. A pending message is answered by the model, token by token; an answered one is
 * replayed from the store (a reconnecting client gets the same answer, no second model call). The
 * answer is stored when the stream completes; a failure before it puts the message back to pending,
 * gives the request back and ends the stream with an `error` event.
 */
export async function openChatStream(caller: ChatCaller, courseId: string, messageId: string, meta: ChatMeta): Promise<AsyncIterable<SseEvent>> {
  const scope = `C#${courseId}`;
  const course = await ownCourse(caller, courseId);
  const exchange = await getExchange(caller, scope, messageId);
  if (!exchange) throw new NotFoundError('Message not found');
  const stored = (exchange.answer ?? {}) as Partial<Answer> & { consumed?: ConsumedRequest };
  if (exchange.status === 'answered') return replayEvents(exchange, stored);
  await claimForStream(caller, scope, messageId);
  return liveEvents(caller, course, exchange, stored, meta);
}

async function* replayEvents(exchange: Exchange, stored: Partial<Answer>): AsyncIterable<SseEvent> {
  for (const piece of (exchange.response ?? '').match(/\s*\S+/g) ?? []) yield { type: 'token', content: piece, messageId: exchange.messageId };
  for (const suggestion of stored.suggestions ?? []) yield { type: 'suggestion', content: suggestion, messageId: exchange.messageId };
  yield { type: 'complete', messageId: exchange.messageId, autoLogged: stored.autoLogged ?? null, memoryUpdate: stored.memoryUpdate ?? null, source: stored.source ?? 'retrieval', usage: stored.usage ?? null };
}

async function* liveEvents(caller: ChatCaller, course: PersonalCourseRecord, exchange: Exchange, stored: Partial<Answer> & { consumed?: ConsumedRequest }, meta: ChatMeta): AsyncIterable<SseEvent> {
  const { chat } = await aiModels();
  let text = '';
  try {
    const { request, documents } = await chatRequest(caller, course, exchange.message, exchange.scope);
    let done: { usage: { inputTokens: number; outputTokens: number }; modelId: string; fallbackUsed?: boolean } | undefined;
    for await (const event of chat.converseStream(request)) {
      if (event.type === 'text') {
        text += event.text;
        yield { type: 'token', content: event.text, messageId: exchange.messageId };
      } else {
        done = event;
      }
    }
    if (!done) throw new AiServiceError('The model stream ended without completing');
    const usage = usageOf([done]);
    const suggestions = suggestionsFor(documents, exchange.message);
    for (const suggestion of suggestions) yield { type: 'suggestion', content: suggestion, messageId: exchange.messageId };
    const answer = { ...stored, status: 'answered', response: text, suggestions, source: sourceOf(chat.kind), usage, streamUrl: null };
    await finishStream(caller, exchange.scope, exchange.messageId, { response: text, answer, modelId: done.modelId, at: meta.now.toISOString() });
    await recordAiCall(caller.tenantId, caller.userId, { route: meta.route, requestId: exchange.requestId, modelId: done.modelId, fallbackUsed: done.fallbackUsed === true, inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, costUsd: usage.cost_usd, at: meta.now.toISOString() });
    yield { type: 'complete', messageId: exchange.messageId, autoLogged: stored.autoLogged ?? null, memoryUpdate: stored.memoryUpdate ?? null, source: sourceOf(chat.kind), usage };
  } catch (err) {
    await finishStream(caller, exchange.scope, exchange.messageId, undefined);
    if (stored.consumed) await refundAiRequest(stored.consumed);
    const code = err instanceof AiServiceError ? err.code : 'AI_SERVICE_ERROR';
    yield { type: 'error', messageId: exchange.messageId, code, message: err instanceof AiServiceError ? err.message : 'The answer could not be completed; stream it again' };
  }
}

/** `GET /api/chat/{course_id}/history`: the course's messages, newest exchange first, both sides of each. */
export async function chatHistory(caller: Caller, courseId: string, limit: number, before: string | undefined) {
  await ownCourse(caller, courseId);
  const page = await exchangePage(caller, `C#${courseId}`, limit, before);
  const messages = page.exchanges.flatMap((e) => [
    ...(e.response !== undefined ? [{ id: `${e.messageId}-a`, courseId, sessionId: e.sessionId ?? null, messageType: 'assistant' as const, content: e.response, context: null, requestId: e.requestId, timestamp: e.answeredAt ?? e.createdAt }] : []),
    { id: e.messageId, courseId, sessionId: e.sessionId ?? null, messageType: 'user' as const, content: e.message, context: e.context ?? null, requestId: e.requestId, timestamp: e.createdAt },
  ]);
  const last = page.exchanges[page.exchanges.length - 1];
  return { messages, pagination: { limit, hasNext: page.hasNext, nextCursor: page.hasNext && last ? last.messageId : null } };
}
