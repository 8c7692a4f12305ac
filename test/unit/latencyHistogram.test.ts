import { LATENCY_BUCKETS, latencyBucket, latencyPercentile } from '../../shared/domain/latencyHistogram.js';

describe('latency histogram', () => {
  it('puts a latency in the bucket whose upper bound is the first at or above it', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(6)).toBe(1);
    expect(latencyBucket(200)).toBe(7);
    expect(latencyBucket(201)).toBe(8);
    expect(latencyBucket(30_000)).toBe(17);
    expect(latencyBucket(30_001)).toBe(18);
    expect(LATENCY_BUCKETS).toBe(19);
  });

  it('reads p95 by nearest rank as the bound of the bucket that holds it', () => {
    // 20 latencies 10, 20, …, 200 ms: rank ⌈0.95 × 20⌉ = 19 → 190 ms → bucket (150, 200] → 200.
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    for (let i = 1; i <= 20; i++) counts[latencyBucket(i * 10)]! += 1;
    expect(latencyPercentile(counts, 95)).toBe(200);
    // p50: rank 10 → 100 ms → bucket (75, 100] → 100.
    expect(latencyPercentile(counts, 50)).toBe(100);
  });

  it('is null without data and names 30 s for the open-ended bucket', () => {
    expect(latencyPercentile(new Array<number>(LATENCY_BUCKETS).fill(0), 95)).toBeNull();
    const slow = new Array<number>(LATENCY_BUCKETS).fill(0);
    slow[18] = 1;
    expect(latencyPercentile(slow, 95)).toBe(30_000);
  });
});
