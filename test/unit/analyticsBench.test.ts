import { activityInputOf, BENCH_COURSES, BENCH_TIME_ZONES, historyDates, learnerDayEvents, learnerProfile, zonedInstant, type TenantCatalog } from '../../bin/bench/analyticsActivity.js';
import { analyticsDateOf } from '../../shared/domain/analyticsDate.js';
import { localDateOf } from '../../shared/domain/localDate.js';
import { activityRecord } from '../../shared/progress/activity.js';

// The analytics bench's activity generator (bin/bench/analyticsActivity.ts): the doubled-history
// comparison relies on it giving the same events for the same (seed, learner, date) in any tenant.

const catalog: TenantCatalog = {
  courses: BENCH_COURSES.map((course, c) => ({ courseId: `course-${c}`, lessonIds: course.lessons.map((_, l) => `lesson-${c}-${l}`) })),
  achievements: [
    { id: 'a1', title: 'One' },
    { id: 'a2', title: 'Two' },
    { id: 'a3', title: 'Three' },
  ],
};
const NOW = new Date('2026-12-03T13:00:00.000Z');
const DATES = historyDates('2026-12-02', 30);

function recordsOf(tenantId: string, learners: number) {
  const out = [];
  for (const date of DATES) {
    for (let i = 0; i < learners; i++) {
      const profile = learnerProfile(14, i);
      for (const event of learnerDayEvents(14, profile, date)) {
        const input = activityInputOf(event, { tenantId, userId: `user-${i}`, timeZone: profile.timeZone, localDate: date, catalog, now: NOW });
        if (input) out.push({ date, record: activityRecord(input) });
      }
    }
  }
  return out;
}

describe('analytics bench activity generator', () => {
  it('gives the same events for the same seed, learner and date, whatever the tenant', () => {
    const a = recordsOf('tenant-a', 40).map(({ record }) => ({ ...record, tenantId: '' }));
    const b = recordsOf('tenant-b', 40).map(({ record }) => ({ ...record, tenantId: '' }));
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });

  it('dates every record on the learner-local date it was generated for, never after now', () => {
    for (const { date, record } of recordsOf('t', 40)) {
      expect(analyticsDateOf(record)).toBe(date);
      expect(record.occurredAt <= NOW.toISOString()).toBe(true);
      if (record.clientTimestamp) expect(record.clientTimestamp < record.occurredAt).toBe(true);
    }
  });

  it('varies sources, zones, scores, late syncs and awards', () => {
    const records = recordsOf('t', 80).map(({ record }) => record);
    expect(new Set(records.map((r) => r.source))).toEqual(new Set(['lesson.progress', 'block.completion', 'tutorial.chapter', 'tutorial.quiz', 'tutorial.complete']));
    expect(new Set(records.map((r) => r.timeZone)).size).toBe(BENCH_TIME_ZONES.length);
    expect(records.some((r) => r.score !== undefined && r.maxScore === 10 && r.passed === false)).toBe(true);
    expect(records.some((r) => r.clientTimestamp !== undefined)).toBe(true);
    expect(records.some((r) => (r.awarded?.length ?? 0) > 0)).toBe(true);
  });

  it('converts local wall-clock times to instants across DST changes', () => {
    // New York: EDT (UTC−4) until 1 Nov 2026 06:00Z, then EST (UTC−5); Auckland NZDT (UTC+13).
    expect(zonedInstant('2026-10-31', 9 * 60, 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(zonedInstant('2026-11-02', 9 * 60, 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    const auckland = zonedInstant('2026-12-02', 23 * 60 + 30, 'Pacific/Auckland');
    expect(auckland.toISOString()).toBe('2026-12-02T10:30:00.000Z');
    expect(localDateOf(auckland, 'Pacific/Auckland')).toBe('2026-12-02');
  });
});
