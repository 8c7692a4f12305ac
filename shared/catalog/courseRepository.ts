import { GetCommand } from '../db/commands.js';
import { batchGetItems } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseGraphKey, courseKey, coursePartition } from '../db/keys.js';
import { queryCollection } from '../db/queryCollection.js';
import type { CourseDetailRecord, CourseRecord, CourseTree, LessonRecord, SectionRecord } from './course.js';

/**
 * Reads of the catalog's item collections. A course is one partition (`T#<t>#COURSE#<id>`): the course
 * record (`COURSE`), its long texts (`DETAIL`), sections (`SECTION#…`) and lessons (`LESSON#…`), so a
 * whole course is one Query (a second page only past 1 MB, which the limits in course.ts make rare).
 */

const EMPTY_DETAIL: CourseDetailRecord = { requirements: [], objectives: [], targetAudience: [] };

/**
 * Strips key, index and entity attributes from a stored item. Catalog items name their kind in
 * `entity`, because `type` is a lesson's own field (video, quiz, …).
 */
export function record<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, entity: _entity, ...rest } = item;
  if (!(item.sk as string | undefined)?.startsWith('LESSON#')) delete rest.type;
  return rest as T;
}

/** The whole course (record, detail, sections by order, lessons by section order then order); undefined if absent. */
export async function getCourseTree(tenantId: string, courseId: string, consistent = false): Promise<CourseTree | undefined> {
  const items = await queryCollection(coursePartition(tenantId, courseId), { consistent });

  let course: CourseRecord | undefined;
  let detail = EMPTY_DETAIL;
  const sections: SectionRecord[] = [];
  const lessons: LessonRecord[] = [];
  for (const item of items) {
    const sk = item.sk as string;
    if (sk === 'COURSE') course = record<CourseRecord>(item);
    else if (sk === 'DETAIL') detail = record<CourseDetailRecord>(item);
    else if (sk.startsWith('SECTION#')) sections.push(record<SectionRecord>(item));
    else if (sk.startsWith('LESSON#')) lessons.push(record<LessonRecord>(item));
  }
  if (!course) return undefined;
  sections.sort((a, b) => a.order - b.order);
  const sectionOrder = new Map(sections.map((s) => [s.sectionId, s.order]));
  lessons.sort((a, b) => (sectionOrder.get(a.sectionId) ?? 0) - (sectionOrder.get(b.sectionId) ?? 0) || a.order - b.order);
  return { course, detail, sections, lessons };
}

/** The course record alone (one GetItem). */
export async function getCourse(tenantId: string, courseId: string, consistent = false): Promise<CourseRecord | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: courseKey(tenantId, courseId), ConsistentRead: consistent }));
  return result.Item ? record<CourseRecord>(result.Item) : undefined;
}

/**
 * Course records by id, in one BatchGetItem per 100 ids (batchGetItems). Ids that do not
 * exist in the tenant are simply absent from the map, which is how callers detect unknown ids.
 */
export async function getCourses(tenantId: string, courseIds: readonly string[]): Promise<Map<string, CourseRecord>> {
  const items = await batchGetItems(courseIds.map((id) => courseKey(tenantId, id)));
  const found = new Map<string, CourseRecord>();
  for (const item of items.values()) {
    const course = record<CourseRecord>(item);
    found.set(course.courseId, course);
  }
  return found;
}

/** The tenant's course prerequisite graph: course id → prerequisite course ids, and its version. */
export interface CourseGraph {
  edges: Record<string, string[]>;
  version: number;
}

/** Reads the course graph (one GetItem); an absent item is the empty graph at version 0. */
export async function getCourseGraph(tenantId: string): Promise<CourseGraph> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: courseGraphKey(tenantId), ConsistentRead: true }));
  return result.Item ? { edges: (result.Item.edges as Record<string, string[]>) ?? {}, version: result.Item.version as number } : { edges: {}, version: 0 };
}
