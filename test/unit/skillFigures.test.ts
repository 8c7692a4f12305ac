import { masterySummaryOf } from '../../shared/analytics/masteryAggregation.js';
import type { FoldRecord } from '../../shared/domain/dailyAggregates.js';
import { coursesTeaching, gapPriority, nextAssessmentOf, requiredLevelOf } from '../../shared/domain/skillFigures.js';
import { skillEvidenceOf } from '../../shared/domain/skillEvidence.js';
import { masteryOf } from '../../shared/domain/skillMastery.js';
import { taxonomyIssues, unknownSkillIssues } from '../../shared/domain/skillTaxonomy.js';

const rec = (fields: Partial<FoldRecord>): FoldRecord => ({
  eventId: Math.random().toString(36), userId: 'u1', source: 'lesson.progress', contentType: 'course', contentId: 'c1', itemId: 'q1',
  occurredAt: '2026-11-01T10:00:00.000Z', localDate: '2026-11-01', timeZone: 'UTC', seconds: 60, ...fields,
});
const lessons = (_c: string, l: string) => ({ q1: { type: 'quiz', skills: ['js', 'css'] }, r1: { type: 'reading', skills: ['js'] }, v1: { type: 'video', skills: [] } })[l];

describe('skill evidence', () => {
  it('takes scored attempts and unscored completions of tagged lessons of the date, nothing else', () => {
    const out = skillEvidenceOf('2026-11-01', [
      rec({ score: 8, maxScore: 10 }),
      rec({ itemId: 'r1', itemCompleted: true, occurredAt: '2026-11-01T11:00:00.000Z' }),
      rec({ itemId: 'r1', occurredAt: '2026-11-01T12:00:00.000Z' }), // neither scored nor completed
      rec({ itemId: 'v1', itemCompleted: true }), // untagged
      rec({ localDate: '2026-11-02', occurredAt: '2026-11-02T10:00:00.000Z', score: 5, maxScore: 10 }), // another date
      rec({ userId: 'u2', itemId: 'v1', itemCompleted: true }), // no evidence: left out
    ], lessons);
    expect(out).toEqual([
      { userId: 'u1', date: '2026-11-01', events: 4, skills: { js: [{ at: '2026-11-01T10:00:00.000Z', percent: 80 }, { at: '2026-11-01T11:00:00.000Z', percent: null }], css: [{ at: '2026-11-01T10:00:00.000Z', percent: 80 }] }, courses: ['c1'] },
    ]);
  });

  it('sums the evidence of every date into the summary, one mastery per skill', () => {
    const summary = masterySummaryOf('u1', [
      { date: '2026-10-02', skills: { js: [{ at: '2026-10-02T10:00:00.000Z', percent: 90 }] } },
      { date: '2026-11-01', skills: { js: [{ at: '2026-11-01T10:00:00.000Z', percent: 96 }], css: [{ at: '2026-11-01T10:00:00.000Z', percent: null }] } },
    ]);
    expect(summary.evidenceRecords).toBe(3);
    expect(summary.throughDate).toBe('2026-11-01');
    expect(summary.skills.js).toEqual(masteryOf([{ at: '2026-10-02T10:00:00.000Z', percent: 90 }, { at: '2026-11-01T10:00:00.000Z', percent: 96 }]));
    expect(summary.skills.js!.mastery).toBe(94);
  });
});

describe('skill figures', () => {
  it('requires a course\'s skills one level above its difficulty', () => {
    expect([requiredLevelOf('beginner'), requiredLevelOf('intermediate'), requiredLevelOf('advanced')]).toEqual([2, 3, 4]);
  });

  it('ranks gaps: 3+ critical, 2 high, 1 medium', () => {
    expect([gapPriority(4), gapPriority(3), gapPriority(2), gapPriority(1)]).toEqual(['critical', 'critical', 'high', 'medium']);
  });

  it('suggests at most three courses listing the skill, best rated first, unrated last', () => {
    const courses = [
      { courseId: 'a', skills: ['js'], rating: null },
      { courseId: 'b', skills: ['js'], rating: 4.5 },
      { courseId: 'c', skills: ['css'], rating: 5 },
      { courseId: 'd', skills: ['js'], rating: 3 },
      { courseId: 'e', skills: ['js'], rating: 3 },
    ];
    expect(coursesTeaching('js', courses)).toEqual(['b', 'd', 'e']);
  });

  it('recommends the next assessment 24 h after a skill became proficient, else 30 days after its newest evidence', () => {
    const proficient = masteryOf([{ at: '2026-11-01T10:00:00.000Z', percent: 90 }]);
    const familiar = masteryOf([{ at: '2026-10-20T10:00:00.000Z', percent: 75 }]);
    expect(nextAssessmentOf([proficient, familiar], new Date('2026-11-01T12:00:00Z'))).toBe('2026-11-03T00:00:00.000Z');
    expect(nextAssessmentOf([familiar], new Date('2026-11-01T12:00:00Z'))).toBe('2026-11-20T00:00:00.000Z');
    expect(nextAssessmentOf([familiar], new Date('2026-12-01T12:00:00Z'))).toBe('2026-12-02T00:00:00.000Z');
    expect(nextAssessmentOf([masteryOf([])], new Date())).toBeNull();
  });
});

describe('skills taxonomy rules', () => {
  it('names duplicate domains and skills', () => {
    expect(taxonomyIssues({ domains: [{ id: 'a', name: 'A', skills: [{ id: 'x', name: 'X' }] }, { id: 'a', name: 'A2', skills: [{ id: 'x', name: 'X' }] }] })).toEqual([
      { field: 'body.domains.1.id', message: 'Duplicate domain id "a"' },
      { field: 'body.domains.1.skills.0.id', message: 'Skill id "x" is already in domain "a"' },
    ]);
  });

  it('accepts any skill before a taxonomy exists, and only known ones after', () => {
    expect(unknownSkillIssues(null, ['anything'], 'body.skills')).toEqual([]);
    const t = { domains: [{ id: 'a', name: 'A', skills: [{ id: 'x', name: 'X' }] }] };
    expect(unknownSkillIssues(t, ['x', 'y'], 'body.skills').map((i) => i.field)).toEqual(['body.skills.1']);
  });
});
