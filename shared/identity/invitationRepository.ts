import { PutCommand, QueryCommand } from '../db/commands.js';
import { documentClient, tableName } from '../db/client.js';
import { invitationKey } from '../db/keys.js';
import { ConflictError } from '../http/errors.js';
import type { Role } from '../routes/types.js';

/**
 * Invitations: an org admin adds an email that has no account yet. The invitation waits (30 days,
 * TTL) and is accepted inside the new account's profile-creating transaction, so the first token of
 * the new user already carries the membership.
 */
export const INVITATION_TTL_DAYS = 30;
/** Invitations accepted at once at sign-up (a transaction holds at most 100 items). */
export const MAX_ACCEPTED_INVITATIONS = 40;

export interface Invitation {
  tenantId: string;
  email: string;
  roles: Role[];
  department?: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: number;
}

export async function createInvitation(invitation: Omit<Invitation, 'expiresAt' | 'createdAt'>, now: Date): Promise<Invitation> {
  const item: Invitation = {
    ...invitation,
    email: invitation.email.toLowerCase(),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + INVITATION_TTL_DAYS * 86_400,
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...invitationKey(invitation.tenantId, invitation.email), type: 'invitation', ...item },
        // An expired invitation (TTL deletion is lazy) may be replaced; a live one may not.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      }),
    );
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') throw new ConflictError('This email is already invited');
    throw err;
  }
  return item;
}

/** The live invitations of an email, across tenants (gsi1), oldest first. */
export async function pendingInvitations(email: string, now: Date): Promise<Invitation[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':pk': `INVITE#${email.toLowerCase()}`, ':now': Math.floor(now.getTime() / 1000) },
      Limit: 100,
    }),
  );
  return ((result.Items ?? []) as Invitation[]).slice(0, MAX_ACCEPTED_INVITATIONS);
}
