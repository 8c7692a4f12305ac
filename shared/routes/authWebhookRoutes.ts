import * as s from '../schemas/authWebhooks.js';
import type { RouteDefinition } from './types.js';

/**
 * The account lifecycle webhook (issue 20, seed 002 `POST /api/v1/auth/webhooks/auth/`), group
 * `authWebhooks`, for tenants whose accounts live in an external identity provider, and the org
 * admin's routes that set (rotate) and inspect the tenant's signing secret. The webhook has no token:
 * the HMAC signature with the tenant's secret is its authentication, checked before anything is written;
 * like the Stripe webhook it is not rate limited (an identity provider's burst of sign-ins must not be
 * refused), and an unsigned delivery costs one GetItem.
 */
const base = { group: 'authWebhooks', style: 'rest002', envelope: 'bare', tags: ['auth'] } as const;
const admins = { kind: 'authenticated', roles: ['org_admin'] } as const;

export const AUTH_WEBHOOK_ROUTES: RouteDefinition[] = [
  {
    ...base,
    id: 'authWebhooks.receiveEvent',
    method: 'POST',
    path: '/api/v1/auth/webhooks/auth/',
    auth: { kind: 'public' },
    rateClass: 'none',
    maxBodyBytes: s.AUTH_WEBHOOK_BODY_BYTES,
    summary:
      'Identity-provider account events for ?tenant=<id>: X-Supabase-Signature `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the tenant\'s secret, 300 s tolerance, each event id accepted once (else 400, nothing written); user.updated syncs the profile, session.* are recorded, user.deleted marks the account for erasure, user.created is recorded',
    request: { query: s.authWebhookQuery, body: s.authWebhookEvent },
    response: { status: 200, description: 'Acknowledged', schema: s.authWebhookAck },
  },
  {
    ...base,
    id: 'authWebhooks.setSigningSecret',
    method: 'PUT',
    path: '/api/v1/auth/webhooks/auth/secret/',
    auth: admins,
    rateClass: 'auth',
    summary: 'Set or rotate the tenant\'s webhook signing secret (org admin): the one given, or a generated one returned this once; the previous secret stays valid for 24 h',
    request: { body: s.setSigningSecretBody },
    response: { status: 200, description: 'The secret\'s status (and the generated secret)', schema: s.signingSecretSet },
  },
  {
    ...base,
    id: 'authWebhooks.getSigningSecret',
    method: 'GET',
    path: '/api/v1/auth/webhooks/auth/secret/',
    auth: admins,
    rateClass: 'standard',
    summary: 'Whether the tenant has a webhook signing secret, its version and dates (never the secret)',
    response: { status: 200, description: 'The secret\'s status', schema: s.signingSecretStatus },
  },
];
