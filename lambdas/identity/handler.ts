import type * as z from 'zod';
import * as accounts from '../../shared/identity/accountService.js';
import * as oauth from '../../shared/identity/oauthService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { IDENTITY_ROUTES } from '../../shared/routes/identityRoutes.js';
import { privacyHandlers } from './privacy.js';
import type * as s from '../../shared/schemas/identity.js';
import { profile002, rolesIn, user003, user004, userBrief002 } from './presenters.js';

/** Lambda entry of the identity group: the account routes of seeds 002, 003 and 004. */
const body = <T extends z.ZodType>(ctx: RouteContext) => ctx.body as z.infer<T>;
const caller = (ctx: RouteContext) => {
  if (!ctx.principal) throw new Error('authenticated route without principal');
  return ctx.principal;
};

export const handlers: RouteHandlers = {
  // ---- seed 002
  'identity.signup002': async (ctx) => {
    const input = body<typeof s.signup002Body>(ctx);
    const { profile, tokens } = await accounts.signUp(
      {
        email: input.email,
        password: input.password,
        fullName: input.full_name,
        ...(input.metadata ? { signupMetadata: { source: input.metadata.source, referralCode: input.metadata.referral_code } } : {}),
      },
      ctx.now,
    );
    return {
      data: {
        user: userBrief002(profile),
        access_token: tokens.bearer,
        refresh_token: tokens.refreshToken,
        expires_at: tokens.expiresAt,
      },
    };
  },
  'identity.signin002': async (ctx) => {
    const input = body<typeof s.signin002Body>(ctx);
    const { profile, tokens } = await accounts.signIn(input.email, input.password, ctx.now);
    const { id, email, full_name, roles, subscription } = profile002(profile, rolesIn(profile), ctx.now);
    return { data: { user: { id, email, full_name, roles, subscription }, access_token: tokens.bearer, refresh_token: tokens.refreshToken, expires_at: tokens.expiresAt } };
  },
  'identity.refresh002': async (ctx) => {
    const tokens = await accounts.refresh(body<typeof s.refresh002Body>(ctx).refresh_token, ctx.now);
    return { data: { access_token: tokens.bearer, refresh_token: tokens.refreshToken, expires_at: tokens.expiresAt } };
  },
  'identity.signout002': async (ctx) => {
    await accounts.signOut(body<typeof s.signout002Body>(ctx).refresh_token);
    return { statusCode: 204 };
  },
  'identity.profile002': async (ctx) => {
    const principal = caller(ctx);
    return { data: profile002(await accounts.profileOf(principal.userId), principal.roles, ctx.now) };
  },
  'identity.profileUpdate002': async (ctx) => {
    const input = body<typeof s.profileUpdate002Body>(ctx);
    const profile = await accounts.updateAccount(
      caller(ctx).userId,
      { fullName: input.full_name, bio: input.bio, avatarUrl: input.avatar_url },
      { emailNotifications: input.preferences?.email_notifications, learningReminders: input.preferences?.learning_reminders },
      ctx.now,
    );
    return {
      data: {
        message: 'Profile updated successfully',
        profile: { id: profile.userId, full_name: accounts.displayName(profile), bio: profile.bio ?? null, avatar_url: profile.avatarUrl ?? null },
      },
    };
  },

  'identity.oauthSignin002': async (ctx) => {
    const input = body<typeof s.oauthSignin002Body>(ctx);
    const { authUrl, state } = await oauth.startOAuth(ctx.tenantId, input.provider, input.redirect_url, ctx.now);
    return { data: { auth_url: authUrl, state } };
  },
  'identity.oauthCallback002': async (ctx) => {
    const input = body<typeof s.oauthCallback002Body>(ctx);
    const result = await oauth.completeOAuth(ctx.tenantId, input.provider, input.code, input.state, ctx.now);
    return {
      data: {
        user: userBrief002(result.profile),
        access_token: result.idToken,
        refresh_token: result.refreshToken,
        is_new_user: result.isNewUser,
      },
    };
  },

  // ---- seed 003
  'identity.login003': async (ctx) => {
    const input = body<typeof s.login003Body>(ctx);
    const { profile, tokens } = await accounts.signIn(input.email, input.password, ctx.now);
    return { data: { token: tokens.bearer, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, user: user003(profile, rolesIn(profile), profile.homeTenantId) } };
  },
  'identity.logout003': async (ctx) => {
    await accounts.signOut(body<typeof s.logout003Body>(ctx).refreshToken);
    return { data: { signedOut: true } };
  },
  'identity.me003': async (ctx) => {
    const principal = caller(ctx);
    const profile = await accounts.profileOf(principal.userId);
    const { leaderboardPrivacy, predictiveAnalyticsEnabled } = profile.preferences.privacySettings;
    return { data: { ...user003(profile, principal.roles, principal.tenantId), preferences: { leaderboardPrivacy, predictiveAnalyticsEnabled } } };
  },

  // ---- seed 004
  'identity.register004': async (ctx) => {
    const input = body<typeof s.register004Body>(ctx);
    const { profile, tokens } = await accounts.signUp(input, ctx.now);
    return { data: { user: user004(profile), accessToken: tokens.bearer, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt } };
  },
  'identity.login004': async (ctx) => {
    const input = body<typeof s.login004Body>(ctx);
    const { profile, tokens } = await accounts.signIn(input.email, input.password, ctx.now);
    return { data: { user: user004(profile), accessToken: tokens.bearer, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt } };
  },
  'identity.refresh004': async (ctx) => {
    const tokens = await accounts.refresh(body<typeof s.refresh004Body>(ctx).refreshToken, ctx.now);
    return { data: { accessToken: tokens.bearer, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt } };
  },
  'identity.logout004': async (ctx) => {
    await accounts.signOut(body<typeof s.refresh004Body>(ctx).refreshToken);
    return { data: { signedOut: true } };
  },
  'identity.profileGet004': async (ctx) => ({ data: user004(await accounts.profileOf(caller(ctx).userId)) }),
  'identity.profilePut004': async (ctx) => {
    const input = body<typeof s.profileUpdate004Body>(ctx);
    return { data: user004(await accounts.updateAccount(caller(ctx).userId, input, {}, ctx.now)) };
  },
  'identity.preferencesGet004': async (ctx) => ({ data: (await accounts.profileOf(caller(ctx).userId)).preferences }),
  'identity.preferencesPut004': async (ctx) => {
    const input = body<typeof s.preferencesUpdate004Body>(ctx);
    return { data: (await accounts.updateAccount(caller(ctx).userId, {}, input, ctx.now)).preferences };
  },
};

/** The identity group's Lambda (accounts, and issue 20's export and erasure routes); tests build it with their own options. */
export function createIdentityHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('identity', IDENTITY_ROUTES, { ...handlers, ...privacyHandlers }, options);
}

export const handler = createIdentityHandler();
