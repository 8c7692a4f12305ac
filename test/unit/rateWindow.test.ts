import fc from 'fast-check';
import { decideRate, rateWindowAt } from '../../shared/domain/rateWindow.js';

describe('fixed rate window', () => {
  it('contains the instant, is aligned to the window size and resets within one window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 1, max: 86_400 }), (nowMs, windowSeconds) => {
        const w = rateWindowAt(nowMs, windowSeconds);
        expect(w.start % windowSeconds).toBe(0);
        expect(w.start * 1000).toBeLessThanOrEqual(nowMs);
        expect(w.resetAt * 1000).toBeGreaterThan(nowMs);
        expect(w.resetAt - w.start).toBe(windowSeconds);
        expect(w.resetAfter).toBeGreaterThanOrEqual(1);
        expect(w.resetAfter).toBeLessThanOrEqual(windowSeconds);
      }),
    );
  });

  it('gives every instant of a window the same start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 0, max: 3_599_999 }), (base, windowSeconds, offset) => {
        const start = rateWindowAt(base * 1000, windowSeconds).start;
        const inside = start * 1000 + (offset % (windowSeconds * 1000));
        expect(rateWindowAt(inside, windowSeconds).start).toBe(start);
      }),
    );
  });

  it('rejects a non-positive or fractional window', () => {
    expect(() => rateWindowAt(0, 0)).toThrow(RangeError);
    expect(() => rateWindowAt(0, 1.5)).toThrow(RangeError);
  });
});

describe('rate decision', () => {
  it('admits the n-th request iff n ≤ limit and never reports negative remaining', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (count, limit) => {
        const decision = decideRate(count, limit);
        expect(decision.allowed).toBe(count <= limit);
        expect(decision.remaining).toBe(Math.max(0, limit - count));
      }),
    );
  });
});
