import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { aiUsageKey, invitationKey, memberKey, profileByEmailIndexKey, profileKey } from '../db/keys.js';
import { pendingInvitations } from './invitationRepository.js';
import { NotFoundError } from '../http/errors.js';
import type { Role } from '../routes/types.js';
import type { AiUsageCounters } from '../domain/aiPlanLimits.js';
import type { Profile } from './profile.js';
import type { PreferencesPatch } from './profileSchemas.js';

/**
 * Creates a profile together with its first membership (profile item + the tenant's member item) and
 * accepts the email's pending invitations (member items, profile memberships, invitation deleted), all
 * in one transaction, each write conditional. Returns the stored profile, or undefined when the profile
 * already exists (a retried sign-up, or the trigger created it first): nothing is overwritten. An invitation accepted by a
 * concurrent sign-up of the same email cancels this transaction, which is then seen as that case.
 */
export async function createProfile(profile: Profile, tenantId: string, roles: Role[]): Promise<Profile | undefined> {
  const now = new Date(profile.createdAt);
  const invitations = (await pendingInvitations(profile.email, now)).filter((invitation) => invitation.tenantId !== tenantId);
  const memberships = { ...profile.memberships };
  for (const invitation of invitations) {
    memberships[invitation.tenantId] = { roles: invitation.roles, ...(invitation.department ? { department: invitation.department } : {}), joinedAt: profile.createdAt };
  }
  const memberItem = (tenant: string, memberRoles: Role[], department?: string) => ({
    Put: {
      TableName: tableName(),
      Item: { ...memberKey(tenant, profile.userId), type: 'member', tenantId: tenant, userId: profile.userId, email: profile.email, fullName: profile.fullName, roles: memberRoles, ...(department ? { department } : {}), joinedAt: profile.createdAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...profileKey(profile.userId), ...profileByEmailIndexKey(profile.email), type: 'profile', ...profile, memberships }, ConditionExpression: 'attribute_not_exists(pk)' } },
          memberItem(tenantId, roles),
          ...invitations.flatMap((invitation) => [
            memberItem(invitation.tenantId, invitation.roles, invitation.department),
            { Delete: { TableName: tableName(), Key: { pk: invitationKey(invitation.tenantId, invitation.email).pk, sk: invitationKey(invitation.tenantId, invitation.email).sk }, ConditionExpression: 'attribute_exists(pk)' } },
          ]),
        ],
      }),
    );
    return { ...profile, memberships };
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return undefined;
    throw err;
  }
}

const stripKeys = (item: Record<string, unknown>): Profile => {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g1s, ...profile } = item;
  return profile as unknown as Profile;
};

/** Reads a profile with a strongly consistent read (claims must reflect the latest role change). */
export async function getProfile(userId: string): Promise<Profile | undefined> {
  const result = await documentClient().send(new GetCommand({ TableName: tableName(), Key: profileKey(userId), ConsistentRead: true }));
  return result.Item ? stripKeys(result.Item) : undefined;
}

/**
 * The profile (if any) and its AI usage counters (issue 19; if any, even without a profile) in one
 * request: a Query of the user's two items, `sk BETWEEN 'AIUSAGE' AND 'PROFILE'` (nothing else lives
 * under `U#<user>`). Used where `subscription.ai_used` is shown and by the AI routes.
 */
export async function getProfileAndAiUsage(userId: string): Promise<{ profile: Profile | undefined; aiUsage: AiUsageCounters | undefined }> {
  const key = profileKey(userId);
  const usageKey = aiUsageKey(userId);
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': key.pk, ':from': usageKey.sk, ':to': key.sk },
      ConsistentRead: true,
    }),
  );
  const items = result.Items ?? [];
  const profileItem = items.find((item) => item.sk === key.sk);
  const usage = items.find((item) => item.sk === usageKey.sk);
  const aiUsage = usage ? { day: usage.day as string, dayCount: usage.dayCount as number, month: usage.month as string, monthCount: usage.monthCount as number } : undefined;
  const profile = profileItem ? stripKeys(profileItem) : undefined;
  return { profile: profile && aiUsage ? { ...profile, aiUsage } : profile, aiUsage };
}

export type ProfileFields = Partial<Pick<Profile, 'fullName' | 'firstName' | 'lastName' | 'avatarUrl' | 'bio' | 'timezone'>>;

/**
 * Sets the given profile fields and nested preference fields in one atomic UpdateItem (no read, so
 * concurrent updates of different fields never lose each other). Fails with NOT_FOUND if the profile
 * does not exist. Returns the updated profile.
 */
export async function updateProfile(userId: string, fields: ProfileFields, preferences: PreferencesPatch, now: Date): Promise<Profile> {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#prefs': 'preferences' };
  const values: Record<string, unknown> = { ':updatedAt': now.toISOString() };
  const sets: string[] = ['#updatedAt = :updatedAt'];
  let n = 0;
  const set = (path: string[], value: unknown) => {
    const placeholders = path.map((segment) => {
      const name = `#f${n++}`;
      names[name] = segment;
      return name;
    });
    const valueName = `:v${n++}`;
    values[valueName] = value;
    sets.push(`${placeholders.join('.')} = ${valueName}`);
  };
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) set([field], value);
  for (const [key, value] of Object.entries(preferences)) {
    if (value === undefined) continue;
    if (key === 'reminderSettings' || key === 'privacySettings') {
      for (const [nested, nestedValue] of Object.entries(value as Record<string, unknown>)) {
        if (nestedValue !== undefined) set(['preferences', key, nested], nestedValue);
      }
    } else {
      set(['preferences', key], value);
    }
  }
  // Preferences paths are written through `#fN` names; '#prefs' keeps the condition readable.
  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: profileKey(userId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(#prefs)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stripKeys(result.Attributes ?? {});
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') throw new NotFoundError('Profile not found');
    throw err;
  }
}
