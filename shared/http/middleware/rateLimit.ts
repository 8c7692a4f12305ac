import type { MiddlewareObj } from '@middy/core';
import { incrementWindowCounter } from '../../db/rateLimitRepository.js';
import { decideRate, rateWindowAt } from '../../domain/rateWindow.js';
import { rateClassOf, type RateClass } from '../../routes/rateClasses.js';
import { RateLimitError } from '../errors.js';
import { stateOf, type CairnRequest } from '../requestState.js';

const THROTTLING_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/**
 * Per-principal fixed-window rate limiting (one atomic UpdateItem per request, none for unlimited
 * classes). The subject is the user id when authenticated, else the client IP. Every limited response
 * carries seed 002's `X-RateLimit-*` headers; a refused one adds `Retry-After`.
 *
 * Anonymous windows live in the stage's default tenant. If DynamoDB throttles the counter itself, the request is admitted (fail open) and a warning logged:
 * the limiter protects the service and must not become the outage.
 */
export function rateLimit(now: () => number, overrides: Record<string, RateClass>, defaultTenantId: () => string): MiddlewareObj {
  return {
    before: async (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const rateClass = rateClassOf(state.route.rateClass, overrides);
      if (rateClass.limit === null) return;

      const window = rateWindowAt(now(), rateClass.windowSeconds);
      const subject = state.principal
        ? `U#${state.principal.userId}`
        : `IP#${request.event.requestContext?.http?.sourceIp ?? 'unknown'}`;
      let count: number;
      try {
        count = await incrementWindowCounter({
          // Anonymous callers are counted in the default tenant whatever x-community-id they send,
          // so rotating that header cannot buy fresh windows.
          tenantId: state.principal ? state.principal.tenantId : defaultTenantId(),
          subject,
          rateClass: state.route.rateClass,
          windowStart: window.start,
          windowSeconds: rateClass.windowSeconds,
        });
      } catch (err) {
        if (err instanceof Error && THROTTLING_ERRORS.has(err.name)) {
          state.log.warn('rate limiter throttled; admitting request', { error: err.name });
          return;
        }
        throw err;
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
