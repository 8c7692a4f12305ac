import * as z from 'zod';
import { EDITABLE_STATUSES } from '../personalCourses/courseStatus.js';
import { SORT_FIELDS } from '../personalCourses/courseListing.js';
import { CURRICULUM_LIMITS, NODE_TYPES, treeShapeIssue } from '../personalCourses/curriculumTree.js';
import { FREQUENCY_TEXT_HELP, parseFrequencyText, type FrequencyPattern } from '../personalCourses/frequency.js';
import { COURSE_DIFFICULTIES, COURSE_STATUSES, PERSONAL_COURSE_LIMITS as L } from '../personalCourses/personalCourse.js';
import { isTargetReachable, SKILL_LEVELS } from '../personalCourses/skillLevels.js';
import { parseTimelineWeeks } from '../personalCourses/timeline.js';
import { lazySchema } from './lazySchema.js';

/**
 * Personal courses and the curriculum builder (seed 004): request and response contracts. Course
 * fields are snake_case as in the seed's create example; the curriculum uses the seed's camelCase
 * `Curriculum` / `CurriculumNode` types.
 */

/** Text limited in UTF-8 bytes (see PERSONAL_COURSE_LIMITS for why bytes). */
const boundedText = (maxBytes: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxBytes)
    .refine((text) => Buffer.byteLength(text, 'utf8') <= maxBytes, `At most ${maxBytes} bytes of UTF-8 (${maxBytes} ASCII characters)`);

/** Server-generated ids; the pattern keeps `#` (the key separator) out and lets 'matrix-id-1' through to a 404. */
export const courseIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid course id'));
export const courseParams = lazySchema(() => z.object({ id: courseIdSchema }).strict());
export const curriculumParams = lazySchema(() => z.object({ course_id: courseIdSchema }).strict());

const skillLevel = lazySchema(() => z.enum(SKILL_LEVELS));
const weeks = lazySchema(() => z.number().int().min(1).max(L.maxTimelineWeeks));
const timelineText = lazySchema(() => z
  .string()
  .trim()
  .min(1)
  .max(40)
  .superRefine((text, ctx) => {
    const parsed = parseTimelineWeeks(text, L.maxTimelineWeeks);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  })
  .meta({ description: 'Duration text: "<n> days|weeks|months|years", stored as whole weeks (docs/api.md)' }));

export const frequencyPatternSchema = lazySchema(() => z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('daily') }).strict(),
    z.object({ type: z.literal('weekly'), count: z.number().int().min(1).max(7) }).strict(),
    z
      .object({
        type: z.literal('custom'),
        days: z
          .array(z.number().int().min(0).max(6))
          .min(1)
          .max(7)
          .refine((days) => new Set(days).size === days.length, 'Days must be unique'),
      })
      .strict(),
    z.object({ type: z.literal('flexible'), minPerWeek: z.number().int().min(1).max(14) }).strict(),
  ])
  .meta({ id: 'FrequencyPattern', description: 'Days of week: 0 = Sunday' }));

const frequencyText = lazySchema(() => z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((text, ctx): FrequencyPattern => {
    const parsed = parseFrequencyText(text);
    if (parsed) return parsed;
    ctx.addIssue({ code: 'custom', message: FREQUENCY_TEXT_HELP });
    return z.NEVER;
  }));
const frequencyInput = lazySchema(() => z.union([frequencyText, frequencyPatternSchema], { error: FREQUENCY_TEXT_HELP }));

const sessionLength = lazySchema(() => z.number().int().min(L.minSessionMinutes).max(L.maxSessionMinutes));
const difficulty = lazySchema(() => z.enum(COURSE_DIFFICULTIES));
const goals = lazySchema(() => z.array(boundedText(L.goalBytes)).max(L.goals));
const focusAreas = lazySchema(() => z.array(boundedText(L.focusAreaBytes)).max(L.focusAreas));

/** Cross-field rules shared by create and edit: one timeline form, target not below current level. */
function timelineAndLevels(
  body: { timeline?: unknown; timeline_weeks?: unknown; current_level?: (typeof SKILL_LEVELS)[number] | null; target_level?: (typeof SKILL_LEVELS)[number] | null },
  ctx: z.RefinementCtx,
): void {
  if (body.timeline !== undefined && body.timeline_weeks !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['timeline_weeks'], message: 'Send either timeline or timeline_weeks, not both' });
  }
  if (body.current_level && body.target_level && !isTargetReachable(body.current_level, body.target_level)) {
    ctx.addIssue({ code: 'custom', path: ['target_level'], message: `target_level must not be below current_level (${body.current_level})` });
  }
}

