import fc from 'fast-check';
import { percentile, summarizeLatencies } from '../../bin/bench/stats.js';

describe('benchmark percentile (nearest rank)', () => {
  it('picks the ⌈p/100 × n⌉-th smallest of 1…10', () => {
    const samples = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];

    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('gives p95 = 95 and p99 = 99 for the samples 1…100', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);

    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
  });

  it('returns the only sample for any p', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });

  it('leaves the caller\'s array unsorted', () => {
    const samples = [3, 1, 2];

    percentile(samples, 50);

    expect(samples).toEqual([3, 1, 2]);
  });

  it('returns a measured sample with at least p % of the samples at or below it and fewer than p % below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (samples, p) => {
        const value = percentile(samples, p);
        const atOrBelow = samples.filter((s) => s <= value).length;
        const below = samples.filter((s) => s < value).length;

        expect(samples).toContain(value);
        expect(atOrBelow * 100).toBeGreaterThanOrEqual(p * samples.length);
        expect(below * 100).toBeLessThan(p * samples.length);
      }),
    );
  });

  it('never decreases as p grows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 0, max: 99 }), (samples, p) => {
        expect(percentile(samples, p + 1)).toBeGreaterThanOrEqual(percentile(samples, p));
      }),
    );
  });

  it('refuses no samples and a p outside 0…100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('benchmark latency summary', () => {
  it('reports count, min, mean, p50/p95/p99 and max rounded to 0.01 ms', () => {
    const summary = summarizeLatencies([4.004, 1, 2, 3]);

    expect(summary).toEqual({ count: 4, minMs: 1, meanMs: 2.5, p50Ms: 2, p95Ms: 4, p99Ms: 4, maxMs: 4 });
  });

  it('reports zeros for a route with no samples', () => {
    expect(summarizeLatencies([])).toEqual({ count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});
