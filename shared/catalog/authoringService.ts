import { randomUUID } from 'node:crypto';
import { assertKnownSkills } from '../skills/taxonomyService.js';
import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { BatchWriteCommand, TransactWriteCommand } from '../db/commands.js';
import type { TransactWriteCommandInput } from '../db/commands.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import {
  catalogIndexKey,
  categoryKey,
  courseDetailKey,
  courseGraphKey,
  courseKey,
  courseSlugKey,
  instructorStatsKey,
  lessonKey,
  memberKey,
  profileKey,
  sectionKey,
  sectionLookupIndexKey,
  tenantCoursesIndexKey,
} from '../db/keys.js';
import { AuthorizationError, ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../http/errors.js';
import type { Profile } from '../identity/profile.js';
import type { Role } from '../routes/types.js';
import type { CreateCourseInput, UpdateCourseInput } from '../schemas/catalog.js';
import type { CategoryRef, CourseDetailRecord, CourseRecord, CourseTree, LessonRecord, SectionRecord } from './course.js';
import { getCourseTree } from './courseRepository.js';
import { assertValidStructure, structureCounts } from './courseStructure.js';
import { findCycle } from './prerequisiteGraph.js';
import { slugify } from './slug.js';

/**
 * Course authoring (seed 002 instructor and content routes). Every write to a course is
 * read-validate-write against the course's `version`:
 *
 *   1. Query the course's item collection (strongly consistent): record, detail, sections, lessons.
 *   2. Apply the change in memory and validate the whole resulting structure (limits, prerequisites,
 *      cycles) and recompute the catalog counts from it.
 *   3. One TransactWrite: changed sections/lessons, and an Update of the course record conditioned on
 *      the version read in 1 (which it increments).
 *
 * Two authors editing at once: both read version 7, the first commits 8, the second's condition fails
 * and it starts again from 1 with the first one's result. Counts are recomputed from the structure,
 * never incremented, so they cannot drift. Enrollment and review counters on the course record are
 * only ever touched by atomic ADDs elsewhere; the Update here never writes them.
 */

export interface Actor {
  userId: string;
  roles: readonly Role[];
}

const MAX_ATTEMPTS = 3;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Whether the actor may author this course: an org admin of the tenant, or one of its instructors. */
export function canAuthor(course: Pick<CourseRecord, 'instructorIds'>, actor: Actor): boolean {
  return actor.roles.includes('org_admin') || (actor.roles.includes('instructor') && course.instructorIds.includes(actor.userId));
}

const isConditionFailure = (err: unknown, index: number) =>
  err instanceof TransactionCanceledException && err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Whether a cancelled transaction lost a race: a condition failed, or (in AWS, never in DynamoDB
 * Local) another transaction was touching the same item at that moment (`TransactionConflict`).
 * Both mean "re-read and try again".
 */
const lostRace = (err: unknown): boolean =>
  err instanceof TransactionCanceledException &&
  (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');

/** DynamoDB's item limit is 400 KB; the graph item stays well below it so it can always be written. */
const GRAPH_MAX_BYTES = 300_000;

/** The stored form of a course record: its keys, and the catalog index keys while published. */
function courseItem(tenantId: string, course: CourseRecord) {
  return {
    ...courseKey(tenantId, course.courseId),
    entity: 'course',
    ...tenantCoursesIndexKey(tenantId, course.createdAt, course.courseId),
    ...(course.status === 'published' ? catalogIndexKey(tenantId, course.courseId) : {}),
    ...course,
  };
}

// gsi1: the section's course by section id (seed 002 `POST /api/v1/content/sections/{section_id}/media/`).
const sectionItem = (tenantId: string, courseId: string, section: SectionRecord) => ({ ...sectionKey(tenantId, courseId, section.sectionId), ...sectionLookupIndexKey(tenantId, section.sectionId, courseId), entity: 'section', ...section });
const lessonItem = (tenantId: string, courseId: string, lesson: LessonRecord) => ({ ...lessonKey(tenantId, courseId, lesson.lessonId), entity: 'lesson', ...lesson });
const detailItem = (tenantId: string, courseId: string, detail: CourseDetailRecord) => ({ ...courseDetailKey(tenantId, courseId), entity: 'courseDetail', ...detail });

/** References a course write depends on, read in one BatchGetItem. */
interface References {
  category?: CategoryRef | null;
  graph?: { edges: Record<string, string[]>; version: number };
}

/**
 * Reads and validates what a course write refers to: the category, co-instructors (members of the
 * tenant with the instructor or org_admin role), prerequisite courses (existing, not the course
 * itself, no cycle in the tenant's course graph) and, on creation, the author's profile.
 */
async function resolveReferences(
  tenantId: string,
  courseId: string,
  input: { category_id?: string | null; co_instructor_ids?: string[]; prerequisites?: string[] },
  authorId?: string,
): Promise<References & { author?: Profile }> {
  const keys = [
    ...(authorId ? [profileKey(authorId)] : []),
    ...(input.category_id ? [categoryKey(tenantId, input.category_id)] : []),
    ...(input.co_instructor_ids ?? []).map((id) => memberKey(tenantId, id)),
    ...(input.prerequisites !== undefined ? [courseGraphKey(tenantId), ...input.prerequisites.map((id) => courseKey(tenantId, id))] : []),
  ];
  if (keys.length === 0) return {};
  const found = await batchGetItems(keys, true);
  const issues: FieldIssue[] = [];
  const refs: References & { author?: Profile } = {};
  if (authorId) refs.author = found.get(itemId(profileKey(authorId))) as Profile | undefined;
  if (input.category_id === null) refs.category = null;
  else if (input.category_id) {
    const category = found.get(itemId(categoryKey(tenantId, input.category_id)));
    if (!category) issues.push({ field: 'body.category_id', message: 'No such category in this community', code: 'unknown_category' });
    else refs.category = { id: category.id as string, name: category.name as string, slug: category.slug as string };
  }
  (input.co_instructor_ids ?? []).forEach((id, index) => {
    const member = found.get(itemId(memberKey(tenantId, id)));
    const roles = (member?.roles as Role[] | undefined) ?? [];
    if (!roles.includes('instructor') && !roles.includes('org_admin')) {
      issues.push({ field: `body.co_instructor_ids.${index}`, message: 'Not an instructor of this community', code: 'not_an_instructor' });
    }
  });
  if (input.prerequisites !== undefined) {
    const graphItem = found.get(itemId(courseGraphKey(tenantId)));
    const graph = { edges: { ...((graphItem?.edges as Record<string, string[]>) ?? {}) }, version: (graphItem?.version as number) ?? 0 };
    input.prerequisites.forEach((id, index) => {
      if (id === courseId) issues.push({ field: `body.prerequisites.${index}`, message: 'A course cannot require itself', code: 'self_prerequisite' });
      else if (!found.has(itemId(courseKey(tenantId, id)))) issues.push({ field: `body.prerequisites.${index}`, message: 'No such course in this community', code: 'unknown_prerequisite' });
    });
    if (input.prerequisites.length > 0) graph.edges[courseId] = [...input.prerequisites];
    else delete graph.edges[courseId];
    if (issues.length === 0) {
      // Every node needs an entry for the cycle search to follow its edges.
      const closed: Record<string, string[]> = { ...graph.edges };
      for (const targets of Object.values(graph.edges)) for (const t of targets) closed[t] ??= [];
      const cycle = findCycle(closed);
      if (cycle) issues.push({ field: 'body.prerequisites', message: `Prerequisites would form a cycle: ${cycle.join(' → ')}`, code: 'cyclic_prerequisites' });
    }
    refs.graph = graph;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return refs;
}

/** The graph item write: a full put conditioned on the version read, so cycle checks never race. */
function graphPut(tenantId: string, graph: { edges: Record<string, string[]>; version: number }): TransactItem {
  if (Buffer.byteLength(JSON.stringify(graph.edges)) > GRAPH_MAX_BYTES) {
    throw new ConflictError('This community\'s course prerequisite graph is full; remove prerequisites from other courses first', [{ field: 'body.prerequisites', message: 'Prerequisite graph size limit reached', code: 'graph_full' }]);
  }
  return {
    Put: {
      TableName: tableName(),
      Item: { ...courseGraphKey(tenantId), entity: 'courseGraph', edges: graph.edges, version: graph.version + 1 },
      ConditionExpression: graph.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(graph.version === 0 ? {} : { ExpressionAttributeValues: { ':v': graph.version } }),
    },
  };
}

/**
 * Creates a draft course. The slug is the client's (409 if taken in the tenant) or derived from the
 * title (a short suffix is added when the derived one is taken). One BatchGet for the references,
 * one TransactWrite: course, detail, slug claim and, with prerequisites, the course graph.
 */
export async function createCourse(tenantId: string, actor: Actor, input: CreateCourseInput, now: Date): Promise<CourseRecord> {
  await assertKnownSkills(tenantId, input.skills, 'body.skills');
  const courseId = randomUUID();
  const refs = await resolveReferences(tenantId, courseId, { category_id: input.category_id, co_instructor_ids: input.co_instructor_ids, prerequisites: input.prerequisites.length > 0 ? input.prerequisites : undefined }, actor.userId);
  const at = now.toISOString();
  const author = refs.author;
  const course: CourseRecord = {
    tenantId,
    courseId,
    slug: input.slug ?? (slugify(input.title) || `course-${courseId.slice(0, 8)}`),
    title: input.title,
    description: input.description,
    ...(input.thumbnail_url ? { thumbnailUrl: input.thumbnail_url } : {}),
    instructor: { id: actor.userId, name: author?.fullName ?? 'Instructor', ...(author?.avatarUrl ? { avatarUrl: author.avatarUrl } : {}) },
    instructorIds: [actor.userId, ...input.co_instructor_ids.filter((id) => id !== actor.userId)],
    ...(refs.category ? { category: refs.category } : {}),
    difficulty: input.difficulty,
    priceCents: Math.round(input.price * 100),
    currency: input.currency,
    tags: input.tags,
    skills: input.skills,
    prerequisites: input.prerequisites,
    enforceSequence: input.enforce_sequence,
    status: 'draft',
    sectionsCount: 0,
    lessonsCount: 0,
    durationMinutes: 0,
    studentsCount: 0,
    ratingSum: 0,
    reviewsCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const detail: CourseDetailRecord = {
    ...(input.detailed_description ? { detailedDescription: input.detailed_description } : {}),
    ...(input.preview_video_url ? { previewVideoUrl: input.preview_video_url } : {}),
    requirements: input.requirements,
    objectives: input.objectives,
    targetAudience: input.target_audience,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName(), Item: { ...courseSlugKey(tenantId, course.slug), entity: 'courseSlug', courseId }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName(), Item: courseItem(tenantId, course), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName(), Item: detailItem(tenantId, courseId, detail) } },
            ...(refs.graph ? [graphPut(tenantId, refs.graph), ...prerequisiteChecks(tenantId, input.prerequisites)] : []),
          ],
        }),
      );
      return course;
    } catch (err) {
      if (isConditionFailure(err, 0)) {
        if (input.slug) throw new ConflictError('A course with this slug already exists', [{ field: 'body.slug', message: 'Taken', code: 'duplicate' }]);
        if (attempt >= 2) throw new ConflictError('Could not derive a free slug from the title; send one', [{ field: 'body.slug', message: 'Required: the derived slug is taken', code: 'duplicate' }]);
        course.slug = `${slugify(input.title).slice(0, 74) || 'course'}-${randomUUID().slice(0, 5)}`;
        continue;
      }
      if (lostRace(err) && attempt < 2 && input.prerequisites.length > 0) {
        // The graph moved or a prerequisite vanished: re-read the references and validate again.
        Object.assign(refs, await resolveReferences(tenantId, courseId, { prerequisites: input.prerequisites }));
        continue;
      }
      if (lostRace(err)) throw new ConflictError('Course prerequisites changed concurrently; retry');
      throw err;
    }
  }
}

