import { batchGetItems, itemId } from '../db/batchGet.js';
import { queryCollection } from '../db/queryCollection.js';
import { catalogIndexKey, courseSlugKey, instructorStatsKey, profileKey, tenantPrefix } from '../db/keys.js';
import { NotFoundError } from '../http/errors.js';
import type { CourseRecord, CourseTree } from './course.js';
import { canAuthor, type Actor } from './authoringService.js';
import { queryCatalog, type CatalogPage, type CatalogQuery } from './catalogQuery.js';
import { getCourseTree, record } from './courseRepository.js';

/**
 * Public catalog reads. The published courses of a tenant are one partition of the sparse index gsi1
 * (`T#<t>#CATALOG`): only published course records carry those keys, so the catalog never touches
 * drafts, sections or anything else, and never scans the table. Filters, search and sorting run in
 * memory over that partition (see docs/data-model.md for the size this holds).
 */

/** Reads the strip-keyed records under one index partition, following pages. */
async function queryIndex(indexName: 'gsi1' | 'gsi2', partition: string): Promise<CourseRecord[]> {
  return (await queryCollection(partition, { indexName })).map((item) => record<CourseRecord>(item));
}

/** One page of the public catalog: filtered, searched, sorted (catalogQuery.ts rules). */
export async function listCatalog(tenantId: string, query: CatalogQuery): Promise<CatalogPage> {
  const published = await queryIndex('gsi1', catalogIndexKey(tenantId, '').gsi1pk);
  return queryCatalog(published, query);
}

/** The tenant's courses, drafts included, newest first (gsi2); authors see theirs, org admins all. */
export async function listAuthoredCourses(tenantId: string, actor: Actor, status?: 'draft' | 'published'): Promise<CourseRecord[]> {
  const all = await queryIndex('gsi2', `${tenantPrefix(tenantId)}#COURSES`);
  return all
    .filter((course) => canAuthor(course, actor) && (!status || course.status === status))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.courseId.localeCompare(b.courseId)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InstructorProfile {
  id: string;
  name: string;
  avatarUrl?: string;
  bio?: string;
  coursesCount: number;
  studentsCount: number;
}

/**
 * A course as its detail page shows it: the whole tree (one Query) and the primary instructor's
 * profile and figures (one BatchGet). A draft is visible only to its authors; to everyone else it is
 * 404, exactly like a course that does not exist. A slug is resolved first (one more GetItem).
 */
export async function getCourseDetail(tenantId: string, idOrSlug: string, actor: Actor | undefined): Promise<{ tree: CourseTree; instructor: InstructorProfile; asAuthor: boolean }> {
  let courseId = idOrSlug;
  if (!UUID.test(idOrSlug)) {
    const slugItem = await batchGetItems([courseSlugKey(tenantId, idOrSlug.toLowerCase())]);
    const found = slugItem.get(itemId(courseSlugKey(tenantId, idOrSlug.toLowerCase())));
    if (!found) throw new NotFoundError('Course not found');
    courseId = found.courseId as string;
  }
  // A signed-in caller may be an author who just wrote: read strongly consistently for them.
  const tree = await getCourseTree(tenantId, courseId, actor !== undefined);
  const asAuthor = !!tree && !!actor && canAuthor(tree.course, actor);
  if (!tree || (tree.course.status !== 'published' && !asAuthor)) throw new NotFoundError('Course not found');
  const instructorId = tree.course.instructor.id;
  const found = await batchGetItems([profileKey(instructorId), instructorStatsKey(tenantId, instructorId)]);
  const profile = found.get(itemId(profileKey(instructorId)));
  const stats = found.get(itemId(instructorStatsKey(tenantId, instructorId)));
  const avatarUrl = (profile?.avatarUrl as string | undefined) ?? tree.course.instructor.avatarUrl;
  const bio = profile?.bio as string | undefined;
  return {
    tree,
    asAuthor,
    instructor: {
      id: instructorId,
      name: (profile?.fullName as string | undefined) ?? tree.course.instructor.name,
      ...(avatarUrl ? { avatarUrl } : {}),
      ...(bio ? { bio } : {}),
      coursesCount: (stats?.publishedCourses as number | undefined) ?? 0,
      studentsCount: (stats?.studentsCount as number | undefined) ?? 0,
    },
  };
}
