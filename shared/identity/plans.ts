import type { Profile } from './profile.js';

/**
 * Subscription plans and their AI assistant allowance per day (seed 002 "Rate Limiting": free 3,
 * premium 50; enterprise is "custom" there and defaults to 500 here until a contract sets it).
 */
export const PLAN_AI_DAILY_LIMITS: Record<Profile['plan'], number> = { free: 3, premium: 50, enterprise: 500 };

/** Plan, daily AI limit and today's (UTC) usage as recorded on the profile. */
export function subscriptionOf(profile: Pick<Profile, 'plan' | 'aiUsage'>, now: Date) {
  const today = now.toISOString().slice(0, 10);
  return { plan: profile.plan, ai_limit: PLAN_AI_DAILY_LIMITS[profile.plan], ai_used: profile.aiUsage?.[today] ?? 0 };
}
