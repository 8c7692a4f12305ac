import type { RouteDefinition } from './types.js';

/** Seed 004 learning sessions and progress logs (issue 5), written through the progress engine. */
export const SESSION_ROUTES: RouteDefinition[] = [];
