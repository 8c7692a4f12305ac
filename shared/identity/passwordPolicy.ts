import * as z from 'zod';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * The password policy, declared once: CDK configures the Cognito user pool with it (which enforces it
 * in AWS), the local Cognito pool is created with it, and the sign-up schemas check it up front so a
 * weak password is a VALIDATION_ERROR on `password` with the unmet rules, before any Cognito call.
 */
export const PASSWORD_POLICY = {
  minLength: 12,
  maxLength: 256,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** Cognito's accepted symbol set. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

export const passwordSchema = lazySchema(() => z
  .string()
  .min(PASSWORD_POLICY.minLength, `Password must be at least ${PASSWORD_POLICY.minLength} characters`)
  .max(PASSWORD_POLICY.maxLength, `Password must be at most ${PASSWORD_POLICY.maxLength} characters`)
  .refine((p) => /[a-z]/.test(p), 'Password must contain a lowercase letter')
  .refine((p) => /[A-Z]/.test(p), 'Password must contain an uppercase letter')
  .refine((p) => /[0-9]/.test(p), 'Password must contain a digit')
  .refine((p) => SYMBOLS.test(p), 'Password must contain a symbol'));
