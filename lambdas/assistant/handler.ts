import type * as z from 'zod';
import { chatSend, checkLimits, generateHint, generateQuiz, saveQuizAsLesson, type RequestMeta } from '../../shared/ai/assistantService.js';
import type { Caller } from '../../shared/ai/contextAssembly.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { resolveEventId } from '../../shared/progress/eventId.js';
import { ASSISTANT_ROUTES } from '../../shared/routes/assistantRoutes.js';
import type * as s from '../../shared/schemas/assistant.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

/** The caller: tenant, user and roles only from the verified token. */
function caller(ctx: RouteContext): Caller {
  if (!ctx.principal) throw new Error('assistant routes are authenticated');
  return { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId, roles: ctx.principal.roles };
}

function meta(ctx: RouteContext): RequestMeta {
  const identity = resolveEventId(ctx.event.headers, ctx.requestId);
  return { requestId: identity.eventId, clientRequestId: identity.clientSupplied, route: ctx.route.id, now: ctx.now };
}

/** Route id → handler of the assistant group (seed 002 AI assistant). */
export const assistantHandlers: RouteHandlers = {
  'assistant.chatSend': async (ctx) => ({ data: await chatSend(caller(ctx), input<typeof s.chatSendBody>(ctx.body), meta(ctx)) }),
  'assistant.hint': async (ctx) => ({ data: await generateHint(caller(ctx), input<typeof s.hintBody>(ctx.body), meta(ctx)) }),
  'assistant.quiz': async (ctx) => ({ data: await generateQuiz(caller(ctx), input<typeof s.quizBody>(ctx.body), meta(ctx)) }),
  'assistant.saveQuiz': async (ctx) => ({
    data: await saveQuizAsLesson(caller(ctx), input<typeof s.quizParams>(ctx.params).quiz_id, input<typeof s.saveQuizBody>(ctx.body), ctx.now),
  }),
  'assistant.checkLimits': async (ctx) => ({ data: await checkLimits(caller(ctx), ctx.now) }),
};

/** Lambda entry of the assistant group. */
export const handler = createGroupHandler('assistant', ASSISTANT_ROUTES, assistantHandlers);
