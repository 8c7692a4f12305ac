import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { AuthorizationError, NotFoundError, ValidationError, type FieldIssue } from '../http/errors.js';
import type { CreateProgramInput, ListProgramsInput, UpdateProgramInput } from '../schemas/programs.js';
import type { AssignmentInput } from './courseAssignments.js';
import { resolveCourseReferences } from './courseReferences.js';
import type { CourseAssignment, ProgramRecord } from './program.js';
import { canChangeProgram, canSeeProgram, isProgramAuthor, PROGRAM_AUTHOR_ROLES } from './programAccess.js';
import {
  getProgram,
  listTenantPrograms,
  ProgramVersionConflictError,
  putNewProgram,
  updateProgramIfVersion,
  type ProgramChanges,
} from './programRepository.js';

/**
 * The programs service (seed 000 §1): create, list, get and update programs of the caller's tenant.
 * Structural rules of the input are in the schema (shared/schemas/programs.ts); this module checks
 * what needs the database — that named courses exist in the tenant, that a prerequisite is not also
 * taught by the program — and who may do what (programAccess.ts).
 */

/** How many times an update re-reads and retries after losing a version race before answering 409. */
export const UPDATE_ATTEMPTS = 5;

const toAssignments = (input: readonly AssignmentInput[]): CourseAssignment[] =>
  input
    .map((a) => ({ courseId: a.course_id, sequenceOrder: a.sequence_order, prerequisites: [...(a.prerequisites ?? [])] }))
    .sort((a, b) => a.sequenceOrder - b.sequenceOrder);

interface ReferenceCheck {
  /** Where the fields sit in the body: `body` (create) or `body.updates` (update). */
  prefix: string;
  assignments?: readonly AssignmentInput[] | undefined;
  prerequisites?: readonly string[] | undefined;
}

interface CheckedReferences {
  /** The prerequisites as distinct course ids (undefined when the request does not set them). */
  prerequisiteIds?: string[];
  /** For each resolved id, the index of the entry that named it (to report on the right field). */
  prerequisiteIndex: Map<string, number>;
  issues: FieldIssue[];
}

/**
 * Verifies the courses a create or update names and resolves the prerequisites to course ids.
 * Every unknown course and every prerequisite naming a course already named is reported with its
 * field, all at once.
 */
async function checkedCourseReferences(tenantId: string, check: ReferenceCheck): Promise<CheckedReferences> {
  const { assignments, prerequisites: refs } = check;
  const prerequisiteIndex = new Map<string, number>();
  if (!assignments && !refs) return { prerequisiteIndex, issues: [] };
  const resolved = await resolveCourseReferences(tenantId, (assignments ?? []).map((a) => a.course_id), refs ?? []);
  const issues: FieldIssue[] = [];
  (assignments ?? []).forEach((assignment, index) => {
    if (!resolved.existingCourseIds.has(assignment.course_id)) {
      issues.push({ field: `${check.prefix}.course_assignments.${index}.course_id`, message: `Course ${assignment.course_id} does not exist in this community`, code: 'unknown_course' });
    }
  });
  if (!refs) return { prerequisiteIndex, issues };
  resolved.prerequisiteIds.forEach((id, index) => {
    const field = `${check.prefix}.prerequisites.${index}`;
    if (id === undefined) issues.push({ field, message: `${refs[index]} is neither a course id nor a course slug of this community`, code: 'unknown_course' });
    else if (prerequisiteIndex.has(id)) issues.push({ field, message: `Names course ${id} again (prerequisites.${prerequisiteIndex.get(id)})`, code: 'duplicate' });
    else prerequisiteIndex.set(id, index);
  });
  return { prerequisiteIds: [...prerequisiteIndex.keys()], prerequisiteIndex, issues };
}

/**
 * A course cannot be both a prerequisite of a program and taught by it. Checked on the state being
 * written (the request's fields over the current program's), and reported on the field the request
 * set: the prerequisite entry when it set prerequisites, else the assignment.
 */
function overlapIssues(prefix: string, references: CheckedReferences, assignments: readonly AssignmentInput[] | undefined, current?: ProgramRecord): FieldIssue[] {
  const taught = assignments ? assignments.map((a) => a.course_id) : (current?.courseAssignments ?? []).map((a) => a.courseId);
  const required = new Set(references.prerequisiteIds ?? current?.prerequisites ?? []);
  if (references.prerequisiteIds) {
    const taughtSet = new Set(taught);
    return references.prerequisiteIds
      .filter((id) => taughtSet.has(id))
      .map((id) => ({ field: `${prefix}.prerequisites.${references.prerequisiteIndex.get(id)}`, message: `Course ${id} is taught by the program itself; it cannot also be a prerequisite`, code: 'conflict' }));
  }
  return taught.flatMap((courseId, index) =>
    required.has(courseId)
      ? [{ field: `${prefix}.course_assignments.${index}.course_id`, message: `Course ${courseId} is a prerequisite of the program; it cannot also be taught by it`, code: 'conflict' }]
      : [],
  );
}

