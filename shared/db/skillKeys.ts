/**
 * Key builders of the skills feature (issue 16), beside shared/db/keys.ts so the feature's items are
 * declared in one place. Every key leads with the tenant.
 */

/** The tenant's skills taxonomy: one item. */
export function skillTaxonomyKey(tenantId: string) {
  return { pk: `T#${tenantId}#SKILLS`, sk: 'TAXONOMY' };
}

/** A learner's skill evidence of one local date (written by the nightly step). */
export function skillEvidenceKey(tenantId: string, userId: string, date: string) {
  return { pk: `T#${tenantId}#U#${userId}#SKILLEV`, sk: `D#${date}` };
}

/** A learner's mastery of every skill with evidence (recomputed by the nightly step). */
export function skillMasteryKey(tenantId: string, userId: string) {
  return { pk: `T#${tenantId}#U#${userId}#MASTERY`, sk: 'SUMMARY' };
}
