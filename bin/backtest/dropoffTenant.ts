import { addDays } from '../../shared/domain/localDate.js';
import type { LearnerHistory, ModelDay } from '../../shared/domain/dropoffModel.js';
import { hashSeed, prng } from '../bench/analyticsActivity.js';

/**
 * A generated tenant for the drop-off back-test and the model's unit tests (issue 21): learner-day
 * aggregates of N learners over D days, deterministic per seed. Behaviour is varied on purpose so
 * that inactivity is not the only signal:
 * - steady: active on ~60 % of days, passes most quizzes, rarely drops off;
 * - vacationer: steady, with one or two breaks of 8–13 days after which it comes back (inactive 7+
 *   days but not dropping off);
 * - struggler: fails most quizzes; every failure in the last 14 days raises its daily drop-off hazard;
 * - fader: its activity probability and progress decline over a learner-specific span, and its
 *   hazard rises as they do (declining trend, stagnation, streak loss before the drop);
 * - sporadic: active on ~20 % of days in irregular bursts, fails half its quizzes, long gaps, and
 *   almost never drops off (what the Aspects rule wrongly flags).
 * A learner who drops off has no activity afterwards. Every learner starts on a day in the first 21.
 */

export type Archetype = 'steady' | 'vacationer' | 'struggler' | 'fader' | 'sporadic';

const MIX: readonly [Archetype, number][] = [
  ['steady', 0.28],
  ['vacationer', 0.14],
  ['struggler', 0.2],
  ['fader', 0.2],
  ['sporadic', 0.18],
];

export interface GeneratedLearner extends LearnerHistory {
  archetype: Archetype;
  /** Day index of the drop-off (no activity from then on), or null. */
  droppedAt: number | null;
}

export interface GeneratedTenant {
  start: string;
  /** The last generated (observed) date. */
  end: string;
  learners: GeneratedLearner[];
}

function pick(r: number): Archetype {
  let acc = 0;
  for (const [name, share] of MIX) {
    acc += share;
    if (r < acc) return name;
  }
  return 'steady';
}

export function generateDropoffTenant(options: { learners: number; days: number; seed: number; start?: string }): GeneratedTenant {
  const start = options.start ?? '2026-01-01';
  const learners: GeneratedLearner[] = [];
  for (let u = 0; u < options.learners; u += 1) {
    const rand = prng(hashSeed('dropoff', options.seed, u));
    const archetype = pick(rand());
    const first = Math.floor(rand() * 21);
    const fadeSpan = 30 + Math.floor(rand() * 60);
    const breaks: number[] = [];
    if (archetype === 'vacationer') {
      const count = 1 + Math.floor(rand() * 2);
      for (let b = 0; b < count; b += 1) breaks.push(first + 14 + Math.floor(rand() * Math.max(1, options.days - first - 28)));
    }
    const breakLen = 8 + Math.floor(rand() * 6);
    const days: ModelDay[] = [];
    const failures: number[] = [];
    let droppedAt: number | null = null;
    let burst = 0;
    for (let d = first; d < options.days; d += 1) {
      const age = d - first;
      let pActive = 0.6;
      let pTopic = 0.7;
      let passRate = 0.85;
      let hazard = 0.002;
      if (archetype === 'vacationer') {
        if (breaks.some((b) => d >= b && d < b + breakLen)) pActive = 0;
      } else if (archetype === 'struggler') {
        passRate = 0.3;
        pTopic = 0.5;
        const recentFailures = failures.filter((f) => f > d - 14).length;
        hazard = 0.002 + 0.012 * recentFailures;
      } else if (archetype === 'fader') {
        const left = Math.max(0.05, 1 - age / fadeSpan);
        pActive = 0.65 * left;
        pTopic = 0.8 * left;
        hazard = 0.002 + 0.03 * (1 - left);
      } else if (archetype === 'sporadic') {
        passRate = 0.5;
        pTopic = 0.6;
        hazard = 0.001;
        if (burst > 0) {
          pActive = 0.8;
          burst -= 1;
        } else {
          pActive = 0.04;
          if (rand() < 0.08) burst = 2 + Math.floor(rand() * 3);
        }
      }
      if (rand() < hazard) {
        droppedAt = d;
        break;
      }
      if (rand() >= pActive) continue;
      const events = 1 + Math.floor(rand() * 5);
      const topics = rand() < pTopic ? 1 + Math.floor(rand() * 2) : 0;
      let graded = 0;
      let passed = 0;
      let scoreSum = 0;
      if (rand() < 0.35) {
        graded = 1;
        const ok = rand() < passRate;
        passed = ok ? 1 : 0;
        scoreSum = ok ? 70 + Math.floor(rand() * 30) : 20 + Math.floor(rand() * 40);
        if (!ok) failures.push(d);
      }
      days.push({ date: addDays(start, d), events, topics, graded, passed, assessments: graded, scoreSum });
    }
    learners.push({ userId: `learner-${String(u).padStart(4, '0')}`, archetype, droppedAt, days, enrolled: true });
  }
  return { start, end: addDays(start, options.days - 1), learners };
}
