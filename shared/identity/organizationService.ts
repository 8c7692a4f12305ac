import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { QueryCommand, TransactWriteCommand } from '../db/commands.js';
import { tenantDirectoryPut } from '../jobs/tenantDirectory.js';
import { documentClient, tableName } from '../db/client.js';
import { memberKey, organizationKey, profileByEmailIndexKey, profileKey, tenantPrefix } from '../db/keys.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { Role } from '../routes/types.js';
import type { Profile } from './profile.js';
import { getProfile } from './profileRepository.js';

/**
 * Organizations (tenants) and their members. A membership lives twice, kept in step by transactions:
 * the tenant's member item (for listing, one item collection per tenant) and the user's profile map
 * (read by the pre-token-generation trigger, so a change shows in the member's next token).
 */
export interface Organization {
  tenantId: string;
  name: string;
  createdBy: string;
  createdAt: string;
}

export interface Member {
  userId: string;
  email: string;
  fullName: string;
  roles: Role[];
  department?: string;
  joinedAt: string;
}

const cancelledBy = (err: unknown, index: number) =>
  err instanceof TransactionCanceledException && err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Creates an organization whose id is the requested slug; the creator becomes its org_admin and it
 * becomes their home tenant. Fails with 409 if the id is taken (conditional put).
 */
export async function createOrganization(input: { tenantId: string; name: string }, creator: Profile, now: Date): Promise<Organization> {
  const at = now.toISOString();
  const organization: Organization = { tenantId: input.tenantId, name: input.name, createdBy: creator.userId, createdAt: at };
  const membership = { roles: ['org_admin'] as Role[], joinedAt: at };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...organizationKey(input.tenantId), type: 'organization', ...organization }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...memberKey(input.tenantId, creator.userId), type: 'member', tenantId: input.tenantId, userId: creator.userId, email: creator.email, fullName: creator.fullName, ...membership },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: profileKey(creator.userId),
              UpdateExpression: 'SET memberships.#tenant = :membership, homeTenantId = :tenant, updatedAt = :at',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#tenant': input.tenantId },
              ExpressionAttributeValues: { ':membership': membership, ':tenant': input.tenantId, ':at': at },
            },
          },
          // The tenant directory entry scheduled jobs list tenants from (shared/jobs/tenantDirectory.ts).
          tenantDirectoryPut(input.tenantId, at),
        ],
      }),
    );
  } catch (err) {
    if (cancelledBy(err, 0)) throw new ConflictError('An organization with this id already exists', [{ field: 'body.slug', message: 'Taken', code: 'duplicate' }]);
    if (cancelledBy(err, 2)) throw new NotFoundError('Profile not found');
    throw err;
  }
  return organization;
}

/** Finds a profile by email (gsi1); undefined when no account uses it. */
export async function profileByEmail(email: string): Promise<Profile | undefined> {
  const keys = profileByEmailIndexKey(email);
  const result = await documentClient().send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk', ExpressionAttributeValues: { ':pk': keys.gsi1pk, ':sk': keys.gsi1sk }, Limit: 1 }),
  );
  const userId = result.Items?.[0]?.userId as string | undefined;
  return userId ? getProfile(userId) : undefined;
}

/** Adds an existing account to a tenant with a role; 409 if already a member. */
export async function addMember(tenantId: string, user: Profile, roles: Role[], department: string | undefined, now: Date): Promise<Member> {
  const at = now.toISOString();
  const membership = { roles, ...(department ? { department } : {}), joinedAt: at };
  const member: Member = { userId: user.userId, email: user.email, fullName: user.fullName, ...membership };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...memberKey(tenantId, user.userId), type: 'member', tenantId, ...member }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Update: {
              TableName: tableName(),
              Key: profileKey(user.userId),
              UpdateExpression: 'SET memberships.#tenant = :membership, updatedAt = :at, homeTenantId = if_not_exists(homeTenantId, :tenant)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#tenant': tenantId },
              ExpressionAttributeValues: { ':membership': membership, ':at': at, ':tenant': tenantId },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (cancelledBy(err, 0)) throw new ConflictError('Already a member of this organization');
    if (cancelledBy(err, 1)) throw new NotFoundError('User not found');
    throw err;
  }
  return member;
}

