import {
  courseHealth,
  courseLearnerBuckets,
  courseLevelOf,
  lastWeekOf,
  learnerCourseDaysOf,
  learnerCourseSummary,
  performanceBandOf,
  teachingEffectiveness,
  type LearnerCourseSummary,
} from '../../shared/domain/courseHealth.js';
import type { FoldRecord } from '../../shared/domain/dailyAggregates.js';
import { masteryOf } from '../../shared/domain/skillMastery.js';

// The written thresholds of docs/analytics.md §11.1, at their boundaries.

const learner = (lastDate: string, furthestSection: number, extra: Partial<LearnerCourseSummary> = {}): LearnerCourseSummary => ({
  firstDate: lastDate, lastDate, furthestSection, completed: false, assessments: 0, scoreSum: 0, level: null, ...extra,
});

describe('course-health rules', () => {
  it('bands a learner by their average course score: < 60 struggling, ≥ 85 excelling', () => {
    expect(performanceBandOf({ assessments: 0, scoreSum: 0 })).toBe('notAssessed');
    expect(performanceBandOf({ assessments: 2, scoreSum: 119.98 })).toBe('struggling'); // 59.99
    expect(performanceBandOf({ assessments: 1, scoreSum: 60 })).toBe('onTrack');
    expect(performanceBandOf({ assessments: 1, scoreSum: 84.99 })).toBe('onTrack');
    expect(performanceBandOf({ assessments: 1, scoreSum: 85 })).toBe('excelling');
  });

  it('counts a learner\'s week from their first day in the course: days 0–6 week 1, day 7 week 2', () => {
    expect(lastWeekOf({ firstDate: '2026-11-01', lastDate: '2026-11-07' })).toBe(1);
    expect(lastWeekOf({ firstDate: '2026-11-01', lastDate: '2026-11-08' })).toBe(2);
    expect(lastWeekOf({ firstDate: '2026-10-28', lastDate: '2026-11-18' })).toBe(4); // 21 days
  });

  it('sums a learner\'s days: furthest section, completed once, assessments', () => {
    expect(learnerCourseSummary({ '2026-11-03': { s: 2, c: 0, a: 1, p: 70 }, '2026-11-01': { s: 1, c: 0, a: 1, p: 55.5 }, '2026-11-09': { s: 1, c: 1, a: 0, p: 0 } }, 'beginner')).toEqual({
      firstDate: '2026-11-01', lastDate: '2026-11-09', furthestSection: 2, completed: true, assessments: 2, scoreSum: 125.5, level: 'beginner',
    });
  });

  it('derives the (course, learner) days of a date from the ledger, ignoring other dates and other content', () => {
    const lessons = (courseId: string, lessonId: string) => (courseId === 'c' ? { type: 'quiz', skills: [], section: lessonId === 'a' ? 1 : 2 } : undefined);
    const r = (userId: string, itemId: string, at: string, extra: Partial<FoldRecord> = {}): FoldRecord => ({
      eventId: `${userId}${itemId}${at}`, userId, source: 'lesson.progress', contentType: 'course', contentId: 'c', itemId, occurredAt: at, localDate: at.slice(0, 10), timeZone: 'UTC', seconds: 1, ...extra,
    });
    const days = learnerCourseDaysOf('2026-11-01', [
      r('u', 'a', '2026-11-01T08:00:00Z', { score: 4, maxScore: 5 }),
      r('u', 'b', '2026-11-01T09:00:00Z', { contentCompleted: true }),
      r('u', 'b', '2026-11-02T09:00:00Z', { score: 10, maxScore: 10 }), // another date
      r('v', 'a', '2026-11-01T09:00:00Z', { contentType: 'tutorial' }), // not a catalog course
    ], lessons);
    expect(days).toEqual([{ courseId: 'c', userId: 'u', date: '2026-11-01', s: 2, c: 1, a: 1, p: 80, e: 2, level: null }]);
  });

  it('levels a learner on the course\'s skills by their mean mastery; expert only when all are mastered', () => {
    const m = (percent: number) => masteryOf([{ at: '2026-11-01T00:00:00Z', percent }]);
    expect(courseLevelOf({ js: m(50), css: m(90) }, ['js', 'css'])).toBe('intermediate'); // mean 70
    expect(courseLevelOf({ js: m(95) }, ['js', 'sql'])).toBe('advanced'); // sql has no mastery; js not mastered
    expect(courseLevelOf({ js: m(95) }, [])).toBeNull();
    expect(courseLevelOf(undefined, ['js'])).toBeNull();
  });

  it('alerts at a drop-off rate of 30 % or more only when at least 5 learners reached the section or week', () => {
    const through = '2026-11-30';
    const gone = '2026-11-16'; // 14 days before: dropped off
    const at = (learners: LearnerCourseSummary[]) =>
      courseHealth({ courseId: 'c', courseName: 'C', enrollments: 0, completionRate: null, buckets: courseLearnerBuckets(learners), sections: [{ sectionId: 's1', title: 'One' }] }, through);
    // 4 learners, all dropped in Section 1: 100 % but too few
    expect(at([1, 2, 3, 4].map(() => learner(gone, 1))).alerts).toEqual([]);
    // 10 learners, 3 dropped: exactly 30 % → both alerts (section and week 1); 11-17 is not dropped yet, nor engaged
    const ten = [...[1, 2, 3].map(() => learner(gone, 1)), ...[1, 2, 3, 4, 5, 6, 7].map(() => learner('2026-11-17', 1))];
    const h = at(ten);
    expect(h.metrics).toEqual({ completionRate: null, dropOffRate: 30, engagementScore: 0 });
    expect(h.alerts).toEqual(['High drop-off rate in Section 1: 30 %', 'High drop-off rate in Week 1: 30 %', 'Low engagement: 0 % of learners in progress active in the last 7 days']);
    // 11-24 is the first engaged date (7 days through 11-30)
    expect(at([learner('2026-11-24', 1), learner('2026-11-23', 1)]).metrics.engagementScore).toBe(50);
    // 10 learners, 2 dropped: 20 % → none
    expect(at([...ten.slice(1)].concat(learner('2026-11-30', 1))).alerts.filter((a) => a.startsWith('High'))).toEqual([]);
  });

  it('names strengths at 80 or more (4.5 stars) and areas below 60 (3.5 stars), nothing in between', () => {
    const course = (buckets: ReturnType<typeof courseLearnerBuckets>, ratingSum: number, reviewsCount: number, scoreSum: number, assessments: number) => ({ enrollments: buckets.started, ratingSum, reviewsCount, assessments, scoreSum, buckets });
    // 4 completed + 1 dropped = 80 % success; in progress: the dropped one and 4 engaged → 80 %; 4.5 stars; scores 80
    const good = courseLearnerBuckets([...[1, 2, 3, 4].map(() => learner('2026-11-20', 1, { completed: true })), learner('2026-11-01', 1), ...[1, 2, 3, 4].map(() => learner('2026-11-30', 1))]);
    expect(teachingEffectiveness([course(good, 9, 2, 160, 2)], '2026-11-30')).toEqual({
      overallScore: 83, // (80 + 4.5 × 20 + 80 + 80) / 4 = 82.5 → 83
      studentSuccessRate: 80,
      avgStudentSatisfaction: 4.5,
      contentQualityScore: 80,
      engagementScore: 80,
      strengths: ['High student success rate: 80 %', 'High student satisfaction: 4.5 / 5', 'Strong assessment results: 80 %', 'High engagement: 80 %'],
      areasForImprovement: [],
    });
    // 1 completed + 1 dropped = 50 %; 17 / 5 = 3.4 stars; scores 59; in progress: the dropped one and one last seen 11-20 → 0 %
    const weak = courseLearnerBuckets([learner('2026-11-20', 1, { completed: true }), learner('2026-11-01', 1), learner('2026-11-20', 1)]);
    expect(teachingEffectiveness([course(weak, 17, 5, 59, 1)], '2026-11-30')).toMatchObject({
      overallScore: 44, // (50 + 3.4 × 20 + 59 + 0) / 4 = 177 / 4 = 44.25 → 44
      strengths: [],
      areasForImprovement: ['Low student success rate: 50 %', 'Low student satisfaction: 3.4 / 5', 'Weak assessment results: 59 %', 'Low engagement: 0 %'],
    });
    // at the lower thresholds (60 %, 3.5 stars) nothing is named
    const middle = courseLearnerBuckets([...[1, 2, 3].map(() => learner('2026-11-20', 1, { completed: true })), learner('2026-11-01', 1), learner('2026-11-01', 1)]);
    expect(teachingEffectiveness([course(middle, 7, 2, 60, 1)], '2026-11-30')).toMatchObject({ studentSuccessRate: 60, avgStudentSatisfaction: 3.5, contentQualityScore: 60, strengths: [], areasForImprovement: ['Low engagement: 0 %'] });
  });
});
