import type { MiddlewareObj } from '@middy/core';
import { incrementWindowCounter } from '../../db/rateLimitRepository.js';
import { decideRate, rateWindowAt } from '../../domain/rateWindow.js';
import { rateClassOf, type RateClass } from '../../routes/rateClasses.js';
import { RateLimitError } from '../errors.js';
import { LocalRateWindows, mustSync } from '../localRateWindows.js';
import { stateOf, type CairnRequest } from '../requestState.js';

const THROTTLING_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Per-principal fixed-window rate limiting. The subject is the user id when authenticated, else the
 * client IP. Every limited response carries seed 002's `X-RateLimit-*` headers; a refused one adds
 * `Retry-After`. Unlimited classes cost nothing.
 *
 * - Exact classes (rateClasses.ts: auth, payments, reports, AI, seed 001's routes), and every write:
 *   one atomic UpdateItem (ADD) per request, so the limit holds exactly however many Lambdas serve
 *   the principal.
 * - Reads of the other classes (issue 17: an ordinary read should not pay a write): the container
 *   counts them in memory and adds its count to the shared window only every tenth of the limit, or
 *   on every read once its estimate passes half the limit (localRateWindows.ts). A read under half
 *   its limit usually makes no DynamoDB request. The trade-off: with C containers serving one
 *   principal at once, up to (C − 1) × limit/10 reads beyond the limit may be admitted in a window
 *   (each container's unsynced tenth); one container alone is exact. A container that is recycled
 *   loses its unsynced count (under-counting, never over-refusing).
 *
 * Anonymous windows live in the stage's default tenant. If DynamoDB throttles the counter itself, the
 * request is admitted (fail open) and a warning logged: the limiter protects the service and must not
 * become the outage.
 */
export function rateLimit(now: () => number, overrides: Record<string, RateClass>, defaultTenantId: () => string): MiddlewareObj {
  const local = new LocalRateWindows();
  return {
    before: async (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const rateClass = rateClassOf(state.route.rateClass, overrides);
      if (rateClass.limit === null) return;

      const nowMs = now();
      const window = rateWindowAt(nowMs, rateClass.windowSeconds);
      const subject = state.principal
        ? `U#${state.principal.userId}`
        : `IP#${request.event.requestContext?.http?.sourceIp ?? 'unknown'}`;
      // Anonymous callers are counted in the default tenant whatever x-community-id they send,
      // so rotating that header cannot buy fresh windows.
      const tenantId = state.principal ? state.principal.tenantId : defaultTenantId();
      const counter = { tenantId, subject, rateClass: state.route.rateClass, windowStart: window.start, windowSeconds: rateClass.windowSeconds };
      const exact = rateClass.exact === true || !READ_METHODS.has(request.event.requestContext?.http?.method ?? 'GET');

      const entry = local.window(`${tenantId}|${subject}|${state.route.rateClass}|${window.start}`, window.resetAt, Math.floor(nowMs / 1000));
      entry.pending += 1;
      let count = entry.synced + entry.inflight + entry.pending;
      if (exact || mustSync(entry, rateClass.limit)) {
        // Everything this container admitted unsynced rides along with this request's own count.
        const by = entry.pending;
        entry.pending = 0;
        entry.inflight += by;
        try {
          const shared = await incrementWindowCounter({ ...counter, by });
          entry.inflight -= by;
          entry.synced = Math.max(entry.synced, shared);
          count = shared + entry.pending;
        } catch (err) {
          entry.inflight -= by;
          entry.pending += by;
          if (err instanceof Error && THROTTLING_ERRORS.has(err.name)) {
            state.log.warn('rate limiter throttled; admitting request', { error: err.name });
            return;
          }
          throw err;
        }
      }
      const decision = decideRate(count, rateClass.limit);
      Object.assign(state.responseHeaders, {
        'X-RateLimit-Limit': String(decision.limit),
        'X-RateLimit-Remaining': String(decision.remaining),
        'X-RateLimit-Reset': String(window.resetAt),
        'X-RateLimit-Reset-After': String(window.resetAfter),
      });
      if (!decision.allowed) {
        state.responseHeaders['Retry-After'] = String(window.resetAfter);
        throw new RateLimitError(decision.limit, rateClass.windowSeconds, window.resetAfter);
      }
    },
  };
}
