import type { RouteDefinition } from './types.js';

export const ANALYTICS_DASHBOARD_ROUTES: RouteDefinition[] = [];
