/**
 * Course review rules (issue 16): a rating 1–5 per (course, learner), changed in place. The course keeps
 * `ratingSum` and `reviewsCount` so its average is exact (ratingSum / reviewsCount, shown with 1 decimal)
 * without reading the reviews. Pure, so the write path and the tests share it.
 */

export interface ReviewCounters {
  ratingSum: number;
  reviewsCount: number;
}

/** What one submission adds to the course's counters: a new review adds its rating and 1; an update the difference. */
export function counterDelta(previousRating: number | null, rating: number): ReviewCounters {
  return previousRating === null ? { ratingSum: rating, reviewsCount: 1 } : { ratingSum: rating - previousRating, reviewsCount: 0 };
}

/**
 * Exact comparison of two averages (a.ratingSum / a.reviewsCount vs b's) by cross-multiplication, so two
 * averages that round to the same 1-decimal figure still sort correctly. Both must have reviews.
 */
export function compareAverages(a: ReviewCounters, b: ReviewCounters): number {
  return a.ratingSum * b.reviewsCount - b.ratingSum * a.reviewsCount;
}