/** Creates a program in the caller's tenant (authors only); status starts `active` as in the seed. */
export async function createProgram(principal: Principal, input: CreateProgramInput, now: Date): Promise<ProgramRecord> {
  if (!isProgramAuthor(principal)) throw new AuthorizationError(`Creating programs requires one of the roles: ${PROGRAM_AUTHOR_ROLES.join(', ')}`);
  const references = await checkedCourseReferences(principal.tenantId, { prefix: 'body', assignments: input.course_assignments, prerequisites: input.prerequisites });
  const issues = [...references.issues, ...overlapIssues('body', references, input.course_assignments)];
  if (issues.length > 0) throw new ValidationError(issues);
  const program: ProgramRecord = {
    tenantId: principal.tenantId,
    programId: randomUUID(),
    title: input.title,
    description: input.description,
    durationWeeks: input.duration_weeks,
    difficultyLevel: input.difficulty_level,
    status: 'active',
    prerequisites: references.prerequisiteIds ?? [],
    courseAssignments: toAssignments(input.course_assignments),
    createdBy: principal.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    enrollmentCount: 0,
    completionCount: 0,
  };
  await putNewProgram(program);
  return program;
}

/** A program the caller may see, else NOT_FOUND (a learner cannot tell a draft from a missing id). */
export async function getVisibleProgram(principal: Principal, programId: string): Promise<ProgramRecord> {
  const program = await getProgram(principal.tenantId, programId);
  if (!program || !canSeeProgram(principal, program)) throw new NotFoundError('Program not found');
  return program;
}

export interface ProgramPage {
  programs: ProgramRecord[];
  total: number;
  page: number;
  pages: number;
  limit: number;
}

/**
 * One page of the programs the caller may see, filtered by status, difficulty and a case-insensitive
 * search in title and description, newest first (ties by id, so pages are stable). One Query of the
 * tenant's program collection; filtering and paging happen in memory (see docs/data-model.md for the
 * size this holds to).
 */
export async function listPrograms(principal: Principal, input: ListProgramsInput): Promise<ProgramPage> {
  const { filters, pagination } = input;
  const search = filters.search?.toLowerCase();
  const matching = (await listTenantPrograms(principal.tenantId))
    .filter((program) => canSeeProgram(principal, program))
    .filter((program) => !filters.status || program.status === filters.status)
    .filter((program) => !filters.difficulty_level || program.difficultyLevel === filters.difficulty_level)
    .filter((program) => !search || program.title.toLowerCase().includes(search) || program.description.toLowerCase().includes(search))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.programId.localeCompare(b.programId));
  const start = (pagination.page - 1) * pagination.limit;
  return {
    programs: matching.slice(start, start + pagination.limit),
    total: matching.length,
    page: pagination.page,
    pages: Math.ceil(matching.length / pagination.limit),
    limit: pagination.limit,
  };
}

/**
 * Updates a program (its creator or an org admin). Course references are resolved once; the program
 * is then read, checked and written conditioned on the version read, and on losing a race to another
 * update it is read again, re-checked against the newer state and re-applied (up to UPDATE_ATTEMPTS),
 * so concurrent updates of different fields all land and none is validated against a stale program.
 */
export async function updateProgram(principal: Principal, input: UpdateProgramInput, now: Date): Promise<ProgramRecord> {
  const { updates } = input;
  let current = await getVisibleProgram(principal, input.program_id);
  if (!canChangeProgram(principal, current)) throw new AuthorizationError('Only the program\'s creator or an org admin may change it');
  const check = { prefix: 'body.updates', assignments: updates.course_assignments, prerequisites: updates.prerequisites };
  const references = await checkedCourseReferences(principal.tenantId, check);
  if (references.issues.length > 0) throw new ValidationError(references.issues);

  for (let attempt = 1; ; attempt++) {
    // Re-checked on every attempt: a concurrent update may have changed the other field.
    const issues = overlapIssues('body.updates', references, updates.course_assignments, current);
    if (issues.length > 0) throw new ValidationError(issues);

    const changes: ProgramChanges = {
      title: updates.title,
      description: updates.description,
      durationWeeks: updates.duration_weeks,
      difficultyLevel: updates.difficulty_level,
      status: updates.status,
      prerequisites: references.prerequisiteIds,
      courseAssignments: updates.course_assignments ? toAssignments(updates.course_assignments) : undefined,
    };
    try {
      return await updateProgramIfVersion(principal.tenantId, current.programId, changes, current.version, now);
    } catch (err) {
      if (!(err instanceof ProgramVersionConflictError) || attempt >= UPDATE_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      current = await getVisibleProgram(principal, input.program_id);
      if (!canChangeProgram(principal, current)) throw new AuthorizationError('Only the program\'s creator or an org admin may change it');
    }
  }
}
