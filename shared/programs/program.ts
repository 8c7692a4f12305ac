import type { Difficulty } from '../catalog/course.js';
import { roundToOneDecimal } from './studyPace.js';

/**
 * A program (seed 000 §1): an ordered set of catalog courses with its own prerequisites, created by
 * an instructor, trainer or org admin of a tenant. One item per program in the tenant's program
 * collection (`programKey`), which also carries the enrollment and completion counters so a list
 * reads everything it shows in one Query.
 */
export const PROGRAM_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** One course of a program, at its position; `prerequisites` are course ids of the same program placed earlier. */
export interface CourseAssignment {
  courseId: string;
  sequenceOrder: number;
  prerequisites: string[];
}

export interface ProgramRecord {
  tenantId: string;
  programId: string;
  title: string;
  description: string;
  durationWeeks: number;
  difficultyLevel: Difficulty;
  status: ProgramStatus;
  /** Catalog course ids a learner should complete before the program (slugs are resolved on write). */
  prerequisites: string[];
  /** Sorted by sequenceOrder. */
  courseAssignments: CourseAssignment[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock version: every content update is conditioned on it and increments it. */
  version: number;
  /** Kept by the program-enrollment transactions (programCounters.ts), never by updates. */
  enrollmentCount: number;
  completionCount: number;
}

/**
 * Limits that keep a program item well under DynamoDB's 400 KB (about 2 KB for a typical program of
 * ten courses with UUID ids; under 80 KB at every limit with 128-character ids) and its course
 * lookups inside one BatchGetItem (100 keys: 50 assignment ids + 20 prerequisites looked up both as
 * id and as slug).
 */
export const PROGRAM_LIMITS = {
  titleLength: 200,
  descriptionLength: 2000,
  maxDurationWeeks: 104,
  prerequisites: 20,
  courseAssignments: 50,
  assignmentPrerequisites: 10,
} as const;

/** Share of enrollments that completed, in percent with one decimal; 0 while nobody is enrolled. */
export function completionRate(program: Pick<ProgramRecord, 'enrollmentCount' | 'completionCount'>): number {
  return program.enrollmentCount > 0 ? roundToOneDecimal((program.completionCount / program.enrollmentCount) * 100) : 0;
}
