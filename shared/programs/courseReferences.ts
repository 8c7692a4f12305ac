import { courseKey, courseSlugKey } from '../db/keys.js';
import { batchGetItems, itemId } from '../db/batchGet.js';

/**
 * Resolves the catalog courses a program names: assignment course ids, and prerequisites given as a
 * course id or a course slug of the tenant. One BatchGetItem reads every candidate at once (each id
 * as a course, each prerequisite also as a slug claim; ≤ 90 keys within the program limits). A slug
 * claim is trusted to name an existing course because the catalog writes and deletes a course and its
 * claim in one transaction. An entry that is both a course id and another course's slug means the id
 * (ids are what the catalog stores in prerequisites). Slugs are matched lower-cased, as the catalog does.
 */
export interface ResolvedCourseReferences {
  /** Course ids that exist in the tenant, among the assignment ids asked about. */
  existingCourseIds: Set<string>;
  /** Per prerequisite entry, in order: the course id it names, or undefined when it names nothing. */
  prerequisiteIds: (string | undefined)[];
}

/** Looks up assignment ids and prerequisite references in the tenant's catalog (one BatchGetItem). */
export async function resolveCourseReferences(
  tenantId: string,
  assignmentCourseIds: readonly string[],
  prerequisiteRefs: readonly string[],
): Promise<ResolvedCourseReferences> {
  const slugKey = (ref: string) => courseSlugKey(tenantId, ref.toLowerCase());
  const items = await batchGetItems([...[...assignmentCourseIds, ...prerequisiteRefs].map((id) => courseKey(tenantId, id)), ...prerequisiteRefs.map(slugKey)]);
  const isCourse = (id: string) => items.has(itemId(courseKey(tenantId, id)));
  return {
    existingCourseIds: new Set(assignmentCourseIds.filter(isCourse)),
    prerequisiteIds: prerequisiteRefs.map((ref) => {
      if (isCourse(ref)) return ref;
      const claim = items.get(itemId(slugKey(ref)));
      return typeof claim?.courseId === 'string' ? claim.courseId : undefined;
    }),
  };
}
