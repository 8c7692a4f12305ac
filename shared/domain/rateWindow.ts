/**
 * Fixed-window rate limiting arithmetic, kept pure so it can be property-tested.
 *
 * A window of `windowSeconds` starts at every multiple of `windowSeconds` since the Unix epoch, so
 * every Lambda instance computes the same window for the same instant without coordination.
 */
export interface RateWindow {
  /** Window start, epoch seconds (inclusive). */
  start: number;
  /** Window end, epoch seconds (exclusive): the moment the counter resets (`X-RateLimit-Reset`). */
  resetAt: number;
  /** Whole seconds from `nowMs` until the reset, at least 1 (`X-RateLimit-Reset-After`, `Retry-After`). */
  resetAfter: number;
}

/** Computes the fixed window containing the instant `nowMs` (epoch milliseconds). */
export function rateWindowAt(nowMs: number, windowSeconds: number): RateWindow {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) {
    throw new RangeError('windowSeconds must be a positive integer');
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  const start = nowSeconds - (nowSeconds % windowSeconds);
  const resetAt = start + windowSeconds;
  const resetAfter = Math.max(1, Math.ceil((resetAt * 1000 - nowMs) / 1000));
  return { start, resetAt, resetAfter };
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
}

/**
 * Decides from the counter value *after* this request's atomic increment: the n-th request of a
 * window is admitted iff n ≤ limit. Remaining never goes below zero.
 */
export function decideRate(countAfterIncrement: number, limit: number): RateDecision {
  return {
    allowed: countAfterIncrement <= limit,
    limit,
    remaining: Math.max(0, limit - countAfterIncrement),
  };
}
