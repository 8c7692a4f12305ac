import fc from 'fast-check';
import { activitySummary } from '../../shared/domain/activitySummary.js';
import { evaluateExerciseLog, normalizeExerciseName, repsPerSet, type ExerciseHistory } from '../../shared/domain/exerciseRecord.js';
import { nextRecommendation } from '../../shared/domain/progression.js';
import { compareWeights, convertWeight, formatWeight, parseWeight, type Weight, type WeightUnit } from '../../shared/domain/weight.js';

const LB_IN_KG = 0.45359237;
const kgOf = (w: Weight) => (w.hundredths / 100) * (w.unit === 'kg' ? 1 : LB_IN_KG);

const weightArb = fc.oneof(
  fc.integer({ min: 1, max: 1000 * 100 }).map((hundredths): Weight => ({ hundredths, unit: 'kg' })),
  fc.integer({ min: 1, max: 2200 * 100 }).map((hundredths): Weight => ({ hundredths, unit: 'lbs' })),
);

function weightOf(text: string): Weight {
  const parsed = parseWeight(text);
  if (!parsed.ok) throw new Error(`not a weight: ${text}`);
  return parsed.weight;
}

/** The number in "Try 140lbs next session" and friends. */
function recommendedWeight(advice: string | null): Weight {
  const match = /(\d+(?:\.\d+)?)(lbs|kg)/.exec(advice ?? '');
  if (!match) throw new Error(`no weight in ${advice}`);
  return { hundredths: Math.round(Number(match[1]) * 100), unit: match[2] as WeightUnit };
}

describe('weights with units', () => {
  it.each([
    ['135lbs', 13500, 'lbs'],
    ['135 lb', 13500, 'lbs'],
    ['62.5kg', 6250, 'kg'],
    ['62.25 KG', 6225, 'kg'],
    ['1 pound', 100, 'lbs'],
    ['20 kilograms', 2000, 'kg'],
    [' 0.5kg ', 50, 'kg'],
  ])('reads %s', (text, hundredths, unit) => {
    expect(parseWeight(text)).toEqual({ ok: true, weight: { hundredths, unit } });
  });

  it.each(['135', '0kg', '0.00lbs', '-5kg', '135.125lbs', '10st', '2200.01lbs', '1000.5kg', '', 'kg', '1e3kg', '135  lbs'])('refuses %p', (text) => {
    expect(parseWeight(text).ok).toBe(false);
  });

  it('accepts the limits themselves: 1000kg and 2200lbs', () => {
    expect(parseWeight('1000kg').ok).toBe(true);
    expect(parseWeight('2200lbs').ok).toBe(true);
  });

  it('writes a weight back the way it reads (property)', () => {
    fc.assert(fc.property(weightArb, (weight) => expect(parseWeight(formatWeight(weight))).toEqual({ ok: true, weight })));
  });

  it('compares across units like a scale (property, exact beyond float noise)', () => {
    fc.assert(
      fc.property(weightArb, weightArb, (a, b) => {
        const diff = kgOf(a) - kgOf(b);
        fc.pre(Math.abs(diff) > 1e-9);
        expect(compareWeights(a, b)).toBe(Math.sign(diff));
        expect(compareWeights(b, a)).toBe(-Math.sign(diff));
      }),
    );
    expect(compareWeights({ hundredths: 100, unit: 'kg' }, { hundredths: 220, unit: 'lbs' })).toBe(1); // 2.2 lb = 0.998 kg
    expect(compareWeights({ hundredths: 100, unit: 'kg' }, { hundredths: 221, unit: 'lbs' })).toBe(-1); // 2.21 lb = 1.002 kg
    expect(compareWeights({ hundredths: 4535923, unit: 'kg' }, { hundredths: 10000000, unit: 'lbs' })).toBe(-1);
  });

  it('converts to the other unit to the nearest hundredth', () => {
    expect(convertWeight({ hundredths: 6000, unit: 'kg' }, 'lbs')).toEqual({ hundredths: Math.round((60 / LB_IN_KG) * 100), unit: 'lbs' });
    expect(convertWeight({ hundredths: 13500, unit: 'lbs' }, 'kg')).toEqual({ hundredths: Math.round(135 * LB_IN_KG * 100), unit: 'kg' });
  });
});

