import { itemId, batchGetItems } from '../db/batchGet.js';
import { profileKey } from '../db/keys.js';
import type { Profile } from '../identity/profile.js';
import { DEFAULT_PREFERENCES } from '../identity/profileSchemas.js';
import type { LearnerListing } from './leaderboardBoards.js';

/**
 * What the boards may show about each learner, read from their profiles at refresh time (BatchGet,
 * at most 100 keys per request). `public` only when the learner's `leaderboardPrivacy` is `public`
 * (a profile that never stored privacy settings has the product default, public); `anonymous` and
 * `private` are both shown anonymised. A learner whose profile is gone gets no listing, so the board
 * shows them anonymised too. The department is the one of their membership in this tenant.
 */
export async function loadLeaderboardListings(tenantId: string, userIds: readonly string[]): Promise<Map<string, LearnerListing>> {
  const keys = userIds.map((userId) => profileKey(userId));
  const found = await batchGetItems(keys);
  const listings = new Map<string, LearnerListing>();
  for (const [index, userId] of userIds.entries()) {
    const item = found.get(itemId(keys[index]!)) as Partial<Profile> | undefined;
    if (!item) continue;
    const privacy = item.preferences?.privacySettings?.leaderboardPrivacy ?? DEFAULT_PREFERENCES.privacySettings.leaderboardPrivacy;
    const department = item.memberships?.[tenantId]?.department;
    listings.set(userId, {
      public: privacy === 'public',
      displayName: item.fullName || 'Learner',
      avatar: item.avatarUrl ?? null,
      ...(department ? { department } : {}),
    });
  }
  return listings;
}
