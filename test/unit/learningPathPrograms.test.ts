import { assignmentIssues } from '../../shared/programs/courseAssignments.js';
import { completionRate } from '../../shared/programs/program.js';

describe('program course assignments (the ordering a path step inherits)', () => {
  it('accepts unique orders with prerequisites placed earlier, in any array order', () => {
    expect(
      assignmentIssues([
        { course_id: 'b', sequence_order: 2, prerequisites: ['a'] },
        { course_id: 'a', sequence_order: 1 },
        { course_id: 'c', sequence_order: 5, prerequisites: ['a', 'b'] },
      ]),
    ).toEqual([]);
  });

  it('reports a repeated sequence order and a repeated course on the later entry', () => {
    expect(
      assignmentIssues([
        { course_id: 'a', sequence_order: 1 },
        { course_id: 'b', sequence_order: 1 },
        { course_id: 'a', sequence_order: 2 },
      ]).map((issue) => issue.path),
    ).toEqual([[1, 'sequence_order'], [2, 'course_id']]);
  });

  it('refuses forward, self, foreign and repeated prerequisites, naming each entry', () => {
    const issues = assignmentIssues([
      { course_id: 'a', sequence_order: 1, prerequisites: ['b', 'a'] },
      { course_id: 'b', sequence_order: 2, prerequisites: ['zzz', 'a', 'a'] },
    ]);
    expect(issues.map((issue) => issue.path)).toEqual([
      [0, 'prerequisites', 0], // b comes later
      [0, 'prerequisites', 1], // itself
      [1, 'prerequisites', 0], // not in the program
      [1, 'prerequisites', 2], // repeated
    ]);
  });
});

describe('program completion rate', () => {
  it('is completions over enrollments in percent with one decimal', () => {
    expect(completionRate({ enrollmentCount: 3, completionCount: 2 })).toBe(66.7);
    expect(completionRate({ enrollmentCount: 8, completionCount: 8 })).toBe(100);
  });

  it('is 0 while nobody is enrolled', () => {
    expect(completionRate({ enrollmentCount: 0, completionCount: 0 })).toBe(0);
  });
});
