import * as z from 'zod';
import { DIFFICULTIES } from '../catalog/course.js';
import { assignmentIssues } from '../programs/courseAssignments.js';
import { PROGRAM_LIMITS, PROGRAM_STATUSES } from '../programs/program.js';
import { LEARNING_PATH_LIMITS } from '../programs/learningPathLimits.js';
import { lazySchema } from './lazySchema.js';

/**
 * Contracts of seed 000 §1 Programs API and §6 Learning Path Validator (style rpc000): action-style
 * bodies, one strict variant per action, so a missing or unknown `action` is a 400 on `body.action`
 * and an unknown field a 400 naming it.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const courseIdSchema = lazySchema(() => z.string().regex(ID_PATTERN, 'A course id: 1–128 letters, digits, - or _'));
/** A catalog course named by id or by slug (program prerequisites accept both; ids win). */
export const courseRefSchema = lazySchema(() => z.string().regex(ID_PATTERN, 'A course id or slug: 1–128 letters, digits, - or _'));
export const programIdSchema = lazySchema(() => z.string().regex(ID_PATTERN, 'A program id: 1–128 letters, digits, - or _'));

/** Reports every repeated entry of a string list on the entry itself. */
function uniqueEntries(label: string) {
  return (list: readonly string[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    list.forEach((entry, index) => {
      const first = seen.get(entry);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `Duplicate ${label} (also at index ${first})` });
      else seen.set(entry, index);
    });
  };
}

const title = lazySchema(() => z.string().trim().min(1).max(PROGRAM_LIMITS.titleLength));
const description = lazySchema(() => z.string().trim().max(PROGRAM_LIMITS.descriptionLength));
const durationWeeks = lazySchema(() => z.number().int().min(1).max(PROGRAM_LIMITS.maxDurationWeeks));
const difficulty = lazySchema(() => z.enum(DIFFICULTIES));
const status = lazySchema(() => z.enum(PROGRAM_STATUSES));
const prerequisites = lazySchema(() => z.array(courseRefSchema).max(PROGRAM_LIMITS.prerequisites).superRefine(uniqueEntries('prerequisite')));
const courseAssignment = lazySchema(() => z
  .object({
    course_id: courseIdSchema,
    sequence_order: z.number().int().min(1).max(10_000),
    prerequisites: z.array(courseIdSchema).max(PROGRAM_LIMITS.assignmentPrerequisites).optional(),
  })
  .strict());
