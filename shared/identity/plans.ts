import { AI_PLAN_LIMITS, usedNow } from '../domain/aiPlanLimits.js';
import type { Profile } from './profile.js';

/**
 * Subscription plans and their AI assistant allowance per day (seed 002 "Rate Limiting"); the daily
 * and monthly figures live in shared/domain/aiPlanLimits.ts, the counters in the user's `AIUSAGE`
 * item (shared/ai/aiUsageRepository.ts), read together with the profile.
 */
export const PLAN_AI_DAILY_LIMITS: Record<Profile['plan'], number> = {
  free: AI_PLAN_LIMITS.free.daily,
  premium: AI_PLAN_LIMITS.premium.daily,
  enterprise: AI_PLAN_LIMITS.enterprise.daily,
};

/** Plan, daily AI limit and today's (UTC) usage as recorded beside the profile. */
export function subscriptionOf(profile: Pick<Profile, 'plan' | 'aiUsage'>, now: Date) {
  return { plan: profile.plan, ai_limit: PLAN_AI_DAILY_LIMITS[profile.plan], ai_used: usedNow(profile.aiUsage, now).daily };
}
