/**
 * Structural rules of a program's course assignments, checked before any course is looked up so a
 * client sees every ordering mistake at once: sequence orders are unique, a course is assigned once,
 * and an assignment's prerequisites name courses of the same program with a lower sequence order
 * (no self or forward references, hence no cycles). Each issue carries the path below the
 * assignments array (`[index, 'sequence_order']`), so the schema can report `body.….course_assignments.N.…`.
 */
export interface AssignmentInput {
  course_id: string;
  sequence_order: number;
  prerequisites?: readonly string[] | undefined;
}

export interface AssignmentIssue {
  path: (string | number)[];
  message: string;
}

/** Every structural problem of `assignments`, in array order; empty when they are consistent. */
export function assignmentIssues(assignments: readonly AssignmentInput[]): AssignmentIssue[] {
  const issues: AssignmentIssue[] = [];
  const firstBySequence = new Map<number, number>();
  const firstByCourse = new Map<string, number>();
  assignments.forEach((assignment, index) => {
    const sameSequence = firstBySequence.get(assignment.sequence_order);
    if (sameSequence !== undefined) {
      issues.push({ path: [index, 'sequence_order'], message: `Duplicate sequence_order ${assignment.sequence_order} (also at course_assignments.${sameSequence})` });
    } else firstBySequence.set(assignment.sequence_order, index);
    const sameCourse = firstByCourse.get(assignment.course_id);
    if (sameCourse !== undefined) {
      issues.push({ path: [index, 'course_id'], message: `Course ${assignment.course_id} is already assigned at course_assignments.${sameCourse}` });
    } else firstByCourse.set(assignment.course_id, index);
  });

  const sequenceOf = new Map<string, number>();
  for (const assignment of assignments) if (!sequenceOf.has(assignment.course_id)) sequenceOf.set(assignment.course_id, assignment.sequence_order);
  assignments.forEach((assignment, index) => {
    const seen = new Set<string>();
    (assignment.prerequisites ?? []).forEach((courseId, position) => {
      const path = [index, 'prerequisites', position];
      const order = sequenceOf.get(courseId);
      if (seen.has(courseId)) issues.push({ path, message: `Duplicate prerequisite ${courseId}` });
      else if (order === undefined) issues.push({ path, message: `Course ${courseId} is not assigned in this program` });
      else if (order >= assignment.sequence_order) {
        issues.push({ path, message: `Course ${courseId} (sequence_order ${order}) must come before sequence_order ${assignment.sequence_order}` });
      }
      seen.add(courseId);
    });
  });
  return issues;
}
