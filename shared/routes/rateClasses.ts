/**
 * Rate classes: named fixed-window limits per principal (user, or client IP when anonymous). The numbers
 * come from the seeds' published limits; a route names its class in the route table.
 *
 * | class | limit | source |
 * | --- | --- | --- |
 * | none | unlimited, costs no DynamoDB request | health, readiness, 404 |
 * | standard | 100 / minute | seed 003 "100 req/min (standard)", seed 004 `api: { rpm: 100 }` |
 * | auth | 10 / minute | seed 004 `auth: { rpm: 10 }`, seed 002 "rate limiting on authentication endpoints" |
 * | anonymous | 100 / hour | seed 002 "Anonymous requests: 100 requests per hour" |
 * | authenticated-hourly | 1000 / hour | seed 002 "Authenticated requests", seed 000 "Standard APIs" |
 * | analytics | 100 / hour | seed 000 "Analytics APIs" |
 * | reports | 10 / hour | seed 000 "Report Generation", seed 003 predictive analytics |
 * | integration | 20 / hour | seed 003 integration management |
 * | bulk | 5 / hour | seed 000 "Bulk Operations" |
 * | chat | 30 / minute | seed 004 `chat: { rpm: 30 }` |
 * | llm | 20 / minute | seed 004 `llm: { rpm: 20 }` |
 * | tutorial-read | 60 / minute | seed 001 `GET /progress` |
 * | tutorial-chapter | 30 / minute | seed 001 `POST /chapter` |
 * | tutorial-quiz | 10 / minute | seed 001 `POST /quiz` |
 * | tutorial-complete | 5 / minute | seed 001 `POST /complete` |
 * | tutorial-reset | 5 / minute | seed 001 `DELETE /progress` |
 */
export interface RateClass {
  /** Requests admitted per window; `null` means the class is not limited. */
  limit: number | null;
  windowSeconds: number;
}

export const RATE_CLASSES = {
  none: { limit: null, windowSeconds: 60 },
  standard: { limit: 100, windowSeconds: 60 },
  auth: { limit: 10, windowSeconds: 60 },
  anonymous: { limit: 100, windowSeconds: 3600 },
  'authenticated-hourly': { limit: 1000, windowSeconds: 3600 },
  analytics: { limit: 100, windowSeconds: 3600 },
  reports: { limit: 10, windowSeconds: 3600 },
  integration: { limit: 20, windowSeconds: 3600 },
  bulk: { limit: 5, windowSeconds: 3600 },
  chat: { limit: 30, windowSeconds: 60 },
  llm: { limit: 20, windowSeconds: 60 },
  'tutorial-read': { limit: 60, windowSeconds: 60 },
  'tutorial-chapter': { limit: 30, windowSeconds: 60 },
  'tutorial-quiz': { limit: 10, windowSeconds: 60 },
  'tutorial-complete': { limit: 5, windowSeconds: 60 },
  'tutorial-reset': { limit: 5, windowSeconds: 60 },
} as const satisfies Record<string, RateClass>;

export type RateClassName = keyof typeof RATE_CLASSES;

/** Looks a class up by name; unknown names are a programming error caught by the route-table tests. */
export function rateClassOf(name: string, overrides: Record<string, RateClass> = {}): RateClass {
  const found = overrides[name] ?? (RATE_CLASSES as Record<string, RateClass>)[name];
  if (!found) throw new Error(`Unknown rate class "${name}"`);
  return found;
}
