/**
 * The streak's presentation: its level (seed 003 `streakLevel`, e.g. "double_flame") and the
 * motivation line, both pure functions of the computed streak so every contract shows the same words.
 *
 * | current streak (days) | streakLevel |
 * | --- | --- |
 * | 0 | `none` |
 * | 1–2 | `spark` |
 * | 3–6 | `flame` |
 * | 7–13 | `double_flame` (seed 003's example: a 7-day streak) |
 * | 14–29 | `triple_flame` |
 * | 30–99 | `blazing` |
 * | 100 and more | `legendary` |
 */
export const STREAK_LEVELS = [
  { level: 'none', from: 0 },
  { level: 'spark', from: 1 },
  { level: 'flame', from: 3 },
  { level: 'double_flame', from: 7 },
  { level: 'triple_flame', from: 14 },
  { level: 'blazing', from: 30 },
  { level: 'legendary', from: 100 },
] as const;

export type StreakLevel = (typeof STREAK_LEVELS)[number]['level'];

/** The level of a current streak: the highest tier whose threshold it reaches (table above). */
export function streakLevelOf(currentStreak: number): StreakLevel {
  let found: StreakLevel = 'none';
  for (const tier of STREAK_LEVELS) if (currentStreak >= tier.from) found = tier.level;
  return found;
}

export interface MotivationInput {
  currentStreak: number;
  longestStreak: number;
  todayActive: boolean;
  frozeYesterday: boolean;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Once today is done, the line by level (seed 003's example is the `double_flame` one). */
export const DONE_TODAY_MOTIVATION: Record<Exclude<StreakLevel, 'none'>, (current: number) => string> = {
  spark: () => 'Great start! Come back tomorrow to build your streak.',
  flame: (current) => `${days(current)} in a row. Keep going!`,
  double_flame: () => "Keep it up! You're on fire 🔥",
  triple_flame: () => 'Two weeks and more: unstoppable! 🔥🔥',
  blazing: () => 'A month-long streak. Blazing! 🔥🔥🔥',
  legendary: () => '100+ days. Legendary dedication! 🏆',
};

/**
 * The motivation text; the first matching row wins:
 *
 * | situation | text |
 * | --- | --- |
 * | never had a qualifying day | "Start your streak today: one lesson, quiz or practice is enough." |
 * | streak ended (current 0) | "Your streak ended. Learn today to start a new one; your best is N days." |
 * | today not done, a freeze covered yesterday | "A streak freeze saved your N-day streak. Learn today to keep it going!" |
 * | today not done | "Learn today to keep your N-day streak going!" |
 * | today done | DONE_TODAY_MOTIVATION by level |
 */
export function streakMotivation(input: MotivationInput): string {
  if (input.longestStreak === 0) return 'Start your streak today: one lesson, quiz or practice is enough.';
  if (input.currentStreak === 0) return `Your streak ended. Learn today to start a new one; your best is ${days(input.longestStreak)}.`;
  if (!input.todayActive && input.frozeYesterday) return `A streak freeze saved your ${input.currentStreak}-day streak. Learn today to keep it going!`;
  if (!input.todayActive) return `Learn today to keep your ${input.currentStreak}-day streak going!`;
  const level = streakLevelOf(input.currentStreak);
  return level === 'none' ? '' : DONE_TODAY_MOTIVATION[level](input.currentStreak);
}
