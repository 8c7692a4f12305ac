/**
 * Time rules of seed 004 learning sessions and of the learning time progress writes add to the
 * activity ledger.
 *
 * - A session is `active` from its start; any write to it (PATCH, a progress log naming it, its
 *   completion) is activity and moves `lastActivityAt` to the write's time.
 * - With no activity for more than SESSION_IDLE_MINUTES (30) a session is `abandoned`: derived at
 *   read time, never stored, so no sweeper is needed and the status is right the moment it applies.
 *   An abandoned session takes no more writes; its actual duration is start → last activity (the idle
 *   tail is not learning).
 * - Completing a session is its last activity: actual duration = start → completion, in minutes
 *   rounded half up.
 * - Learning time is counted once: every session write adds the whole seconds since the session's
 *   previous activity (the start adds 0), so the seconds of one session's writes add up exactly to
 *   its duration (whole seconds telescope: ⌊t₁⌋−⌊t₀⌋ + ⌊t₂⌋−⌊t₁⌋ … = ⌊tₙ⌋−⌊t₀⌋). A progress log inside
 *   a session is such a write; its own `duration` is inside the session's time and is not added
 *   again. A log outside any session adds its `duration` (minutes × 60).
 */
export const SESSION_IDLE_MINUTES = 30;
const IDLE_MS = SESSION_IDLE_MINUTES * 60_000;

export type StoredSessionStatus = 'active' | 'completed';
export type SessionStatus = StoredSessionStatus | 'abandoned';

/** The status a client sees at `now`: a stored `active` past the idle limit reads as `abandoned`. */
export function effectiveSessionStatus(stored: StoredSessionStatus, lastActivityAt: string, now: Date): SessionStatus {
  if (stored === 'completed') return 'completed';
  return now.getTime() - Date.parse(lastActivityAt) > IDLE_MS ? 'abandoned' : 'active';
}

/** When an idle session became abandoned: its last activity plus the idle limit. */
export function abandonedAtOf(lastActivityAt: string): string {
  return new Date(Date.parse(lastActivityAt) + IDLE_MS).toISOString();
}

/** Whole seconds from `from` to `to` on whole-second boundaries; 0 when `to` is not later (clocks of concurrent writers). */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.floor(Date.parse(to) / 1000) - Math.floor(Date.parse(from) / 1000));
}

/** Minutes of a span of whole seconds, rounded half up (the seed's integer `actual_duration`). */
export function minutesOf(seconds: number): number {
  return Math.floor((seconds + 30) / 60);
}

/** The later of two ISO instants (a session's last activity never moves backwards). */
export function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Seconds of learning a progress log adds to the ledger: inside a session, the session's time since
 * its last activity; outside, the log's own duration (minutes, rounded to whole seconds), else 0.
 */
export function logLearningSeconds(input: { durationMinutes?: number; sessionLastActivityAt?: string; now: string }): number {
  if (input.sessionLastActivityAt !== undefined) return secondsBetween(input.sessionLastActivityAt, input.now);
  return input.durationMinutes !== undefined ? Math.round(input.durationMinutes * 60) : 0;
}
