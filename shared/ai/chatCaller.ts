import type { RouteContext } from '../http/routeHandler.js';
import { resolveEventId } from '../progress/eventId.js';
import type { ChatCaller, ChatMeta } from './chatService.js';

/** The caller of a chat route: tenant, user, roles and time zone only from the verified token. */
export function chatCaller(ctx: RouteContext): ChatCaller {
  if (!ctx.principal) throw new Error('chat routes are authenticated');
  return { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId, roles: ctx.principal.roles, timeZone: ctx.principal.timeZone };
}

/** The request's event id (X-Request-ID when the client sent one): the auto-log's and the replay's key. */
export function chatMeta(ctx: RouteContext): ChatMeta {
  const identity = resolveEventId(ctx.event.headers, ctx.requestId);
  return { requestId: identity.eventId, identity, route: ctx.route.id, now: ctx.now };
}
