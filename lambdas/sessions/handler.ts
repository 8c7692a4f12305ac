import type * as z from 'zod';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { NotFoundError } from '../../shared/http/errors.js';
import { resolveEventId } from '../../shared/progress/eventId.js';
import { SESSION_ROUTES } from '../../shared/routes/sessionRoutes.js';
import type * as s from '../../shared/schemas/sessions.js';
import { listProgressLogs, logProgress, updateProgressLog } from '../../shared/sessions/progressLogService.js';
import { completeSession, getSession, listCourseSessions, startSession, updateSession } from '../../shared/sessions/sessionService.js';
import type { LearnerWriteContext } from '../../shared/sessions/writeContext.js';
import { logCreated004, progressLog004, session004 } from './presenters.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

/** The caller: tenant, user and time zone only from the verified token (every route requires one). */
function learner(ctx: RouteContext) {
  if (!ctx.principal) throw new Error('sessions routes are authenticated');
  return { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId, timeZone: ctx.principal.timeZone };
}

/** A write's context: the caller plus the event id (Idempotency-Key / X-Request-ID / request id). */
function writer(ctx: RouteContext): LearnerWriteContext {
  return { ...learner(ctx), identity: resolveEventId(ctx.event.headers, ctx.requestId), now: ctx.now };
}

const id = (ctx: RouteContext) => input<typeof s.sessionParams>(ctx.params).id;

/** Route id → handler of the sessions group. */
export const sessionsHandlers: RouteHandlers = {
  'sessions.start': async (ctx) => {
    const { session, asOf } = await startSession(writer(ctx), input<typeof s.startSessionBody>(ctx.body));
    return { data: session004(session, asOf), headers: { Location: `/api/sessions/${session.sessionId}` } };
  },
  'sessions.get': async (ctx) => {
    const caller = learner(ctx);
    const session = await getSession(caller.tenantId, caller.userId, id(ctx));
    if (!session) throw new NotFoundError('Session not found');
    return { data: session004(session, ctx.now) };
  },
  'sessions.update': async (ctx) => {
    const { session, asOf } = await updateSession(writer(ctx), id(ctx), input<typeof s.updateSessionBody>(ctx.body));
    return { data: session004(session, asOf) };
  },
  'sessions.complete': async (ctx) => {
    const { session, asOf } = await completeSession(writer(ctx), id(ctx));
    return { data: session004(session, asOf) };
  },
  'sessions.listForCourse': async (ctx) => {
    const caller = learner(ctx);
    const query = input<typeof s.listSessionsQuery>(ctx.query);
    const page = await listCourseSessions(caller.tenantId, caller.userId, input<typeof s.courseSessionsParams>(ctx.params).id, query, ctx.now);
    return {
      data: page.items.map((session) => session004(session, ctx.now)),
      meta: { pagination: page.pagination, filters: query.status !== undefined ? { status: query.status } : {} },
    };
  },
  'sessions.logProgress': async (ctx) => {
    const log = await logProgress(writer(ctx), input<typeof s.logProgressBody>(ctx.body));
    return { data: logCreated004(log) };
  },
  'sessions.listProgress': async (ctx) => {
    const caller = learner(ctx);
    const query = input<typeof s.listProgressQuery>(ctx.query);
    const page = await listProgressLogs(caller.tenantId, caller.userId, input<typeof s.progressParams>(ctx.params).id, query);
    const { page: _page, limit: _limit, ...filters } = query;
    return { data: page.items.map(progressLog004), meta: { pagination: page.pagination, filters } };
  },
  'sessions.updateProgress': async (ctx) => {
    const log = await updateProgressLog(writer(ctx), input<typeof s.progressParams>(ctx.params).id, input<typeof s.updateProgressBody>(ctx.body));
    return { data: progressLog004(log) };
  },
};

/** Lambda entry of the sessions group. */
export const handler = createGroupHandler('sessions', SESSION_ROUTES, sessionsHandlers);
