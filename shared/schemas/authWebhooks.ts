import * as z from 'zod';
import { tenantIdSchema } from '../auth/principal.js';
import { lazySchema } from './lazySchema.js';

/** The account lifecycle webhook (issue 20, seed 002) and its signing-secret administration. Strict. */

export const AUTH_WEBHOOK_EVENT_TYPES = ['user.created', 'user.updated', 'user.deleted', 'session.created', 'session.ended'] as const;
export const AUTH_WEBHOOK_BODY_BYTES = 16 * 1024;

export const authWebhookQuery = lazySchema(() => z.object({ tenant: tenantIdSchema }).strict());

export const authWebhookEvent = lazySchema(() => z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'An event id'),
    type: z.enum(AUTH_WEBHOOK_EVENT_TYPES),
    occurred_at: z.iso.datetime({ offset: true }),
    data: z
      .object({
        user_id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'The Cairn user id (the account\'s token subject)'),
        full_name: z.string().trim().min(1).max(200).optional(),
        first_name: z.string().trim().min(1).max(100).optional(),
        last_name: z.string().trim().min(1).max(100).optional(),
        avatar_url: z.url({ protocol: /^https$/ }).max(2048).nullable().optional(),
        session_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/).optional(),
      })
      .strict(),
  })
  .strict());

export const authWebhookAck = lazySchema(() => z.object({ received: z.literal(true), event_id: z.string(), outcome: z.enum(['processed', 'recorded', 'ignored']) }));

export const setSigningSecretBody = lazySchema(() => z
  .object({ secret: z.string().regex(/^[\x21-\x7e]{32,256}$/, '32–256 printable characters without spaces').optional() })
  .strict());

export const signingSecretStatus = lazySchema(() => z.object({ configured: z.boolean(), version: z.number().int().nullable(), created_at: z.string().nullable(), previous_valid_until: z.string().nullable() }));

export const signingSecretSet = lazySchema(() => signingSecretStatus.extend({ secret: z.string().nullable() }));