const courseAssignments = lazySchema(() => z
  .array(courseAssignment)
  .min(1)
  .max(PROGRAM_LIMITS.courseAssignments)
  .superRefine((list, ctx) => {
    for (const issue of assignmentIssues(list)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }));

export const createProgramAction = lazySchema(() => z
  .object({
    action: z.literal('create'),
    title,
    description: description.default(''),
    duration_weeks: durationWeeks,
    difficulty_level: difficulty,
    prerequisites: prerequisites.default([]),
    course_assignments: courseAssignments,
  })
  .strict());

export const listProgramsAction = lazySchema(() => z
  .object({
    action: z.literal('list'),
    filters: z
      .object({ status: status.optional(), difficulty_level: difficulty.optional(), search: z.string().trim().min(1).max(100).optional() })
      .strict()
      .prefault({}),
    pagination: z
      .object({ page: z.number().int().min(1).max(100_000).default(1), limit: z.number().int().min(1).max(100).default(20) })
      .strict()
      .prefault({}),
  })
  .strict());

export const updateProgramAction = lazySchema(() => z
  .object({
    action: z.literal('update'),
    program_id: programIdSchema,
    updates: z
      .object({
        title: title.optional(),
        description: description.optional(),
        duration_weeks: durationWeeks.optional(),
        difficulty_level: difficulty.optional(),
        status: status.optional(),
        prerequisites: prerequisites.optional(),
        course_assignments: courseAssignments.optional(),
      })
      .strict()
      .refine((updates) => Object.values(updates).some((value) => value !== undefined), 'Give at least one field to update'),
  })
  .strict());

export const getProgramAction = lazySchema(() => z.object({ action: z.literal('get'), program_id: programIdSchema }).strict());

export const programsApiBody = lazySchema(() => z.discriminatedUnion('action', [createProgramAction, listProgramsAction, updateProgramAction, getProgramAction]));
export type ProgramsApiBody = z.infer<typeof programsApiBody>;
export type CreateProgramInput = z.infer<typeof createProgramAction>;
export type ListProgramsInput = z.infer<typeof listProgramsAction>;
export type UpdateProgramInput = z.infer<typeof updateProgramAction>;

const pathStep = lazySchema(() => z
  .object({
    content_type: z.enum(['course', 'program']),
    content_id: z.string().regex(ID_PATTERN, 'A course or program id: 1–128 letters, digits, - or _'),
    sequence: z.number().int().min(1).max(10_000),
  })
  .strict());

export const validatePathAction = lazySchema(() => z
  .object({
    action: z.literal('validate_path'),
    user_id: z.uuid('Valid UUID format expected').optional(),
    proposed_path: z
      .array(pathStep)
      .min(1)
      .max(LEARNING_PATH_LIMITS.steps)
      .superRefine((steps, ctx) => {
        const sequences = new Map<number, number>();
        const contents = new Map<string, number>();
        steps.forEach((step, index) => {
          const sameSequence = sequences.get(step.sequence);
          if (sameSequence !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'sequence'], message: `Duplicate sequence ${step.sequence} (also at proposed_path.${sameSequence})` });
          else sequences.set(step.sequence, index);
          const key = `${step.content_type}:${step.content_id}`;
          const sameContent = contents.get(key);
          if (sameContent !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'content_id'], message: `The ${step.content_type} ${step.content_id} is already in the path (proposed_path.${sameContent})` });
          else contents.set(key, index);
        });
      }),
  })
  .strict());

export const learningPathValidatorBody = lazySchema(() => z.discriminatedUnion('action', [validatePathAction]));
export type ValidatePathInput = z.infer<typeof validatePathAction>;

// ---- Responses (documentation and OpenAPI; the presenters build exactly these shapes). ----

export const programData = lazySchema(() => z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    duration_weeks: z.number(),
    difficulty_level: difficulty,
    status,
    prerequisites: z.array(z.string()),
    course_assignments: z.array(z.object({ course_id: z.string(), sequence_order: z.number(), prerequisites: z.array(z.string()) })),
    created_at: z.string(),
    created_by: z.string(),
    updated_at: z.string(),
    community_id: z.string(),
    version: z.number(),
    enrollment_count: z.number(),
    completion_rate: z.number(),
  })
  .meta({ id: 'Program' }));

export const programListData = lazySchema(() => z
  .object({
    programs: z.array(programData),
    pagination: z.object({ total: z.number(), page: z.number(), pages: z.number(), limit: z.number() }),
  })
  .meta({ id: 'ProgramList' }));

export const pathValidationData = lazySchema(() => z
  .object({
    user_id: z.string(),
    path_valid: z.boolean(),
    learner_level: difficulty,
    weekly_study_minutes: z.number(),
    validation_results: z.array(
      z.object({
        sequence: z.number(),
        content_type: z.enum(['course', 'program']),
        content_id: z.string(),
        title: z.string(),
        difficulty,
        learner_level: difficulty,
        prerequisites_met: z.boolean(),
        missing_prerequisites: z.array(z.string()),
        difficulty_appropriate: z.boolean(),
        difficulty_gap: z.number(),
        estimated_duration_weeks: z.number(),
        recommendations: z.array(z.string()),
      }),
    ),
    total_estimated_duration_weeks: z.number(),
    success_probability: z.number(),
  })
  .meta({ id: 'LearningPathValidation' }));
