import type { z } from 'zod';
import type { Principal } from '../../shared/auth/principal.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { resolveEventId } from '../../shared/progress/eventId.js';
import { resolveSubject } from '../../shared/progress/progressSubject.js';
import * as tutorials from '../../shared/progress/tutorialProgressService.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import type * as t from '../../shared/schemas/tutorialProgress.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new Error('progress routes are authenticated');
  return ctx.principal;
}

/** The write context of a seed 001 call: subject (caller, or a supervised member), event id, clock. */
async function tutorialWrite(ctx: RouteContext, requestedUserId: string | undefined): Promise<tutorials.TutorialWriteContext> {
  const principal = principalOf(ctx);
  const userId = await resolveSubject(principal, requestedUserId);
  const { eventId } = resolveEventId(ctx.event.headers, ctx.requestId);
  return {
    tenantId: principal.tenantId,
    userId,
    actorId: principal.userId,
    tutorialId: input<typeof t.tutorialParams>(ctx.params).tutorialId,
    eventId,
    timeZone: principal.timeZone,
    now: ctx.now,
  };
}

/** Route id → handler of the progress group. */
export const progressHandlers: RouteHandlers = {
  'progress.tutorialGet': async (ctx) => {
    const principal = principalOf(ctx);
    const userId = await resolveSubject(principal, input<typeof t.tutorialUserQuery>(ctx.query).userId);
    return { data: await tutorials.getTutorialProgress(principal.tenantId, userId, input<typeof t.tutorialParams>(ctx.params).tutorialId) };
  },
  'progress.tutorialChapter': async (ctx) => {
    const body = input<typeof t.chapterBody>(ctx.body);
    return { data: await tutorials.updateChapter(await tutorialWrite(ctx, body.userId), body) };
  },
  'progress.tutorialQuiz': async (ctx) => {
    const body = input<typeof t.quizBody>(ctx.body);
    return { data: await tutorials.updateQuiz(await tutorialWrite(ctx, body.userId), body) };
  },
  'progress.tutorialComplete': async (ctx) => {
    const body = input<typeof t.completeBody>(ctx.body);
    return { data: await tutorials.completeTutorial(await tutorialWrite(ctx, body?.userId)) };
  },
  'progress.tutorialReset': async (ctx) => {
    return { data: await tutorials.resetTutorial(await tutorialWrite(ctx, input<typeof t.tutorialUserQuery>(ctx.query).userId)) };
  },
};

/** The progress group's Lambda; tests build it with their own options (e.g. rate classes for load). */
export function createProgressHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('progress', ROUTES, progressHandlers, options);
}

/** Lambda entry of the progress group. */
export const handler = createProgressHandler();
