import type { RouteDefinition } from './types.js';

export const LEARNER_ANALYTICS_ROUTES: RouteDefinition[] = [];
