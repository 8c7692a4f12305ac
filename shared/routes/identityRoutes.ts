import * as z from 'zod';
import * as s from '../schemas/identity.js';
import { PRIVACY_ROUTES } from './privacyRoutes.js';
import type { RouteDefinition } from './types.js';

/** Account routes of seeds 002, 003 and 004: one account service, three contract shapes. */
const publicAuth = { group: 'identity', auth: { kind: 'public' }, rateClass: 'auth', tags: ['auth'] } as const;
const signedIn = { group: 'identity', auth: { kind: 'authenticated' }, rateClass: 'standard', tags: ['users'] } as const;
const noContent = { status: 204, description: 'Signed out', schema: z.null() };

export const IDENTITY_ROUTES: RouteDefinition[] = [
  // seed 002
  { ...publicAuth, id: 'identity.signup002', method: 'POST', path: '/api/v1/auth/signup/', style: 'rest002', summary: 'Create an account (learner of the default tenant) and sign in', request: { body: s.signup002Body }, response: { status: 201, description: 'Account created', schema: s.signup002Response } },
  { ...publicAuth, id: 'identity.signin002', method: 'POST', path: '/api/v1/auth/signin/', style: 'rest002', summary: 'Sign in with email and password', request: { body: s.signin002Body }, response: { status: 200, description: 'Signed in', schema: s.signin002Response } },
  { ...publicAuth, id: 'identity.refresh002', method: 'POST', path: '/api/v1/auth/refresh/', style: 'rest002', summary: 'Exchange a refresh token for new tokens', request: { body: s.refresh002Body }, response: { status: 200, description: 'New tokens', schema: s.refresh002Response } },
  { ...publicAuth, id: 'identity.signout002', method: 'POST', path: '/api/v1/auth/signout/', style: 'rest002', summary: 'Sign out: revoke the refresh token', request: { body: s.signout002Body }, response: noContent },
  { ...signedIn, id: 'identity.profile002', method: 'GET', path: '/api/v1/auth/profile/', style: 'rest002', summary: 'The caller\'s profile', response: { status: 200, description: 'Profile', schema: s.profile002Response } },
  { ...signedIn, id: 'identity.profileUpdate002', method: 'PUT', path: '/api/v1/auth/profile/update/', style: 'rest002', summary: 'Update name, bio, avatar and notification preferences', request: { body: s.profileUpdate002Body }, response: { status: 200, description: 'Updated', schema: s.profileUpdate002Response } },
  { ...publicAuth, id: 'identity.oauthSignin002', method: 'POST', path: '/api/v1/auth/oauth/signin/', style: 'rest002', summary: 'Start OAuth sign-in: hosted-UI authorize URL and single-use state (PKCE)', request: { body: s.oauthSignin002Body }, response: { status: 200, description: 'Authorize URL', schema: s.oauthSignin002Response } },
  { ...publicAuth, id: 'identity.oauthCallback002', method: 'POST', path: '/api/v1/auth/oauth/callback/', style: 'rest002', summary: 'Finish OAuth sign-in: consume the state, exchange the code', request: { body: s.oauthCallback002Body }, response: { status: 200, description: 'Signed in', schema: s.oauthCallback002Response } },
  // seed 003
  { ...publicAuth, id: 'identity.login003', method: 'POST', path: '/api/v1/auth/login', style: 'rest003', summary: 'Sign in with email and password', request: { body: s.login003Body }, response: { status: 200, description: 'Signed in', schema: z.object({ success: z.literal(true), data: s.login003Data }) } },
  { ...publicAuth, id: 'identity.logout003', method: 'POST', path: '/api/v1/auth/logout', style: 'rest003', summary: 'Sign out: revoke the refresh token', request: { body: s.logout003Body }, response: { status: 200, description: 'Signed out', schema: z.object({ success: z.literal(true), data: s.signedOutData }) } },
  { ...signedIn, id: 'identity.me003', method: 'GET', path: '/api/v1/auth/me', style: 'rest003', summary: 'The current user with roles, organization and analytics preferences', response: { status: 200, description: 'Current user', schema: z.object({ success: z.literal(true), data: s.me003Data }) } },
  // seed 004
  { ...publicAuth, id: 'identity.register004', method: 'POST', path: '/auth/register', style: 'rest004', summary: 'Create an account (learner of the default tenant) and sign in', request: { body: s.register004Body }, response: { status: 201, description: 'Account created', schema: z.object({ success: z.literal(true), data: s.session004Data }) } },
  { ...publicAuth, id: 'identity.login004', method: 'POST', path: '/auth/login', style: 'rest004', summary: 'Sign in with email and password', request: { body: s.login004Body }, response: { status: 200, description: 'Signed in', schema: z.object({ success: z.literal(true), data: s.session004Data }) } },
  { ...publicAuth, id: 'identity.refresh004', method: 'POST', path: '/auth/refresh', style: 'rest004', summary: 'Exchange a refresh token for new tokens', request: { body: s.refresh004Body }, response: { status: 200, description: 'New tokens', schema: z.object({ success: z.literal(true), data: s.refresh004Data }) } },
  { ...publicAuth, id: 'identity.logout004', method: 'DELETE', path: '/auth/logout', style: 'rest004', summary: 'Sign out: revoke the refresh token', request: { body: s.refresh004Body }, response: { status: 200, description: 'Signed out', schema: z.object({ success: z.literal(true), data: s.signedOutData }) } },
  { ...signedIn, id: 'identity.profileGet004', method: 'GET', path: '/api/users/profile', style: 'rest004', summary: 'The caller\'s profile', response: { status: 200, description: 'Profile', schema: z.object({ success: z.literal(true), data: s.user004 }) } },
  { ...signedIn, id: 'identity.profilePut004', method: 'PUT', path: '/api/users/profile', style: 'rest004', summary: 'Update name, IANA time zone, avatar and bio', request: { body: s.profileUpdate004Body }, response: { status: 200, description: 'Updated profile', schema: z.object({ success: z.literal(true), data: s.user004 }) } },
  { ...signedIn, id: 'identity.preferencesGet004', method: 'GET', path: '/api/users/preferences', style: 'rest004', summary: 'The caller\'s learning preferences', response: { status: 200, description: 'Preferences', schema: z.object({ success: z.literal(true), data: s.preferencesData }) } },
  { ...signedIn, id: 'identity.preferencesPut004', method: 'PUT', path: '/api/users/preferences', style: 'rest004', summary: 'Update learning preferences (session length, reminders, privacy, learning style)', request: { body: s.preferencesUpdate004Body }, response: { status: 200, description: 'Updated preferences', schema: z.object({ success: z.literal(true), data: s.preferencesData }) } },
  // issue 20: data export and erasure
  ...PRIVACY_ROUTES,
];
