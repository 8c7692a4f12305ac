import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';

/** Route id → handler of the sessions group. */
export const sessionsHandlers: RouteHandlers = {};

/** Lambda entry of the sessions group. */
export const handler = createGroupHandler('sessions', ROUTES, sessionsHandlers);