/**
 * Proves, inside the writing transaction, that each prerequisite course still exists: a course deleted
 * between our read and our write cancels the write instead of leaving a dangling prerequisite.
 */
function prerequisiteChecks(tenantId: string, prerequisites: readonly string[]): TransactItem[] {
  return prerequisites.map((id) => ({ ConditionCheck: { TableName: tableName(), Key: courseKey(tenantId, id), ConditionExpression: 'attribute_exists(pk)' } }));
}

/** Loads a course for an author: 404 if absent, 403 if the actor may not author it. */
async function authorTree(tenantId: string, courseId: string, actor: Actor): Promise<CourseTree> {
  const tree = await getCourseTree(tenantId, courseId, true);
  if (!tree) throw new NotFoundError('Course not found');
  if (!canAuthor(tree.course, actor)) throw new AuthorizationError('Only the course\'s instructors and org admins may change it');
  return tree;
}

/** The course-record Update every authoring write carries: SET/REMOVE fields, bump the version, checked against the version read. */
function courseUpdate(tenantId: string, course: CourseRecord, set: Record<string, unknown>, remove: string[] = []): TransactItem {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': course.version, ':one': 1 };
  const sets = Object.entries(set).map(([field, value], index) => {
    names[`#s${index}`] = field;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  const removes = remove.map((field, index) => {
    names[`#r${index}`] = field;
    return `#r${index}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: courseKey(tenantId, course.courseId),
      UpdateExpression: `SET ${[...sets, '#version = #version + :one'].join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Runs one authoring write with optimistic concurrency: `plan` gets a fresh, strongly consistent tree
 * and returns the transaction; the course record Update must be its first item. A lost race (the
 * version moved) re-reads and re-plans, up to three attempts, then answers 409.
 */
async function writeCourse<T>(
  tenantId: string,
  courseId: string,
  actor: Actor,
  plan: (tree: CourseTree) => Promise<{ items: TransactItem[]; result: T; conflictAt?: Record<number, ConflictError> }>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const tree = await authorTree(tenantId, courseId, actor);
    const { items, result, conflictAt } = await plan(tree);
    if (items.length > 100) throw new ConflictError('This change touches too many items at once; split it');
    try {
      if (items.length > 0) await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return result;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.map((r, i) => (r.Code === 'ConditionalCheckFailed' ? i : -1)).filter((i) => i >= 0);
      // The course moved under us: re-plan first (the other items' failures may be our own race).
      if ((failed.includes(0) || reasons.some((r) => r.Code === 'TransactionConflict')) && attempt < MAX_ATTEMPTS) continue;
      const known = failed.map((i) => conflictAt?.[i]).find(Boolean);
      if (known) throw known;
      if (failed.length > 0 && attempt < MAX_ATTEMPTS) continue;
      if (lostRace(err)) throw new ConflictError('The course changed while saving; reload and retry');
      throw err;
    }
  }
}

/** Changes a course's descriptive fields (partial); slug, category, co-instructors and prerequisites are re-validated. */
export async function updateCourse(tenantId: string, courseId: string, actor: Actor, input: UpdateCourseInput, now: Date): Promise<CourseRecord> {
  await assertKnownSkills(tenantId, input.skills ?? undefined, 'body.skills');
  return writeCourse(tenantId, courseId, actor, async ({ course, detail }) => {
    const refs = await resolveReferences(tenantId, courseId, {
      ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
      ...(input.co_instructor_ids ? { co_instructor_ids: input.co_instructor_ids } : {}),
      ...(input.prerequisites ? { prerequisites: input.prerequisites } : {}),
    });
    const at = now.toISOString();
    const set: Record<string, unknown> = { updatedAt: at };
    const remove: string[] = [];
    const next: CourseRecord = { ...course, updatedAt: at, version: course.version + 1 };
    const assign = <K extends keyof CourseRecord>(field: K, value: CourseRecord[K] | undefined | null) => {
      if (value === undefined) return;
      if (value === null) {
        remove.push(field);
        delete next[field];
      } else {
        set[field] = value;
        next[field] = value;
      }
    };
    assign('title', input.title);
    assign('slug', input.slug);
    assign('description', input.description);
    assign('difficulty', input.difficulty);
    assign('priceCents', input.price === undefined ? undefined : Math.round(input.price * 100));
    assign('currency', input.currency);
    assign('thumbnailUrl', input.thumbnail_url);
    assign('tags', input.tags);
    assign('skills', input.skills);
    assign('prerequisites', input.prerequisites);
    assign('enforceSequence', input.enforce_sequence);
    assign('category', input.category_id === undefined ? undefined : (refs.category ?? null));
    if (input.co_instructor_ids) {
      const primary = course.instructor.id;
      assign('instructorIds', [primary, ...input.co_instructor_ids.filter((id) => id !== primary)]);
    }
    const items: TransactItem[] = [courseUpdate(tenantId, course, set, remove)];
    if (input.slug && input.slug !== course.slug) {
      items.push(
        { Put: { TableName: tableName(), Item: { ...courseSlugKey(tenantId, input.slug), entity: 'courseSlug', courseId }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Delete: { TableName: tableName(), Key: courseSlugKey(tenantId, course.slug) } },
      );
    }
    const detailChanged = ['detailed_description', 'preview_video_url', 'requirements', 'objectives', 'target_audience'].some((f) => f in input);
    if (detailChanged) {
      const nextDetail: CourseDetailRecord = {
        ...detail,
        ...(input.requirements ? { requirements: input.requirements } : {}),
        ...(input.objectives ? { objectives: input.objectives } : {}),
        ...(input.target_audience ? { targetAudience: input.target_audience } : {}),
      };
      if (input.detailed_description === null) delete nextDetail.detailedDescription;
      else if (input.detailed_description !== undefined) nextDetail.detailedDescription = input.detailed_description;
      if (input.preview_video_url === null) delete nextDetail.previewVideoUrl;
      else if (input.preview_video_url !== undefined) nextDetail.previewVideoUrl = input.preview_video_url;
      items.push({ Put: { TableName: tableName(), Item: detailItem(tenantId, courseId, nextDetail) } });
    }
    if (refs.graph) items.push(graphPut(tenantId, refs.graph), ...prerequisiteChecks(tenantId, input.prerequisites ?? []));
    const slugTaken = new ConflictError('A course with this slug already exists', [{ field: 'body.slug', message: 'Taken', code: 'duplicate' }]);
    const conflictAt: Record<number, ConflictError> = input.slug && input.slug !== course.slug ? { 1: slugTaken } : {};
    return { items, result: next, conflictAt };
  });
}

/**
 * Publishes a course: it needs at least one published section with a lesson. Sets the sparse catalog
 * index keys and adds the course to the primary instructor's published count, in one transaction.
 * Publishing a published course changes nothing.
 */
export async function publishCourse(tenantId: string, courseId: string, actor: Actor, now: Date): Promise<CourseRecord> {
  return writeCourse(tenantId, courseId, actor, async ({ course, sections, lessons }) => {
    if (course.status === 'published') return { items: [], result: course };
    if (structureCounts(sections, lessons).lessonsCount === 0) {
      throw new ConflictError('A course needs at least one published section with a lesson before it can be published', [{ field: 'sections', message: 'No published lessons', code: 'nothing_to_publish' }]);
    }
    const at = now.toISOString();
    const index = catalogIndexKey(tenantId, courseId);
    return {
      items: [
        courseUpdate(tenantId, course, { status: 'published', publishedAt: at, updatedAt: at, gsi1pk: index.gsi1pk, gsi1sk: index.gsi1sk }),
        statsUpdate(tenantId, course.instructor.id, 1),
      ],
      result: { ...course, status: 'published', publishedAt: at, updatedAt: at, version: course.version + 1 },
    };
  });
}

/** Unpublishes: the course leaves the public catalog (index keys removed) and becomes a draft again. */
export async function unpublishCourse(tenantId: string, courseId: string, actor: Actor, now: Date): Promise<CourseRecord> {
  return writeCourse(tenantId, courseId, actor, async ({ course }) => {
    if (course.status === 'draft') return { items: [], result: course };
    const at = now.toISOString();
    const next: CourseRecord = { ...course, status: 'draft', updatedAt: at, version: course.version + 1 };
    delete next.publishedAt;
    return {
      items: [courseUpdate(tenantId, course, { status: 'draft', updatedAt: at }, ['gsi1pk', 'gsi1sk', 'publishedAt']), statsUpdate(tenantId, course.instructor.id, -1)],
      result: next,
    };
  });
}

/** Atomic change of an instructor's published-course count. */
function statsUpdate(tenantId: string, instructorId: string, delta: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: instructorStatsKey(tenantId, instructorId),
      UpdateExpression: 'SET #type = :type ADD publishedCourses :delta',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'instructorStats', ':delta': delta },
    },
  };
}

/**
 * Deletes a course that has no enrollments (409 otherwise, checked by the condition on the course
 * record) and that no other course requires. The record, detail and slug go in one transaction, so the
 * course is gone atomically; its sections and lessons are then removed in batches (a reader never sees
 * them without the record, which every read starts from).
 */
export async function deleteCourse(tenantId: string, courseId: string, actor: Actor): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const tree = await authorTree(tenantId, courseId, actor);
    const { course } = tree;
    if (course.studentsCount > 0) throw new ConflictError('A course with enrollments cannot be deleted; unpublish it instead', [{ field: 'course_id', message: `${course.studentsCount} enrollments`, code: 'has_enrollments' }]);
    const found = await batchGetItems([courseGraphKey(tenantId)], true);
    const graphItem = found.get(itemId(courseGraphKey(tenantId)));
    const edges = { ...((graphItem?.edges as Record<string, string[]>) ?? {}) };
    const dependents = Object.entries(edges).filter(([, prereqs]) => prereqs.includes(courseId)).map(([id]) => id);
    if (dependents.length > 0) throw new ConflictError('Other courses require this course', [{ field: 'course_id', message: `Required by ${dependents.join(', ')}`, code: 'has_dependents' }]);
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: tableName(),
          Key: courseKey(tenantId, courseId),
          ConditionExpression: 'version = :v AND studentsCount = :zero',
          ExpressionAttributeValues: { ':v': course.version, ':zero': 0 },
        },
      },
      { Delete: { TableName: tableName(), Key: courseDetailKey(tenantId, courseId) } },
      { Delete: { TableName: tableName(), Key: courseSlugKey(tenantId, course.slug) } },
    ];
    if (course.status === 'published') items.push(statsUpdate(tenantId, course.instructor.id, -1));
    const graphVersion = (graphItem?.version as number) ?? 0;
    if (edges[courseId]) {
      delete edges[courseId];
      items.push(graphPut(tenantId, { edges, version: graphVersion }));
    } else {
      // No edge of ours to remove, but a course that starts requiring this one concurrently bumps the
      // graph version: the check makes this delete lose that race instead of leaving a dangling edge.
      items.push({
        ConditionCheck: {
          TableName: tableName(),
          Key: courseGraphKey(tenantId),
          ConditionExpression: graphVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(graphVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': graphVersion } }),
        },
      });
    }
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (lostRace(err) && attempt < MAX_ATTEMPTS) continue;
      if (err instanceof TransactionCanceledException) throw new ConflictError('The course changed (or gained an enrollment) while deleting; reload and retry');
      throw err;
    }
    const rest = [...tree.sections.map((s) => sectionKey(tenantId, courseId, s.sectionId)), ...tree.lessons.map((l) => lessonKey(tenantId, courseId, l.lessonId))];
    for (let i = 0; i < rest.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = rest.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let round = 0; pending && pending.length > 0 && round < 5; round++) {
        const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
        pending = result.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined;
      }
    }
    return;
  }
}

