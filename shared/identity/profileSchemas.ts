import * as z from 'zod';
import { isIanaTimeZone } from '../domain/timezone.js';
import { lazySchema } from '../schemas/lazySchema.js';

/** Profile and preference fields a user may set; anything else (roles, tenant, email_verified…) is refused. */
export const timeZoneSchema = lazySchema(() => z.string().max(64).refine(isIanaTimeZone, 'Must be an IANA time zone such as Europe/Berlin'));
export const nameSchema = lazySchema(() => z.string().trim().min(1).max(100));
export const httpsUrlSchema = lazySchema(() => z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048));
export const bioSchema = lazySchema(() => z.string().max(1000));
export const emailSchema = lazySchema(() => z.email().max(254).transform((e) => e.toLowerCase()));

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const preferencesSchema = lazySchema(() => z
  .object({
    /** Minutes; seed 004 `defaultSessionLength`. */
    defaultSessionLength: z.number().int().min(5).max(240),
    reminderSettings: z
      .object({
        enabled: z.boolean(),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').optional(),
        days: z.array(z.enum(WEEKDAYS)).max(7).optional(),
      })
      .strict(),
    privacySettings: z
      .object({
        leaderboardPrivacy: z.enum(['public', 'anonymous', 'private']),
        predictiveAnalyticsEnabled: z.boolean(),
        shareProgressWithTrainers: z.boolean(),
      })
      .strict(),
    learningStyle: z.enum(['visual', 'auditory', 'kinesthetic', 'mixed']),
    emailNotifications: z.boolean(),
    learningReminders: z.boolean(),
  })
  .strict());

export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  defaultSessionLength: 30,
  reminderSettings: { enabled: false },
  privacySettings: { leaderboardPrivacy: 'public', predictiveAnalyticsEnabled: true, shareProgressWithTrainers: true },
  learningStyle: 'mixed',
  emailNotifications: true,
  learningReminders: true,
};

/** A partial preferences update: top-level keys replace, nested objects are merged one level deep. */
export const preferencesPatchSchema = lazySchema(() => z
  .object({
    defaultSessionLength: preferencesSchema.shape.defaultSessionLength.optional(),
    reminderSettings: preferencesSchema.shape.reminderSettings.partial().strict().optional(),
    privacySettings: preferencesSchema.shape.privacySettings.partial().strict().optional(),
    learningStyle: preferencesSchema.shape.learningStyle.optional(),
    emailNotifications: z.boolean().optional(),
    learningReminders: z.boolean().optional(),
  })
  .strict());

export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** Applies a patch to preferences (pure). */
export function mergePreferences(current: Preferences, patch: PreferencesPatch): Preferences {
  return preferencesSchema.parse({
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    reminderSettings: { ...current.reminderSettings, ...patch.reminderSettings },
    privacySettings: { ...current.privacySettings, ...patch.privacySettings },
  });
}
