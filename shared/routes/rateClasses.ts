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
 * | integration | 20 / hour | seed 003 integration management (`test`) |
 * | integration-reset | 10 / hour | seed 003 `circuit-breaker/reset` |
 * | bulk | 5 / hour | seed 000 "Bulk Operations" |
 * | chat | 30 / minute | seed 004 `chat: { rpm: 30 }` |
 * | llm | 20 / minute | seed 004 `llm: { rpm: 20 }` |
 * | tutorial-read | 60 / minute | seed 001 `GET /progress` |
 * | tutorial-chapter | 30 / minute | seed 001 `POST /chapter` |
 * | tutorial-quiz | 10 / minute | seed 001 `POST /quiz` |
 * | tutorial-complete | 5 / minute | seed 001 `POST /complete` |
 * | tutorial-reset | 5 / minute | seed 001 `DELETE /progress` |
 * | payments | 1000 / hour | seed 002 "Authenticated requests", exact for every payment route |
 *
 * `exact` classes (auth, payments, reports, AI, integrations, bulk, seed 001's per-route limits) count
 * every request with one atomic UpdateItem. The others count reads (GET) approximately, per container,
 * and touch DynamoDB only every tenth of the limit or once the principal passes half of it; their
 * writes are counted exactly. See shared/http/middleware/rateLimit.ts and docs/data-model.md
 * ("Rate limiting: cost").
 */
export interface RateClass {
  /** Requests admitted per window; `null` means the class is not limited. */
  limit: number | null;
  windowSeconds: number;
  /** Every request is counted in DynamoDB (one UpdateItem); otherwise reads are counted approximately. */
  exact?: boolean;
}

export const RATE_CLASSES = {
  none: { limit: null, windowSeconds: 60 },
  standard: { limit: 100, windowSeconds: 60 },
  auth: { limit: 10, windowSeconds: 60, exact: true },
  anonymous: { limit: 100, windowSeconds: 3600 },
  'authenticated-hourly': { limit: 1000, windowSeconds: 3600 },
  analytics: { limit: 100, windowSeconds: 3600 },
  reports: { limit: 10, windowSeconds: 3600, exact: true },
  integration: { limit: 20, windowSeconds: 3600, exact: true },
  'integration-reset': { limit: 10, windowSeconds: 3600, exact: true },
  bulk: { limit: 5, windowSeconds: 3600, exact: true },
  chat: { limit: 30, windowSeconds: 60, exact: true },
  llm: { limit: 20, windowSeconds: 60, exact: true },
  'tutorial-read': { limit: 60, windowSeconds: 60, exact: true },
  'tutorial-chapter': { limit: 30, windowSeconds: 60, exact: true },
  'tutorial-quiz': { limit: 10, windowSeconds: 60, exact: true },
  'tutorial-complete': { limit: 5, windowSeconds: 60, exact: true },
  'tutorial-reset': { limit: 5, windowSeconds: 60, exact: true },
  payments: { limit: 1000, windowSeconds: 3600, exact: true },
} as const satisfies Record<string, RateClass>;

export type RateClassName = keyof typeof RATE_CLASSES;

/**
 * Looks a class up by name; unknown names are a programming error caught by the route-table tests. An
 * override (tests, the bench) changes the numbers but keeps the class's exactness unless it says otherwise.
 */
export function rateClassOf(name: string, overrides: Record<string, RateClass> = {}): RateClass {
  const seed = (RATE_CLASSES as Record<string, RateClass>)[name];
  const override = overrides[name];
  if (override) return { ...(seed?.exact ? { exact: true } : {}), ...override };
  if (!seed) throw new Error(`Unknown rate class "${name}"`);
  return seed;
}
