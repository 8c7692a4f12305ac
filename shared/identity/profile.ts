import type { AiUsageCounters } from '../domain/aiPlanLimits.js';
import type { Role } from '../routes/types.js';
import type { Preferences } from './profileSchemas.js';

/**
 * A user's profile: identity data Cairn keeps (never a password), the memberships that become token
 * claims, and preferences. One item per user (`U#<user>` / `PROFILE`): users are pool-wide, so this
 * is the one entity keyed by user rather than tenant; it holds no tenant data beyond membership ids.
 */
export interface Membership {
  roles: Role[];
  department?: string;
  joinedAt: string;
}

export interface Profile {
  userId: string;
  email: string;
  fullName: string;
  firstName?: string;
  lastName?: string;
  avatarUrl?: string;
  bio?: string;
  timezone: string;
  preferences: Preferences;
  /** The tenant tokens name by default (`cairn:tenant`); undefined once the user belongs nowhere. */
  homeTenantId?: string;
  memberships: Record<string, Membership>;
  /** Subscription plan; payments set it. */
  plan: 'free' | 'premium' | 'enterprise';
  signupMetadata?: { source?: string; referralCode?: string };
  /**
   * AI assistant counters (today's and this month's requests), not stored on the profile item: the
   * `AIUSAGE` item beside it, read in the same Query (profileRepository.getProfile) and incremented
   * atomically by the AI routes (shared/ai/aiUsageRepository.ts).
   */
  aiUsage?: AiUsageCounters;
  createdAt: string;
  updatedAt: string;
}

/** Splits a full name into first and last (first word / the rest). */
export function splitFullName(fullName: string): { firstName: string; lastName?: string } {
  const [first = '', ...rest] = fullName.trim().split(/\s+/);
  return rest.length > 0 ? { firstName: first, lastName: rest.join(' ') } : { firstName: first };
}

/** Joins first and last name into the full name. */
export function joinName(firstName: string | undefined, lastName: string | undefined, fallback: string): string {
  const joined = [firstName, lastName].filter(Boolean).join(' ').trim();
  return joined || fallback;
}