/**
 * A structural change (sections and lessons): `change` returns the complete new list of sections and
 * lessons; the difference is written, the counts are recomputed from the result and the course
 * version checked, all in one transaction.
 */
export async function changeStructure<T>(
  tenantId: string,
  courseId: string,
  actor: Actor,
  now: Date,
  change: (tree: CourseTree) => { sections: SectionRecord[]; lessons: LessonRecord[]; result: (tree: CourseTree) => T; field?: string },
): Promise<T> {
  return writeCourse(tenantId, courseId, actor, async (tree) => {
    const next = change(tree);
    assertValidStructure(next.sections, next.lessons, next.field);
    const at = now.toISOString();
    const counts = structureCounts(next.sections, next.lessons);
    const changed = <R>(before: readonly R[], after: readonly R[], id: (r: R) => string) => {
      const old = new Map(before.map((r) => [id(r), JSON.stringify(r)]));
      return after.filter((r) => old.get(id(r)) !== JSON.stringify(r));
    };
    const removed = <R>(before: readonly R[], after: readonly R[], id: (r: R) => string) => {
      const kept = new Set(after.map(id));
      return before.filter((r) => !kept.has(id(r)));
    };
    const items: TransactItem[] = [
      courseUpdate(tenantId, tree.course, { ...counts, updatedAt: at }),
      ...changed(tree.sections, next.sections, (s) => s.sectionId).map((s) => ({ Put: { TableName: tableName(), Item: sectionItem(tenantId, courseId, s) } })),
      ...removed(tree.sections, next.sections, (s) => s.sectionId).map((s) => ({ Delete: { TableName: tableName(), Key: sectionKey(tenantId, courseId, s.sectionId) } })),
      ...changed(tree.lessons, next.lessons, (l) => l.lessonId).map((l) => ({ Put: { TableName: tableName(), Item: lessonItem(tenantId, courseId, l) } })),
      ...removed(tree.lessons, next.lessons, (l) => l.lessonId).map((l) => ({ Delete: { TableName: tableName(), Key: lessonKey(tenantId, courseId, l.lessonId) } })),
    ];
    const nextTree: CourseTree = { ...tree, course: { ...tree.course, ...counts, updatedAt: at, version: tree.course.version + 1 }, sections: next.sections, lessons: next.lessons };
    return { items, result: next.result(nextTree) };
  });
}
