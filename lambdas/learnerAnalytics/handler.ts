import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';

const handlers: RouteHandlers = {};

export const handler = createGroupHandler('learnerAnalytics', ROUTES, handlers);