/**
 * Changes a member's roles (and department); 404 if not a member. Takes effect in their next token.
 * An org admin cannot drop their own admin role (the tenant must never lose its last admin that way).
 */
export async function changeMember(tenantId: string, actorId: string, userId: string, requestedRoles: Role[], department: string | undefined, now: Date): Promise<Role[]> {
  const roles = [...new Set(requestedRoles)];
  if (userId === actorId && !roles.includes('org_admin')) throw new ConflictError('An org admin cannot remove their own admin role');
  const at = now.toISOString();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: memberKey(tenantId, userId),
              UpdateExpression: department !== undefined ? 'SET #roles = :roles, department = :department' : 'SET #roles = :roles',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#roles': 'roles' },
              ExpressionAttributeValues: { ':roles': roles, ...(department !== undefined ? { ':department': department } : {}) },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: profileKey(userId),
              UpdateExpression: `SET memberships.#tenant.#roles = :roles, updatedAt = :at${department !== undefined ? ', memberships.#tenant.department = :department' : ''}`,
              ConditionExpression: 'attribute_exists(memberships.#tenant)',
              ExpressionAttributeNames: { '#tenant': tenantId, '#roles': 'roles' },
              ExpressionAttributeValues: { ':roles': roles, ':at': at, ...(department !== undefined ? { ':department': department } : {}) },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (cancelledBy(err, 0) || cancelledBy(err, 1)) throw new NotFoundError('Member not found');
    throw err;
  }
  return roles;
}

/**
 * Removes a member: their member item and the tenant from their profile, together. If it was their
 * home tenant, the home is cleared and the claims builder falls back to another membership (or none).
 * Nobody removes themselves through this (an admin leaving would orphan the tenant).
 */
export async function removeMember(tenantId: string, actorId: string, userId: string, now: Date): Promise<void> {
  if (userId === actorId) throw new ConflictError('An org admin cannot remove themselves');
  const profile = await getProfile(userId);
  if (!profile?.memberships[tenantId]) throw new NotFoundError('Member not found');
  const clearsHome = profile.homeTenantId === tenantId;
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: tableName(), Key: memberKey(tenantId, userId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            Update: {
              TableName: tableName(),
              Key: profileKey(userId),
              UpdateExpression: `REMOVE memberships.#tenant${clearsHome ? ', homeTenantId' : ''} SET updatedAt = :at`,
              // The home check guards the race with a concurrent home change between read and write.
              ConditionExpression: clearsHome ? 'homeTenantId = :tenant' : 'attribute_exists(pk) AND (attribute_not_exists(homeTenantId) OR homeTenantId <> :tenant)',
              ExpressionAttributeNames: { '#tenant': tenantId },
              ExpressionAttributeValues: { ':at': now.toISOString(), ':tenant': tenantId },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (cancelledBy(err, 0)) throw new NotFoundError('Member not found');
    if (cancelledBy(err, 1)) throw new ConflictError('The member changed concurrently; retry');
    throw err;
  }
}

/** One page of a tenant's members in user-id order; `cursor` continues where the last page stopped. */
export async function listMembers(tenantId: string, limit: number, cursor: string | undefined): Promise<{ members: Member[]; nextCursor: string | null }> {
  const pk = `${tenantPrefix(tenantId)}#MEMBERS`;
  let startKey: Record<string, unknown> | undefined;
  if (cursor) {
    const sk = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!sk.startsWith('U#')) throw new ValidationError([{ field: 'query.cursor', message: 'Invalid cursor', code: 'invalid_cursor' }]);
    startKey = { pk, sk };
  }
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  const members = (result.Items ?? []).map((item) => ({
    userId: item.userId as string,
    email: item.email as string,
    fullName: item.fullName as string,
    roles: item.roles as Role[],
    ...(item.department ? { department: item.department as string } : {}),
    joinedAt: item.joinedAt as string,
  }));
  const last = result.LastEvaluatedKey?.sk as string | undefined;
  return { members, nextCursor: last ? Buffer.from(last).toString('base64url') : null };
}