export const createCourseBody = lazySchema(() => z
  .object({
    topic: boundedText(L.topicBytes),
    title: boundedText(L.titleBytes).optional().meta({ description: 'Defaults to the topic' }),
    description: boundedText(L.descriptionBytes).optional(),
    current_level: skillLevel.optional(),
    target_level: skillLevel.optional(),
    goals: goals.optional(),
    timeline: timelineText.optional(),
    timeline_weeks: weeks.optional(),
    preferences: z
      .object({ session_length: sessionLength.optional(), frequency: frequencyInput.optional(), difficulty: difficulty.optional(), focus_areas: focusAreas.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(timelineAndLevels)
  .meta({ id: 'CreatePersonalCourse' }));

export const updateCourseBody = lazySchema(() => z
  .object({
    topic: boundedText(L.topicBytes).optional(),
    title: boundedText(L.titleBytes).optional(),
    description: boundedText(L.descriptionBytes).nullable().optional(),
    current_level: skillLevel.nullable().optional(),
    target_level: skillLevel.nullable().optional(),
    goals: goals.optional(),
    timeline: timelineText.optional(),
    timeline_weeks: weeks.nullable().optional(),
    preferences: z
      .object({
        session_length: sessionLength.nullable().optional(),
        frequency: frequencyInput.nullable().optional(),
        difficulty: difficulty.nullable().optional(),
        focus_areas: focusAreas.optional(),
      })
      .strict()
      .refine((preferences) => Object.keys(preferences).length > 0, 'Send at least one preference')
      .optional(),
    status: z
      .enum(EDITABLE_STATUSES, { error: 'status may be "active" or "paused" here; complete a course with POST /api/courses/{id}/complete' })
      .optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change')
  .superRefine(timelineAndLevels)
  .meta({ id: 'UpdatePersonalCourse', description: 'null clears an optional field' }));

const SORT_PATTERN = new RegExp(`^(${SORT_FIELDS.join('|')}):(asc|desc)$`);
export const listCoursesQuery = lazySchema(() => z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    status: z.enum(COURSE_STATUSES).optional(),
    topic: z.string().trim().min(1).max(200).optional().meta({ description: 'Case-insensitive substring of the topic' }),
    sort: z
      .string()
      .regex(SORT_PATTERN, `Expected <field>:<asc|desc> with field ${SORT_FIELDS.join(', ')}`)
      .default('created_at:desc'),
  })
  .strict());

// ---- curriculum

const nodeIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 letters, digits, _ . : -'));

export const curriculumNodeInput = lazySchema(() => z
  .object({
    id: nodeIdSchema,
    title: z.string().trim().min(1).max(200),
    type: z.enum(NODE_TYPES),
    get children(): z.ZodOptional<z.ZodArray<typeof curriculumNodeInput>> {
      return z.array(curriculumNodeInput).optional();
    },
    estimatedDuration: z.number().int().min(0).max(CURRICULUM_LIMITS.maxNodeMinutes).meta({ description: 'Minutes of the node\'s own work' }),
    prerequisites: z.array(nodeIdSchema).max(CURRICULUM_LIMITS.prerequisitesPerNode).default([]),
    learningObjectives: z.array(z.string().trim().min(1).max(300)).max(CURRICULUM_LIMITS.objectivesPerNode).default([]),
    // Accepted so a client can send back what it read; always recomputed by the server.
    depth: z.number().int().optional().meta({ description: 'Ignored: computed by the server' }),
    path: z.string().max(64).optional().meta({ description: 'Ignored: computed by the server' }),
  })
  .strict()
  .meta({ id: 'CurriculumNodeInput' }));

/** The structure guard runs before the recursive schema, so a deeply nested body never recurses. */
export const structureInput = lazySchema(() => z.preprocess((raw, ctx) => {
  const issue = treeShapeIssue(raw);
  if (!issue) return raw;
  ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
}, z.array(curriculumNodeInput).max(CURRICULUM_LIMITS.maxNodes)));

export const putCurriculumBody = lazySchema(() => z
  .object({
    version: z.number().int().min(0).meta({ description: 'The version the client edited (0 when the course had no curriculum)' }),
    structure: structureInput,
  })
  .strict()
  .meta({ id: 'PutCurriculum' }));

// ---- responses

export const frequencyData = frequencyPatternSchema;

export const personalCourseData = lazySchema(() => z
  .object({
    id: z.string(),
    user_id: z.string(),
    title: z.string(),
    topic: z.string(),
    description: z.string().nullable(),
    current_level: skillLevel.nullable(),
    target_level: skillLevel.nullable(),
    goals: z.array(z.string()),
    timeline_weeks: z.number().nullable(),
    status: z.enum(COURSE_STATUSES),
    preferences: z.object({
      session_length: z.number().nullable(),
      frequency: frequencyData.nullable(),
      difficulty: difficulty.nullable(),
      focus_areas: z.array(z.string()),
    }),
    created_at: z.string(),
    updated_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({ id: 'PersonalCourse' }));

const curriculumNodeData = lazySchema(() => z
  .object({
    id: z.string(),
    title: z.string(),
    type: z.enum(NODE_TYPES),
    estimatedDuration: z.number(),
    prerequisites: z.array(z.string()),
    learningObjectives: z.array(z.string()),
    depth: z.number(),
    path: z.string(),
    get children(): z.ZodArray<typeof curriculumNodeData> {
      return z.array(curriculumNodeData);
    },
  })
  .meta({ id: 'CurriculumNode' }));

export const curriculumData = lazySchema(() => z
  .object({
    id: z.string().nullable().meta({ description: 'Id of this saved version; null before the first save' }),
    courseId: z.string(),
    version: z.number(),
    structure: z.array(curriculumNodeData),
    nodeCount: z.number(),
    maxDepth: z.number(),
    totalEstimatedDuration: z.number().meta({ description: 'Minutes: sum of every node\'s estimatedDuration' }),
    createdAt: z.string().nullable().meta({ description: 'When this version was saved' }),
  })
  .meta({ id: 'Curriculum' }));

export const paginationData = lazySchema(() => z.object({ page: z.number(), limit: z.number(), total: z.number(), hasNext: z.boolean(), hasPrev: z.boolean() }).meta({ id: 'PaginationInfo' }));
