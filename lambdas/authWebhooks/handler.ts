import type { z } from 'zod';
import { applyAuthWebhookEvent } from '../../shared/authWebhooks/authWebhookEvents.js';
import { verifyAuthWebhook } from '../../shared/authWebhooks/authWebhookSignature.js';
import { setSigningSecret, signingSecretStatus, validSigningSecrets, type SecretStatus } from '../../shared/authWebhooks/webhookSecretStore.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { ValidationError } from '../../shared/http/errors.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { AUTH_WEBHOOK_ROUTES } from '../../shared/routes/authWebhookRoutes.js';
import type * as s from '../../shared/schemas/authWebhooks.js';

const MESSAGES = {
  signature_missing: 'The X-Supabase-Signature header is required',
  signature_malformed: 'The signature header is not of the form t=<unix seconds>,v1=<hex>',
  timestamp_outside_tolerance: 'The signature timestamp is outside the 300 s tolerance',
  signature_invalid: 'The signature does not match the payload',
} as const;

const presentStatus = (status: SecretStatus) => ({ configured: status.configured, version: status.version, created_at: status.createdAt, previous_valid_until: status.previousValidUntil });

/** Route id → handler of the authWebhooks group. */
export const authWebhooksHandlers: RouteHandlers = {
  'authWebhooks.receiveEvent': async (ctx) => {
    const { tenant } = ctx.query as z.output<typeof s.authWebhookQuery>;
    const raw = ctx.event.body ?? '';
    const rawBody = ctx.event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    // A tenant without a secret cannot have signed anything: the same 400 as a wrong signature.
    const failure = verifyAuthWebhook(ctx.event.headers?.['x-supabase-signature'], rawBody, await validSigningSecrets(tenant, ctx.now), ctx.now);
    if (failure) throw new ValidationError([{ field: 'headers.x-supabase-signature', message: MESSAGES[failure], code: failure }], 'Webhook signature verification failed');
    const event = ctx.body as z.output<typeof s.authWebhookEvent>;
    const outcome = await applyAuthWebhookEvent(tenant, event, ctx.now);
    ctx.log.info('auth webhook', { tenant, eventId: event.id, eventType: event.type, outcome });
    // user.deleted → erasure (issue 20): the request item is written with the event; start the workflow.
    if (event.type === 'user.deleted' && outcome === 'processed') await (await import('../../shared/privacy/erasureService.js')).startErasureFromWebhook(tenant, event.data.user_id, (message, fields) => ctx.log.warn(message, fields));
    return { data: { received: true, event_id: event.id, outcome } };
  },
  'authWebhooks.setSigningSecret': async (ctx) => {
    const { secret } = ctx.body as z.output<typeof s.setSigningSecretBody>;
    const result = await setSigningSecret(ctx.tenantId, secret, ctx.now);
    ctx.log.info('auth webhook secret set', { version: result.version, generated: result.secret !== null });
    return { data: { ...presentStatus(result), secret: result.secret } };
  },
  'authWebhooks.getSigningSecret': async (ctx) => ({ data: presentStatus(await signingSecretStatus(ctx.tenantId, ctx.now)) }),
};

/** The authWebhooks group's Lambda; tests build it with their own options. */
export function createAuthWebhooksHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('authWebhooks', AUTH_WEBHOOK_ROUTES, authWebhooksHandlers, options);
}

/** Lambda entry of the authWebhooks group. */
export const handler = createAuthWebhooksHandler();
