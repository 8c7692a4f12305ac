import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { unverifiedPayload } from '../auth/tokenPayload.js';
import { runtimeConfig } from '../config/runtimeConfig.js';
import { DEFAULT_TIME_ZONE } from '../domain/timezone.js';
import { AppError, AuthenticationError, ConflictError, InvalidCredentialsError, NotFoundError, RateLimitError, ValidationError } from '../http/errors.js';
import { cognito, cognitoSdk } from './cognito.js';
import { joinName, splitFullName, type Profile } from './profile.js';
import { createProfile, getProfile, getProfileAndAiUsage, updateProfile, type ProfileFields } from './profileRepository.js';
import { DEFAULT_PREFERENCES, type PreferencesPatch } from './profileSchemas.js';

/**
 * The one account service behind every seed's auth routes (002, 003, 004 differ only in shape).
 * Passwords go to Cognito and nowhere else; Cairn keeps the profile and memberships.
 *
 * Tokens: `bearer` is Cognito's ID token, which carries the tenant/role claims added by the
 * pre-token-generation trigger and is what Cairn's routes verify; `accessToken` is Cognito's access
 * token (for Cognito's own APIs); `refreshToken` renews both until signed out.
 */
export interface SessionTokens {
  bearer: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  timezone?: string;
  /** Where the sign-up came from (seed 002 `metadata`), kept on the profile for attribution. */
  signupMetadata?: { source?: string; referralCode?: string };
}

function cognitoError(err: unknown): never {
  if (err instanceof AppError) throw err;
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'UsernameExistsException':
      throw new ConflictError('An account with this email already exists', [{ field: 'body.email', message: 'Already registered', code: 'duplicate' }]);
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      throw new RateLimitError(1, 60, 60);
    default:
      throw err;
  }
}

function expiryOf(token: string, fallbackSeconds: number | undefined, now: Date): string {
  try {
    const payload = unverifiedPayload(token);
    if (typeof payload.exp === 'number') return new Date(payload.exp * 1000).toISOString();
  } catch {
    // fall through: a Cognito token always has exp; the fallback covers a malformed one.
  }
  return new Date(now.getTime() + (fallbackSeconds ?? 3600) * 1000).toISOString();
}

function sessionFrom(result: AuthenticationResultType | undefined, refreshToken: string | undefined, now: Date): SessionTokens {
  const bearer = result?.IdToken;
  const accessToken = result?.AccessToken;
  const refresh = result?.RefreshToken ?? refreshToken;
  if (!bearer || !accessToken || !refresh) throw new Error('Cognito returned no tokens (a challenge is pending?)');
  return { bearer, accessToken, refreshToken: refresh, expiresAt: expiryOf(bearer, result?.ExpiresIn, now) };
}

async function passwordAuth(email: string, password: string, now: Date): Promise<SessionTokens> {
  const [{ client, clientId }, sdk] = await Promise.all([cognito(), cognitoSdk()]);
  try {
    const result = await client.send(
      new sdk.InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
    return sessionFrom(result.AuthenticationResult, undefined, now);
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    // Cognito answers NotAuthorized/UserNotFound (local Cognito: InvalidPassword) for a bad pair.
    if (['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'].includes(name)) throw new InvalidCredentialsError();
    if (name === 'UserNotConfirmedException') throw new AuthenticationError('Account is not confirmed');
    cognitoError(err);
  }
}

/**
 * Registers an account: Cognito SignUp, confirmation, then the profile with a learner membership in
 * the stage's default tenant, then a first sign-in. Timeline of a retried sign-up after a crash between
 * Cognito and the profile write: the retry meets UsernameExists (409) and the user signs in; the
 * pre-token-generation trigger creates the missing profile, so no account is ever left without one.
 */
export async function signUp(input: SignUpInput, now: Date): Promise<{ profile: Profile; tokens: SessionTokens }> {
  const [{ client, clientId, userPoolId }, sdk] = await Promise.all([cognito(), cognitoSdk()]);
  const names = input.firstName !== undefined ? { firstName: input.firstName, lastName: input.lastName } : splitFullName(input.fullName ?? '');
  const fullName = input.fullName ?? joinName(names.firstName, names.lastName, input.email.split('@')[0] ?? input.email);
  let userId: string;
  try {
    const result = await client.send(
      new sdk.SignUpCommand({
        ClientId: clientId,
        Username: input.email,
        Password: input.password,
        UserAttributes: [
          { Name: 'email', Value: input.email },
          { Name: 'name', Value: fullName },
        ],
      }),
    );
    if (!result.UserSub) throw new Error('Cognito SignUp returned no user id');
    userId = result.UserSub;
    await client.send(new sdk.AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: input.email }));
  } catch (err) {
    if (err instanceof Error && err.name === 'InvalidPasswordException') {
      throw new ValidationError([{ field: 'body.password', message: 'Password does not meet the policy', code: 'password_policy' }]);
    }
    cognitoError(err);
  }
  const profile = {
    ...newProfile(userId, input.email, fullName, names, input.timezone ?? DEFAULT_TIME_ZONE, now),
    ...(input.signupMetadata ? { signupMetadata: input.signupMetadata } : {}),
  };
  const stored = (await createProfile(profile, profile.homeTenantId as string, ['learner'])) ?? (await getProfile(userId)) ?? profile;
  const tokens = await passwordAuth(input.email, input.password, now);
  return { profile: stored, tokens };
}

