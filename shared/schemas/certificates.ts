import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * Contracts of the certificates routes (issue 23), seed 002 style (snake_case, bare bodies). Requests
 * are strict: an unknown field (a `status`, `user_id` or `tenant`) is a 400 naming it.
 */
export const certificateParams = lazySchema(() => z
  .object({ id: z.string().min(1).max(100) })
  .strict()
  .meta({ id: 'CertificateParams' }));

export const revokeCertificateBody = lazySchema(() => z
  .object({ reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500) })
  .strict()
  .meta({ id: 'RevokeCertificateBody' }));
export type RevokeCertificateBody = z.infer<typeof revokeCertificateBody>;

export const certificateSettingsBody = lazySchema(() => z
  .object({ public_verification: z.boolean() })
  .strict()
  .meta({ id: 'CertificateSettingsBody' }));
export type CertificateSettingsBody = z.infer<typeof certificateSettingsBody>;

export const certificateSettings = lazySchema(() => z.object({ public_verification: z.boolean() }).meta({ id: 'CertificateSettings' }));

const status = lazySchema(() => z.enum(['issued', 'revoked']));

export const certificateData = lazySchema(() => z
  .object({
    certificate_id: z.string(),
    kind: z.enum(['course', 'tutorial']),
    course_id: z.string().nullable(),
    tutorial_id: z.string().nullable(),
    title: z.string(),
    learner_name: z.string(),
    organization_name: z.string(),
    issued_at: z.string(),
    issued_on: z.string(),
    time_zone: z.string(),
    status,
    revoked_at: z.string().nullable(),
    revoked_reason: z.string().nullable(),
    verification_url: z.string(),
    certificate_url: z.string().nullable(),
  })
  .meta({ id: 'Certificate' }));

export const certificateList = lazySchema(() => z
  .object({ count: z.number().int(), public_verification: z.boolean(), results: z.array(certificateData) })
  .meta({ id: 'CertificateList' }));

export const certificateVerification = lazySchema(() => z
  .object({
    certificate_id: z.string(),
    status,
    valid: z.boolean(),
    learner_name: z.string(),
    title: z.string(),
    kind: z.enum(['course', 'tutorial']),
    organization_name: z.string(),
    issued_on: z.string(),
    revoked_at: z.string().nullable(),
    verification_url: z.string(),
  })
  .meta({ id: 'CertificateVerification' }));
