/**
 * Seed 001's tutorial progress rules, as pure functions over the stored chapter and quiz states. The
 * summary figures are *derived* from the chapter and quiz items on every read instead of being stored
 * counters, so concurrent chapter writes never contend on one summary item and can never drift:
 *
 * - a chapter's watch time never decreases; its `completed` flag is whatever the last write said
 *   (the seed's `completed = $4`); the tutorial's `totalChapters` is the largest ever reported;
 * - percentage = floor(completed × 100 / total), capped at 100, 0 while the total is 0 (integer
 *   arithmetic, so 29 of 100 is 29, not Python's 28.999… → 28);
 * - a quiz keeps its best score, `passed` once true stays true, attempts count every submission;
 * - certificate eligible ⇔ percentage ≥ 95 and every recorded quiz passed;
 * - `complete` sets the percentage to 100 (seed: `completion_percentage = 100`) until a later chapter
 *   write recalculates it, which is what the seed's next chapter update does.
 */
export interface ChapterState {
  chapterId: string;
  watchTime: number;
  completed: boolean;
  lastPosition: number;
  /** The largest `totalChapters` reported with this chapter (0 when never given). */
  totalChapters: number;
  updatedAt: string;
}

export interface QuizState {
  quizId: string;
  score: number;
  maxScore: number;
  passed: boolean;
  attempts: number;
  completedAt: string;
}

export interface TutorialCertificateState {
  certificateEarned: boolean;
  /** When `complete` last succeeded: the percentage shows 100 until a chapter is written after it. */
  completedAt?: string;
}

export interface TutorialState {
  summary?: TutorialCertificateState;
  chapters: ChapterState[];
  quizzes: QuizState[];
}

/** The seed's certificate threshold. */
export const CERTIFICATE_PERCENTAGE = 95;

/** floor(completed / total × 100) capped at 100; 0 when total is 0. */
export function completionPercentage(completed: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((completed * 100) / total));
}

/** Eligible iff the percentage reaches 95 and no recorded quiz is unpassed (no quizzes counts as all passed). */
export function certificateEligible(percentage: number, quizzes: readonly Pick<QuizState, 'passed'>[]): boolean {
  return percentage >= CERTIFICATE_PERCENTAGE && quizzes.every((q) => q.passed);
}

/** True when the tutorial has any stored progress (the seed's "progress record exists"). */
export function hasProgress(state: TutorialState): boolean {
  return state.summary !== undefined || state.chapters.length > 0 || state.quizzes.length > 0;
}

export interface TutorialProgressView {
  tutorialId: string;
  userId: string;
  completionPercentage: number;
  chaptersCompleted: number;
  totalChapters: number;
  chapterProgress: { chapterId: string; watchTime: number; completed: boolean; lastPosition: number }[];
  quizScores: { quizId: string; score: number; maxScore: number; passed: boolean; attempts: number; completedAt: string }[];
  certificateEligible: boolean;
  certificateEarned: boolean;
  totalWatchTime: number;
  lastWatchedAt: string | null;
}

/** The seed's GET response, computed from the state (the default progress when there is none). */
export function tutorialView(tutorialId: string, userId: string, state: TutorialState): TutorialProgressView {
  const chapters = [...state.chapters].sort((a, b) => (a.chapterId < b.chapterId ? -1 : a.chapterId > b.chapterId ? 1 : 0));
  const quizzes = [...state.quizzes].sort((a, b) => (a.quizId < b.quizId ? -1 : a.quizId > b.quizId ? 1 : 0));
  const chaptersCompleted = chapters.filter((c) => c.completed).length;
  const totalChapters = chapters.reduce((max, c) => Math.max(max, c.totalChapters), 0);
  const completedAt = state.summary?.completedAt;
  const overridden = completedAt !== undefined && chapters.every((c) => c.updatedAt <= completedAt);
  const percentage = overridden ? 100 : completionPercentage(chaptersCompleted, totalChapters);
  const instants = [...chapters.map((c) => c.updatedAt), ...quizzes.map((q) => q.completedAt), ...(completedAt ? [completedAt] : [])];
  return {
    tutorialId,
    userId,
    completionPercentage: percentage,
    chaptersCompleted,
    totalChapters,
    chapterProgress: chapters.map((c) => ({ chapterId: c.chapterId, watchTime: c.watchTime, completed: c.completed, lastPosition: c.lastPosition })),
    quizScores: quizzes.map((q) => ({ quizId: q.quizId, score: q.score, maxScore: q.maxScore, passed: q.passed, attempts: q.attempts, completedAt: q.completedAt })),
    certificateEligible: certificateEligible(percentage, quizzes),
    certificateEarned: state.summary?.certificateEarned ?? false,
    totalWatchTime: chapters.reduce((sum, c) => sum + c.watchTime, 0),
    lastWatchedAt: instants.length > 0 ? instants.reduce((a, b) => (a > b ? a : b)) : null,
  };
}