/** The profile a new account starts with: a learner of the stage's default tenant. */
export function newProfile(
  userId: string,
  email: string,
  fullName: string,
  names: { firstName?: string; lastName?: string },
  timezone: string,
  now: Date,
): Profile {
  const tenant = runtimeConfig().defaultTenantId;
  const at = now.toISOString();
  return {
    userId,
    email,
    fullName,
    ...(names.firstName ? { firstName: names.firstName } : {}),
    ...(names.lastName ? { lastName: names.lastName } : {}),
    timezone,
    preferences: DEFAULT_PREFERENCES,
    homeTenantId: tenant,
    memberships: { [tenant]: { roles: ['learner'], joinedAt: at } },
    plan: 'free',
    createdAt: at,
    updatedAt: at,
  };
}

/** Signs in with email and password; a wrong pair is INVALID_CREDENTIALS whatever was wrong. */
export async function signIn(email: string, password: string, now: Date): Promise<{ profile: Profile; tokens: SessionTokens }> {
  const tokens = await passwordAuth(email, password, now);
  const sub = unverifiedPayload(tokens.bearer).sub as string;
  // With its AI usage counters: seed 002's sign-in answer shows `subscription.ai_used` (same single read).
  const { profile } = await getProfileAndAiUsage(sub);
  if (!profile) throw new NotFoundError('Profile not found');
  return { profile, tokens };
}

/** Exchanges a refresh token for new tokens; a revoked or unknown one is AUTHENTICATION_FAILED. */
export async function refresh(refreshToken: string, now: Date): Promise<SessionTokens> {
  const [{ client, clientId }, sdk] = await Promise.all([cognito(), cognitoSdk()]);
  try {
    const result = await client.send(
      new sdk.InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    return sessionFrom(result.AuthenticationResult, refreshToken, now);
  } catch (err) {
    if (err instanceof Error && err.name === 'NotAuthorizedException') throw new AuthenticationError('Refresh token is invalid, expired or revoked');
    cognitoError(err);
  }
}

/** Signs out: revokes the refresh token (and, in AWS, the access tokens issued from it). Idempotent. */
export async function signOut(refreshToken: string): Promise<void> {
  const [{ client, clientId }, sdk] = await Promise.all([cognito(), cognitoSdk()]);
  try {
    await client.send(new sdk.RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
  } catch (err) {
    // Revoking an already revoked or unknown token changes nothing: sign-out is idempotent.
    if (err instanceof Error && ['NotAuthorizedException', 'UnsupportedTokenTypeException'].includes(err.name)) return;
    cognitoError(err);
  }
}

/** The caller's profile. */
export async function profileOf(userId: string): Promise<Profile> {
  // With its AI usage counters (`subscription.ai_used`), still one read.
  const { profile } = await getProfileAndAiUsage(userId);
  if (!profile) throw new NotFoundError('Profile not found');
  return profile;
}

/**
 * Updates profile fields and preferences in one atomic write. A full name also sets first and last
 * name; first/last alone leave the stored full name, and readers show `displayName` (no read-modify-write).
 */
export async function updateAccount(userId: string, fields: ProfileFields, preferences: PreferencesPatch, now: Date): Promise<Profile> {
  const patch: ProfileFields = { ...fields };
  if (fields.fullName !== undefined && fields.firstName === undefined && fields.lastName === undefined) {
    Object.assign(patch, { lastName: '', ...splitFullName(fields.fullName) });
  }
  return updateProfile(userId, patch, preferences, now);
}

/** The name to show: first and last name when set, else the full name. */
export function displayName(profile: Pick<Profile, 'firstName' | 'lastName' | 'fullName'>): string {
  return joinName(profile.firstName, profile.lastName, profile.fullName);
}
