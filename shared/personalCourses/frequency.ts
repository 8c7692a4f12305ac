/**
 * How often a learner plans to study (seed 004 `FrequencyPattern`). Clients may send the pattern
 * object itself or a short text as in the seed's create example (`"3x per week"`); the course always
 * stores and returns the object, so readers never parse text.
 */
export type FrequencyPattern =
  | { type: 'daily' }
  | { type: 'weekly'; count: number }
  | { type: 'custom'; days: number[] }
  | { type: 'flexible'; minPerWeek: number };

const WEEKLY = /^(\d{1,2})\s*(?:x|times?)\s*(?:per|a|\/|each)?\s*(?:weekly|week|wk)$/;
const NAMED: Record<string, FrequencyPattern> = {
  daily: { type: 'daily' },
  'every day': { type: 'daily' },
  everyday: { type: 'daily' },
  weekly: { type: 'weekly', count: 1 },
  'once a week': { type: 'weekly', count: 1 },
  'once per week': { type: 'weekly', count: 1 },
  'twice a week': { type: 'weekly', count: 2 },
  'twice per week': { type: 'weekly', count: 2 },
};

/** The accepted texts, for error messages and docs. */
export const FREQUENCY_TEXT_HELP =
  'Expected "daily", "weekly", "once a week", "twice a week", "<n>x per week", "<n> times a week" or "<n>x weekly" (n = 1..7), or a FrequencyPattern object';

/**
 * Frequency text → pattern: the names above, or `<n>x per week` / `<n> times a week` / `<n>x/week`
 * (case-insensitive, spaces collapsed) with 1 ≤ n ≤ 7 → `{type:'weekly', count:n}`; undefined otherwise.
 */
export function parseFrequencyText(text: string): FrequencyPattern | undefined {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const named = NAMED[normalized];
  if (named) return named;
  const match = WEEKLY.exec(normalized);
  const count = match ? Number(match[1]) : 0;
  return count >= 1 && count <= 7 ? { type: 'weekly', count } : undefined;
}
