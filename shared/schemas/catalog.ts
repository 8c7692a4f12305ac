import * as z from 'zod';
import { COURSE_LIMITS, DIFFICULTIES, LESSON_TYPES } from '../catalog/course.js';
import { httpsUrlSchema } from '../identity/profileSchemas.js';
import { lazySchema } from './lazySchema.js';

/**
 * Catalog and authoring contracts, seed 002 style (snake_case, bare bodies, trailing-slash paths).
 * Every object is strict: an unknown field is a 400 naming it. Status, counts, instructor and tenant
 * are never accepted from the client.
 */

/** ISO 4217 currencies with two minor units (prices are stored in cents). */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'SGD', 'HKD', 'INR', 'BRL', 'MXN', 'ZAR'] as const;

export const slugSchema = lazySchema(() => z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters, digits and single dashes')
  // A slug shaped like a UUID could never be looked up by slug (the detail route reads it as an id).
  .refine((slug) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(slug), 'Must not look like a course id'));
const idSchema = lazySchema(() => z.uuid({ message: 'Must be a UUID' }));
const userIdSchema = lazySchema(() => z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Invalid user id'));
const labelSchema = lazySchema(() => z.string().trim().toLowerCase().min(1).max(50).regex(/^[\p{L}\p{N}][\p{L}\p{N} _+#.-]*$/u, 'Letters, digits, spaces, _ + # . -'));
const lineList = lazySchema(() => z.array(z.string().trim().min(1).max(300)).max(20));
const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max).refine((list) => new Set(list).size === list.length, 'Duplicates are not allowed');

/** Money in major units with at most two decimals; stored as integer cents. */
const priceSchema = lazySchema(() => z
  .number()
  .min(0, 'Must not be negative')
  .max(100_000)
  .refine((price) => Math.abs(Math.round(price * 100) - price * 100) < 1e-6, 'At most two decimals'));

const courseFields = lazySchema(() => ({
  title: z.string().trim().min(3).max(200),
  slug: slugSchema,
  description: z.string().trim().min(1).max(1000),
  detailed_description: z.string().max(20_000),
  category_id: idSchema,
  difficulty: z.enum(DIFFICULTIES),
  price: priceSchema,
  currency: z.enum(CURRENCIES),
  thumbnail_url: httpsUrlSchema,
  preview_video_url: httpsUrlSchema,
  requirements: lineList,
  objectives: lineList,
  target_audience: lineList,
  tags: uniqueList(labelSchema, 20),
  skills: uniqueList(labelSchema, 20),
  prerequisites: uniqueList(idSchema, COURSE_LIMITS.prerequisitesPerItem),
  enforce_sequence: z.boolean(),
  co_instructor_ids: uniqueList(userIdSchema, COURSE_LIMITS.coInstructors),
}));

export const createCourseBody = lazySchema(() => z
  .object({
    ...courseFields,
    slug: courseFields.slug.optional(),
    detailed_description: courseFields.detailed_description.optional(),
    category_id: courseFields.category_id.optional(),
    currency: courseFields.currency.default('USD'),
    thumbnail_url: courseFields.thumbnail_url.optional(),
    preview_video_url: courseFields.preview_video_url.optional(),
    requirements: courseFields.requirements.default([]),
    objectives: courseFields.objectives.default([]),
    target_audience: courseFields.target_audience.default([]),
    tags: courseFields.tags.default([]),
    skills: courseFields.skills.default([]),
    prerequisites: courseFields.prerequisites.default([]),
    enforce_sequence: courseFields.enforce_sequence.default(false),
    co_instructor_ids: courseFields.co_instructor_ids.default([]),
  })
  .strict());
export type CreateCourseInput = z.infer<typeof createCourseBody>;

/** A partial update; `null` clears an optional field (category, thumbnail, preview, detailed description). */
export const updateCourseBody = lazySchema(() => z
  .object({
    title: courseFields.title.optional(),
    slug: courseFields.slug.optional(),
    description: courseFields.description.optional(),
    detailed_description: courseFields.detailed_description.nullable().optional(),
    category_id: courseFields.category_id.nullable().optional(),
    difficulty: courseFields.difficulty.optional(),
    price: courseFields.price.optional(),
    currency: courseFields.currency.optional(),
    thumbnail_url: courseFields.thumbnail_url.nullable().optional(),
    preview_video_url: courseFields.preview_video_url.nullable().optional(),
    requirements: courseFields.requirements.optional(),
    objectives: courseFields.objectives.optional(),
    target_audience: courseFields.target_audience.optional(),
    tags: courseFields.tags.optional(),
    skills: courseFields.skills.optional(),
    prerequisites: courseFields.prerequisites.optional(),
    enforce_sequence: courseFields.enforce_sequence.optional(),
    co_instructor_ids: courseFields.co_instructor_ids.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' }));
export type UpdateCourseInput = z.infer<typeof updateCourseBody>;

export const CATALOG_SORTS = ['title', 'created_at', 'price', 'rating'] as const;

/** An empty filter (`?search=`), as frontends send for an empty box, means no filter (as in DRF). */
const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

export const listCoursesQuery = lazySchema(() => z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(20),
    category: blankIsAbsent(slugSchema),
    search: blankIsAbsent(z.string().trim().min(1).max(100)),
    difficulty: blankIsAbsent(z.enum(DIFFICULTIES)),
    sort: blankIsAbsent(z.enum(CATALOG_SORTS)),
    order: blankIsAbsent(z.enum(['asc', 'desc'])),
  })
  .strict());
export type ListCoursesQuery = z.infer<typeof listCoursesQuery>;

/** A course by id, or by slug on the public detail route. */
export const courseRefParams = lazySchema(() => z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/i, 'A course id or slug') }).strict());
export const courseParams = lazySchema(() => z.object({ course_id: idSchema }).strict());
export const sectionParams = lazySchema(() => z.object({ course_id: idSchema, section_id: idSchema }).strict());
export const lessonParams = lazySchema(() => z.object({ course_id: idSchema, lesson_id: idSchema }).strict());

export const listInstructorCoursesQuery = lazySchema(() => z
  .object({ status: z.enum(['draft', 'published']).optional(), page: z.coerce.number().int().min(1).max(100_000).default(1), page_size: z.coerce.number().int().min(1).max(100).default(20) })
  .strict());

const sectionTitle = lazySchema(() => z.string().trim().min(1).max(200));
const sectionDescription = lazySchema(() => z.string().trim().max(2000));
const positionSchema = lazySchema(() => z.number().int().min(1));

export const createSectionBody = lazySchema(() => z
  .object({ title: sectionTitle, description: sectionDescription.optional(), order: positionSchema.optional(), is_published: z.boolean().default(false) })
  .strict());
export const updateSectionBody = lazySchema(() => z
  .object({ title: sectionTitle.optional(), description: sectionDescription.nullable().optional(), is_published: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' }));
export const reorderSectionsBody = lazySchema(() => z.object({ section_ids: uniqueList(idSchema, COURSE_LIMITS.sectionsPerCourse).pipe(z.array(idSchema).min(1)) }).strict());

const lessonFields = lazySchema(() => ({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  type: z.enum(LESSON_TYPES),
  duration_minutes: z.number().int().min(1).max(600),
  order: positionSchema,
  prerequisites: uniqueList(idSchema, COURSE_LIMITS.prerequisitesPerItem),
  skills: uniqueList(labelSchema, 20),
  is_preview: z.boolean(),
  content_url: httpsUrlSchema,
  max_score: z.number().int().min(1).max(1000),
  pass_score: z.number().int().min(0).max(1000),
}));

export const createLessonBody = lazySchema(() => z
  .object({
    title: lessonFields.title,
    description: lessonFields.description.optional(),
    type: lessonFields.type,
    duration_minutes: lessonFields.duration_minutes,
    order: lessonFields.order.optional(),
    prerequisites: lessonFields.prerequisites.default([]),
    skills: lessonFields.skills.default([]),
    is_preview: lessonFields.is_preview.default(false),
    content_url: lessonFields.content_url.optional(),
    max_score: lessonFields.max_score.optional(),
    pass_score: lessonFields.pass_score.optional(),
  })
  .strict());
export type CreateLessonInput = z.infer<typeof createLessonBody>;

export const updateLessonBody = lazySchema(() => z
  .object({
    title: lessonFields.title.optional(),
    description: lessonFields.description.nullable().optional(),
    type: lessonFields.type.optional(),
    duration_minutes: lessonFields.duration_minutes.optional(),
    prerequisites: lessonFields.prerequisites.optional(),
    skills: lessonFields.skills.optional(),
    is_preview: lessonFields.is_preview.optional(),
    content_url: lessonFields.content_url.nullable().optional(),
    max_score: lessonFields.max_score.nullable().optional(),
    pass_score: lessonFields.pass_score.nullable().optional(),
    /** Moves the lesson to the end of another section of the same course. */
    section_id: idSchema.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' }));
export type UpdateLessonInput = z.infer<typeof updateLessonBody>;

export const reorderLessonsBody = lazySchema(() => z.object({ lesson_ids: uniqueList(idSchema, COURSE_LIMITS.lessonsPerSection).pipe(z.array(idSchema).min(1)) }).strict());

export const createCategoryBody = lazySchema(() => z.object({ name: z.string().trim().min(1).max(100), slug: slugSchema }).strict());

// ---- response shapes (documentation; handlers build them in shared/catalog/presenters.ts) ----

const instructorSummary = lazySchema(() => z.object({ id: z.string(), name: z.string(), avatar_url: z.string().nullable() }));
const categoryData = lazySchema(() => z.object({ id: z.string(), name: z.string(), slug: z.string() }).meta({ id: 'Category' }));
export const categoryList = lazySchema(() => z.object({ count: z.number(), results: z.array(categoryData) }));
export { categoryData };

export const courseSummary = lazySchema(() => z
  .object({
    id: z.string(),
    title: z.string(),
    slug: z.string(),
    description: z.string(),
    thumbnail_url: z.string().nullable(),
    instructor: instructorSummary,
    category: categoryData.nullable(),
    difficulty: z.enum(DIFFICULTIES),
    duration_hours: z.number(),
    price: z.number(),
    currency: z.string(),
    rating: z.number().nullable(),
    reviews_count: z.number(),
    students_count: z.number(),
    sections_count: z.number(),
    lessons_count: z.number(),
    tags: z.array(z.string()),
    skills: z.array(z.string()),
    status: z.enum(['draft', 'published']),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'CourseSummary' }));

export const coursePage = lazySchema(() => z.object({ count: z.number(), next: z.string().nullable(), previous: z.string().nullable(), page: z.number(), page_size: z.number(), total_pages: z.number(), results: z.array(courseSummary) }));

const lessonData = lazySchema(() => z
  .object({
    id: z.string(),
    section_id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    type: z.enum(LESSON_TYPES),
    order: z.number(),
    duration_minutes: z.number(),
    prerequisites: z.array(z.string()),
    skills: z.array(z.string()),
    is_preview: z.boolean(),
    content_url: z.string().nullable(),
    max_score: z.number().nullable(),
    pass_score: z.number().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Lesson' }));
export { lessonData };

export const sectionData = lazySchema(() => z
  .object({
    id: z.string(),
    course_id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    order: z.number(),
    is_published: z.boolean(),
    media_count: z.number(),
    lessons_count: z.number(),
    total_duration_minutes: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Section' }));

export const courseDetail = lazySchema(() => courseSummary
  .extend({
    detailed_description: z.string().nullable(),
    preview_video_url: z.string().nullable(),
    instructor: instructorSummary.extend({ bio: z.string().nullable(), courses_count: z.number(), students_count: z.number(), rating: z.number().nullable() }),
    sections: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string().nullable(),
        order: z.number(),
        duration_minutes: z.number(),
        lessons_count: z.number(),
        is_preview: z.boolean(),
        is_published: z.boolean(),
        lessons: z.array(lessonData.omit({ content_url: true }).extend({ content_url: z.string().nullable() })),
      }),
    ),
    requirements: z.array(z.string()),
    objectives: z.array(z.string()),
    target_audience: z.array(z.string()),
    prerequisites: z.array(z.string()),
    enforce_sequence: z.boolean(),
    published_at: z.string().nullable(),
  })
  .meta({ id: 'CourseDetail' }));

export const courseCreated = lazySchema(() => z.object({ id: z.string(), title: z.string(), slug: z.string(), status: z.literal('draft'), created_at: z.string(), message: z.string() }));
export const courseStatusData = lazySchema(() => z.object({ id: z.string(), status: z.enum(['draft', 'published']), published_at: z.string().nullable(), updated_at: z.string() }));
export const sectionPage = lazySchema(() => z.object({ count: z.number(), results: z.array(sectionData) }));
export const lessonPage = lazySchema(() => z.object({ count: z.number(), results: z.array(lessonData) }));
