import * as z from 'zod';
import { passwordSchema } from '../identity/passwordPolicy.js';
import { bioSchema, emailSchema, httpsUrlSchema, nameSchema, preferencesPatchSchema, preferencesSchema, timeZoneSchema } from '../identity/profileSchemas.js';
import { lazySchema } from './lazySchema.js';

/** Request and response contracts of the account routes, per seed. Every request object is strict. */
const refreshTokenSchema = lazySchema(() => z.string().min(20).max(8192));
const credentials = lazySchema(() => ({ email: emailSchema, password: z.string().min(1).max(256) }));

// ---- seed 002 (snake_case, bare objects)
export const signup002Body = lazySchema(() => z
  .object({
    email: emailSchema,
    password: passwordSchema,
    full_name: nameSchema,
    metadata: z.object({ source: z.string().max(50).optional(), referral_code: z.string().max(50).optional() }).strict().optional(),
  })
  .strict());
export const signin002Body = lazySchema(() => z.object(credentials).strict());
export const refresh002Body = lazySchema(() => z.object({ refresh_token: refreshTokenSchema }).strict());
export const signout002Body = refresh002Body;
export const profileUpdate002Body = lazySchema(() => z
  .object({
    full_name: nameSchema.optional(),
    bio: bioSchema.optional(),
    avatar_url: httpsUrlSchema.optional(),
    preferences: z.object({ email_notifications: z.boolean().optional(), learning_reminders: z.boolean().optional() }).strict().optional(),
  })
  .strict());

const subscription002 = lazySchema(() => z.object({ plan: z.string(), ai_limit: z.number().int(), ai_used: z.number().int() }));
const tokens002 = lazySchema(() => ({ access_token: z.string(), refresh_token: z.string(), expires_at: z.string() }));
export const signup002Response = lazySchema(() => z
  .object({ user: z.object({ id: z.string(), email: z.string(), full_name: z.string(), created_at: z.string(), avatar_url: z.string().nullable() }), ...tokens002 })
  .meta({ id: 'SignUpResponse002' }));
export const signin002Response = lazySchema(() => z
  .object({
    user: z.object({ id: z.string(), email: z.string(), full_name: z.string(), roles: z.array(z.string()), subscription: subscription002 }),
    ...tokens002,
  })
  .meta({ id: 'SignInResponse002' }));
export const refresh002Response = lazySchema(() => z.object(tokens002).meta({ id: 'RefreshResponse002' }));
export const profile002Response = lazySchema(() => z
  .object({
    id: z.string(),
    email: z.string(),
    full_name: z.string(),
    avatar_url: z.string().nullable(),
    bio: z.string().nullable(),
    roles: z.array(z.string()),
    subscription: subscription002,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Profile002' }));
export const profileUpdate002Response = lazySchema(() => z
  .object({
    message: z.string(),
    profile: z.object({ id: z.string(), full_name: z.string(), bio: z.string().nullable(), avatar_url: z.string().nullable() }),
  })
  .meta({ id: 'ProfileUpdateResponse002' }));

export const oauthProviderSchema = lazySchema(() => z.enum(['google', 'facebook', 'apple', 'amazon']));
export const oauthSignin002Body = lazySchema(() => z.object({ provider: oauthProviderSchema, redirect_url: z.url({ protocol: /^https?$/ }).max(2048) }).strict());
export const oauthCallback002Body = lazySchema(() => z
  .object({ provider: oauthProviderSchema, code: z.string().min(1).max(2048), state: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) })
  .strict());
export const oauthSignin002Response = lazySchema(() => z.object({ auth_url: z.string(), state: z.string() }).meta({ id: 'OAuthSignIn002' }));
export const oauthCallback002Response = lazySchema(() => z
  .object({
    user: z.object({ id: z.string(), email: z.string(), full_name: z.string(), created_at: z.string(), avatar_url: z.string().nullable() }),
    access_token: z.string(),
    refresh_token: z.string(),
    is_new_user: z.boolean(),
  })
  .meta({ id: 'OAuthCallback002' }));

// ---- seed 003 (camelCase inside {success, data})
export const login003Body = lazySchema(() => z.object(credentials).strict());
export const logout003Body = lazySchema(() => z.object({ refreshToken: refreshTokenSchema }).strict());
const user003 = lazySchema(() => z.object({ id: z.string(), email: z.string(), fullName: z.string(), roles: z.array(z.string()), organizationId: z.string().nullable() }));
export const login003Data = lazySchema(() => z.object({ token: z.string(), refreshToken: z.string(), expiresAt: z.string(), user: user003 }).meta({ id: 'LoginData003' }));
export const me003Data = lazySchema(() => user003
  .extend({ preferences: z.object({ leaderboardPrivacy: z.string(), predictiveAnalyticsEnabled: z.boolean() }) })
  .meta({ id: 'Me003' }));

// ---- seed 004 (camelCase inside {success, data, meta})
export const register004Body = lazySchema(() => z
  .object({
    email: emailSchema,
    password: passwordSchema,
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
    timezone: timeZoneSchema.optional(),
  })
  .strict());
export const login004Body = lazySchema(() => z.object(credentials).strict());
export const refresh004Body = lazySchema(() => z.object({ refreshToken: refreshTokenSchema }).strict());
export const profileUpdate004Body = lazySchema(() => z
  .object({
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
    timezone: timeZoneSchema.optional(),
    avatarUrl: httpsUrlSchema.optional(),
    bio: bioSchema.optional(),
  })
  .strict());
export const preferencesUpdate004Body = preferencesPatchSchema;
export const user004 = lazySchema(() => z
  .object({
    id: z.string(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    timezone: z.string(),
    avatarUrl: z.string().nullable(),
    bio: z.string().nullable(),
    preferences: preferencesSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User004' }));
export const session004Data = lazySchema(() => z.object({ user: user004, accessToken: z.string(), refreshToken: z.string(), expiresAt: z.string() }).meta({ id: 'Session004' }));
export const refresh004Data = lazySchema(() => z.object({ accessToken: z.string(), refreshToken: z.string(), expiresAt: z.string() }).meta({ id: 'Refresh004' }));
export const signedOutData = lazySchema(() => z.object({ signedOut: z.literal(true) }));
export const preferencesData = lazySchema(() => preferencesSchema.meta({ id: 'Preferences' }));