describe('exercise names', () => {
  it.each([
    ['Bench Press', 'bench_press'],
    ['bench-press', 'bench_press'],
    ['  squat ', 'squat'],
    ['Romanian  deadlift', 'romanian_deadlift'],
  ])('keys %p as %p', (text, key) => expect(normalizeExerciseName(text)).toBe(key));

  it.each(['', 'bench#press', 'überzug', 'x'.repeat(65)])('refuses %p', (text) => expect(normalizeExerciseName(text)).toBeUndefined());
});

describe('personal records', () => {
  const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T10:00:00.000Z`;

  it('reproduces the seed: 135lbs after a 125lbs session is a record, up 10lbs', () => {
    const first = evaluateExerciseLog('bench_press', undefined, { logId: 'a', at: at(12), weight: weightOf('125lbs'), reps: [8, 8, 8] });
    const second = evaluateExerciseLog('bench_press', first.history, { logId: 'b', at: at(15), weight: weightOf('135lbs'), reps: [8, 7, 6] });
    expect(first.personalRecord).toBe(false);
    expect(second).toMatchObject({ personalRecord: true, summary: 'Personal record! Up 10lbs from last session.' });
    expect(second.history).toMatchObject({ logCount: 2, bestWeight: { hundredths: 13500, unit: 'lbs' }, bestWeightLogId: 'b', last: { logId: 'b' } });
  });

  it('does not call an equal weight a record', () => {
    const first = evaluateExerciseLog('squat', undefined, { logId: 'a', at: at(1), weight: weightOf('100kg') });
    const again = evaluateExerciseLog('squat', first.history, { logId: 'b', at: at(2), weight: weightOf('100kg') });
    expect(again.personalRecord).toBe(false);
    expect(again.summary).toBe('Same weight as last session (100kg). Best: 100kg.');
  });

  it('judges a back-dated log against the best but keeps the latest log as "last"', () => {
    const recent = evaluateExerciseLog('row', undefined, { logId: 'recent', at: at(10), weight: weightOf('80kg') });
    const old = evaluateExerciseLog('row', recent.history, { logId: 'old', at: at(3), weight: weightOf('85kg') });
    expect(old.personalRecord).toBe(true);
    expect(old.summary).toBe('Personal record! 5kg above your previous best of 80kg.');
    expect(old.history.last?.logId).toBe('recent');
    expect(old.history.bestWeightLogId).toBe('old');
  });

  it('tracks rep records for exercises without weight', () => {
    const first = evaluateExerciseLog('pull_up', undefined, { logId: 'a', at: at(1), reps: [8, 6] });
    const second = evaluateExerciseLog('pull_up', first.history, { logId: 'b', at: at(2), reps: [10, 7] });
    const third = evaluateExerciseLog('pull_up', second.history, { logId: 'c', at: at(3), reps: [9] });
    expect(first.personalRecord).toBe(false);
    expect(second).toMatchObject({ personalRecord: true, summary: 'Personal record! 10 reps in a set, up 2 from last session.' });
    expect(third.personalRecord).toBe(false);
    expect(third.history.bestReps).toBe(10);
  });

  it('keeps the best as the running maximum and flags exactly the strict new maxima after the first (property)', () => {
    fc.assert(
      fc.property(fc.array(weightArb, { minLength: 1, maxLength: 30 }), (weights) => {
        let history: ExerciseHistory | undefined;
        const flags: boolean[] = [];
        weights.forEach((weight, i) => {
          const result = evaluateExerciseLog('lift', history, { logId: `l${i}`, at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), weight });
          flags.push(result.personalRecord);
          history = result.history;
        });
        const expected = weights.map((w, i) => i > 0 && weights.slice(0, i).every((earlier) => kgOf(w) - kgOf(earlier) > 1e-9));
        expect(flags).toEqual(expected);
        const heaviest = Math.max(...weights.map(kgOf));
        expect(Math.abs(kgOf(history?.bestWeight as Weight) - heaviest)).toBeLessThan(1e-9);
        expect(history?.logCount).toBe(weights.length);
      }),
    );
  });

  it('turns sets and reps into reps per set', () => {
    expect(repsPerSet(3, 5)).toEqual([5, 5, 5]);
    expect(repsPerSet(undefined, 12)).toEqual([12]);
    expect(repsPerSet(2, [8, 6])).toEqual([8, 6]);
    expect(repsPerSet(3, undefined)).toBeUndefined();
  });
});

describe('progression rule (next_recommendations)', () => {
  it('gives the seed\'s advice: 135lbs × [8, 7, 6] → "Try 140lbs next session"', () => {
    expect(nextRecommendation({ activityType: 'exercise', weight: weightOf('135lbs'), reps: [8, 7, 6] })).toBe('Try 140lbs next session');
  });

  it('adds one increment (5 lbs / 2.5 kg) when every set has 5+ reps (property)', () => {
    fc.assert(
      fc.property(weightArb, fc.array(fc.integer({ min: 5, max: 30 }), { minLength: 1, maxLength: 6 }), (weight, reps) => {
        const next = recommendedWeight(nextRecommendation({ activityType: 'exercise', weight, reps }));
        expect(next.unit).toBe(weight.unit);
        expect(next.hundredths - weight.hundredths).toBe(weight.unit === 'kg' ? 250 : 500);
      }),
    );
  });

  it('holds the weight when the weakest set has 3 or 4 reps (property)', () => {
    fc.assert(
      fc.property(weightArb, fc.integer({ min: 3, max: 4 }), fc.array(fc.integer({ min: 3, max: 30 }), { maxLength: 5 }), (weight, weakest, others) => {
        const advice = nextRecommendation({ activityType: 'exercise', weight, reps: [...others, weakest] });
        expect(advice).toMatch(/^Stay at /);
        expect(recommendedWeight(advice)).toEqual(weight);
      }),
    );
  });

  it('deloads about 10 % to a whole increment when a set had 0–2 reps (property)', () => {
    fc.assert(
      fc.property(weightArb, fc.integer({ min: 0, max: 2 }), (weight, weakest) => {
        const advice = nextRecommendation({ activityType: 'exercise', weight, reps: [weakest, 8] });
        const step = weight.unit === 'kg' ? 250 : 500;
        const next = recommendedWeight(advice);
        if (advice?.startsWith('Stay at')) {
          expect(weight.hundredths * 0.9).toBeLessThan(step); // nothing to drop to
          return;
        }
        expect(advice).toMatch(/^Drop to /);
        expect(next.hundredths % step).toBe(0);
        expect(next.hundredths).toBeLessThanOrEqual(weight.hundredths * 0.9);
        expect(next.hundredths).toBeGreaterThan(weight.hundredths * 0.9 - step);
      }),
    );
    expect(nextRecommendation({ activityType: 'exercise', weight: weightOf('135lbs'), reps: [5, 2] })).toBe('Drop to 120lbs next session and build back up');
  });

  it('asks for reps when a weight came without them, and adds a rep for bodyweight work', () => {
    expect(nextRecommendation({ activityType: 'exercise', weight: weightOf('20kg') })).toBe('Repeat 20kg next session and log your reps per set');
    expect(nextRecommendation({ activityType: 'exercise', reps: [12, 9, 10] })).toBe('Aim for 10+ reps in every set next session');
  });

  it('moves on from a quiz at 80 % and retakes below', () => {
    expect(nextRecommendation({ activityType: 'quiz', score: 8, maxScore: 10 })).toBe('Scored 80%: move on to the next module');
    expect(nextRecommendation({ activityType: 'quiz', score: 79, maxScore: 100 })).toBe('Scored 79%: review the material and retake the quiz (aim for 80%)');
  });

  it.each([
    [{ activityType: 'reading' }],
    [{ activityType: 'reflection' }],
    [{ activityType: 'quiz', score: 3 }],
    [{ activityType: 'exercise' }],
  ])('makes nothing up when no rule applies: %j → null', (input) => {
    expect(nextRecommendation(input)).toBeNull();
  });
});

describe('summaries of other activities', () => {
  it.each([
    [{ activityType: 'quiz', score: 3, maxScore: 4 }, 'Quiz scored 3/4 (75%).'],
    [{ activityType: 'quiz', score: 3 }, 'Quiz scored 3.'],
    [{ activityType: 'reading', durationMinutes: 1 }, 'Logged 1 minute of reading.'],
    [{ activityType: 'practice', durationMinutes: 12.5 }, 'Logged 12.5 minutes of practice.'],
    [{ activityType: 'reflection' }, 'Reflection logged.'],
  ])('%j → %p', (input, summary) => expect(activitySummary(input)).toBe(summary));
});
