import fc from 'fast-check';
import { abandonedAtOf, effectiveSessionStatus, laterOf, logLearningSeconds, minutesOf, secondsBetween, SESSION_IDLE_MINUTES } from '../../shared/domain/sessionTiming.js';

const START = Date.parse('2024-01-15T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('session idle rule', () => {
  it('uses a 30-minute idle limit', () => {
    expect(SESSION_IDLE_MINUTES).toBe(30);
  });

  it('is active up to and including 30 idle minutes, abandoned one millisecond later', () => {
    const last = iso(START);
    expect(effectiveSessionStatus('active', last, new Date(START + 30 * 60_000))).toBe('active');
    expect(effectiveSessionStatus('active', last, new Date(START + 30 * 60_000 + 1))).toBe('abandoned');
    expect(abandonedAtOf(last)).toBe('2024-01-15T10:30:00.000Z');
  });

  it('never turns a completed session into an abandoned one', () => {
    expect(effectiveSessionStatus('completed', iso(START), new Date(START + 24 * 3600_000))).toBe('completed');
  });
});

describe('learning time', () => {
  it('rounds minutes half up', () => {
    expect([0, 29, 30, 89, 90, 1530].map(minutesOf)).toEqual([0, 0, 1, 1, 2, 26]);
  });

  it('counts whole seconds and nothing for a clock that is behind', () => {
    expect(secondsBetween('2024-01-15T10:00:00.900Z', '2024-01-15T10:00:01.100Z')).toBe(1);
    expect(secondsBetween('2024-01-15T10:00:05.000Z', '2024-01-15T10:00:01.000Z')).toBe(0);
  });

  it('adds up a session\'s writes to exactly start → latest activity, whatever order writers commit in (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * 3600_000 }), { maxLength: 40 }), (offsets) => {
        let last = iso(START);
        let total = 0;
        for (const offset of offsets) {
          const now = iso(START + offset);
          total += secondsBetween(last, now);
          last = laterOf(last, now);
        }
        const latest = Math.max(START, ...offsets.map((o) => START + o));
        expect(total).toBe(Math.floor(latest / 1000) - Math.floor(START / 1000));
      }),
    );
  });

  it('gives a log inside a session the session\'s time since its last activity, and outside its own duration', () => {
    expect(logLearningSeconds({ durationMinutes: 50, sessionLastActivityAt: '2024-01-15T10:00:00.000Z', now: '2024-01-15T10:12:00.000Z' })).toBe(720);
    expect(logLearningSeconds({ durationMinutes: 2.5, now: '2024-01-15T10:12:00.000Z' })).toBe(150);
    expect(logLearningSeconds({ now: '2024-01-15T10:12:00.000Z' })).toBe(0);
  });
});
