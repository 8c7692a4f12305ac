import type { Profile } from '../identity/profile.js';
import { MIB } from '../domain/uploadPlan.js';
import type { UploadPurpose } from './fileTypes.js';

/**
 * Largest file an upload may declare, per subscription plan (the profile's `plan`, seed 002's
 * free / premium / enterprise) and purpose. Seed 002 names the error (`MEDIA_SIZE_EXCEEDED`) but no
 * figures; these are Cairn's: a lesson video of an hour in 1080p is ~1–2 GiB, so free instructors get
 * 512 MiB, premium 5 GiB, enterprise 20 GiB; a personal course's notes, PDFs and images are far
 * smaller (25 / 100 / 250 MiB) and go up in one PUT.
 */
export const UPLOAD_LIMITS_BYTES: Record<UploadPurpose, Record<Profile['plan'], number>> = {
  media: { free: 512 * MIB, premium: 5 * 1024 * MIB, enterprise: 20 * 1024 * MIB },
  content: { free: 25 * MIB, premium: 100 * MIB, enterprise: 250 * MIB },
};

/** The caller's limit; a caller without a profile (tokens minted outside sign-up) is on the free plan. */
export function uploadLimitBytes(purpose: UploadPurpose, plan: Profile['plan'] | undefined): number {
  return UPLOAD_LIMITS_BYTES[purpose][plan ?? 'free'];
}

/** How long an upload session's URLs are valid (seed 002's example: two hours). */
export const UPLOAD_URL_TTL_SECONDS = 2 * 3600;
/** `complete` is accepted until an hour after the URLs expire (an upload that finished just in time). */
export const UPLOAD_COMPLETE_GRACE_SECONDS = 3600;
/** A completed session is kept this long so a repeated `complete` answers the same media. */
export const COMPLETED_SESSION_TTL_SECONDS = 7 * 24 * 3600;
