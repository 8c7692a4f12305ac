/**
 * Latency histograms for the integration metrics (issue 20, docs/analytics.md "Integration metrics").
 * A dependency call's latency is counted in one fixed bucket; buckets of many containers and windows
 * add up (they are DynamoDB counters), and a percentile is read back from the summed counts.
 *
 * Bucket `i` holds latencies in (BOUNDS[i-1], BOUNDS[i]] ms (bucket 0: [0, 5]); the last bucket is
 * open-ended (> 30,000 ms). A percentile is the upper bound of the bucket that holds the nearest-rank
 * sample (the ⌈p/100 × n⌉-th smallest), so it is exact to the bucket: "p95 ≤ 200 ms". The open-ended
 * bucket reports its lower bound, 30,000 ms, the largest latency the histogram can name.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000] as const;

/** Number of buckets: one per bound plus the open-ended one. */
export const LATENCY_BUCKETS = LATENCY_BUCKET_BOUNDS_MS.length + 1;

/** The bucket index of a latency in ms (negative or NaN latencies count as 0). */
export function latencyBucket(latencyMs: number): number {
  const value = Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
  const index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => value <= bound);
  return index === -1 ? LATENCY_BUCKET_BOUNDS_MS.length : index;
}

/**
 * The p-th percentile (0 < p ≤ 100) of the latencies counted in `counts` (index = bucket), by nearest
 * rank, as the holding bucket's upper bound; null when nothing was counted.
 */
export function latencyPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let index = 0; index < counts.length; index++) {
    seen += counts[index] ?? 0;
    if (seen >= rank) return LATENCY_BUCKET_BOUNDS_MS[Math.min(index, LATENCY_BUCKET_BOUNDS_MS.length - 1)] as number;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1] as number;
}
