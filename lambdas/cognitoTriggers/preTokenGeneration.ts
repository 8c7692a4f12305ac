import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/timezone.js';
import { newProfile } from '../../shared/identity/accountService.js';
import { splitFullName } from '../../shared/identity/profile.js';
import { createProfile, getProfile } from '../../shared/identity/profileRepository.js';
import { tenantClaims, withPlatformClaims } from '../../shared/identity/tokenClaims.js';

/**
 * Cognito pre-token-generation trigger (V1 event: claims go into the ID token, Cairn's bearer). Reads
 * the user's profile with a consistent read, so a role change or removal shows in the very next token.
 * A user without a profile (a sign-up interrupted after Cognito, a federated first sign-in) gets the
 * default one here, created conditionally so a concurrent sign-up's write wins unharmed. The platform
 * claim comes from the user's Cognito groups, never from the profile (which tenant routes can change).
 */
export const handler = async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
  const attributes = event.request.userAttributes;
  const userId = attributes.sub;
  if (!userId) throw new Error('Pre-token-generation event without sub');
  let profile = await getProfile(userId);
  if (!profile) {
    const email = (attributes.email ?? '').toLowerCase();
    const fullName = attributes.name ?? email.split('@')[0] ?? userId;
    const fresh = newProfile(userId, email, fullName, splitFullName(fullName), DEFAULT_TIME_ZONE, new Date());
    profile = (await createProfile(fresh, fresh.homeTenantId as string, ['learner'])) ?? (await getProfile(userId));
  }
  // Platform operators: members of the Cognito group an AWS administrator manages (docs/api.md).
  event.response = { claimsOverrideDetails: withPlatformClaims(tenantClaims(profile), event.request.groupConfiguration?.groupsToOverride) };
  return event;
};
