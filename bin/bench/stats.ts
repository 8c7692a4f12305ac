/**
 * Latency statistics for `npm run bench`. Percentiles use the nearest-rank method: the p-th percentile
 * of n samples is the ⌈p/100 × n⌉-th smallest sample (the first one for p = 0). It always returns a
 * value that was actually measured (no interpolation between two requests), which is what a reader of
 * "p99 = 41 ms" expects: at least 99 % of the calls took 41 ms or less.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0…100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Count, min, mean, p50/p95/p99 and max of latencies in milliseconds (rounded to 0.01 ms). */
export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    minMs: round2(sorted[0] as number),
    meanMs: round2(sum / sorted.length),
    p50Ms: round2(percentile(sorted, 50)),
    p95Ms: round2(percentile(sorted, 95)),
    p99Ms: round2(percentile(sorted, 99)),
    maxMs: round2(sorted[sorted.length - 1] as number),
  };
}
