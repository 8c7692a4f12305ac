import type { RouteDefinition } from './types.js';

export const ANALYTICS_PROCESSING_ROUTES: RouteDefinition[] = [];
