import { completionRate, type ProgramRecord } from './program.js';

/**
 * The program as seed 000 shows it (snake_case: id, title, description, duration_weeks, status,
 * created_at, created_by, community_id), plus the fields Cairn adds: difficulty_level, prerequisites,
 * course_assignments, updated_at, version and the list figures enrollment_count / completion_rate.
 * Every action returns this one shape, so a client never has to merge partial views.
 */
export function presentProgram(program: ProgramRecord) {
  return {
    id: program.programId,
    title: program.title,
    description: program.description,
    duration_weeks: program.durationWeeks,
    difficulty_level: program.difficultyLevel,
    status: program.status,
    prerequisites: program.prerequisites,
    course_assignments: program.courseAssignments.map((assignment) => ({
      course_id: assignment.courseId,
      sequence_order: assignment.sequenceOrder,
      prerequisites: assignment.prerequisites,
    })),
    created_at: program.createdAt,
    created_by: program.createdBy,
    updated_at: program.updatedAt,
    community_id: program.tenantId,
    version: program.version,
    enrollment_count: program.enrollmentCount ?? 0,
    completion_rate: completionRate({ enrollmentCount: program.enrollmentCount ?? 0, completionCount: program.completionCount ?? 0 }),
  };
}

export type ProgramView = ReturnType<typeof presentProgram>;
