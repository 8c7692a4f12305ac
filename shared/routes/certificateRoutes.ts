import * as s from '../schemas/certificates.js';
import type { RouteDefinition } from './types.js';

/**
 * The certificates group (issue 23): the caller's certificates, one certificate (the learner, the
 * course's instructors, org admins), the public verification page (no token; anonymous callers are
 * limited per client IP by the `anonymous` class, 100/hour, seed 002 "Anonymous requests"), an org
 * admin's revocation with a reason, and the learner's public-verification switch. Seed 002 style.
 */
const rest = { group: 'certificates', auth: { kind: 'authenticated' }, rateClass: 'authenticated-hourly', style: 'rest002', envelope: 'bare', tags: ['certificates'] } as const;

export const CERTIFICATE_ROUTES: RouteDefinition[] = [
  {
    ...rest,
    id: 'certificates.list',
    method: 'GET',
    path: '/api/v1/certificates/',
    summary: "The caller's certificates (course completions and seed 001 tutorials), newest first, each with a presigned certificate_url while issued; public_verification is the caller's switch",
    response: { status: 200, description: 'The certificates', schema: s.certificateList },
  },
  {
    ...rest,
    id: 'certificates.getSettings',
    method: 'GET',
    path: '/api/v1/certificates/settings/',
    summary: "Whether the caller's certificates can be verified publicly",
    response: { status: 200, description: 'The switch', schema: s.certificateSettings },
  },
  {
    ...rest,
    id: 'certificates.putSettings',
    method: 'PUT',
    path: '/api/v1/certificates/settings/',
    summary: "Switches public verification of all the caller's certificates on or off (off: verify answers 404)",
    request: { body: s.certificateSettingsBody },
    response: { status: 200, description: 'The switch', schema: s.certificateSettings },
  },
  {
    ...rest,
    id: 'certificates.get',
    method: 'GET',
    path: '/api/v1/certificates/{id}/',
    summary: 'One certificate with its presigned certificate_url (while issued): for the learner, the instructors of its course and org admins; 404 for anyone else and other tenants',
    request: { params: s.certificateParams },
    response: { status: 200, description: 'The certificate', schema: s.certificateData },
  },
  {
    ...rest,
    id: 'certificates.verify',
    method: 'GET',
    path: '/api/v1/certificates/{id}/verify/',
    auth: { kind: 'public' },
    rateClass: 'anonymous',
    summary: 'Public verification, no token: name, title, organization, issue date and status (issued or revoked); no email or user id. 404 for an unknown id and when the learner has switched public verification off',
    request: { params: s.certificateParams },
    response: { status: 200, description: 'What the certificate shows and its status', schema: s.certificateVerification },
  },
  {
    ...rest,
    id: 'certificates.revoke',
    method: 'POST',
    path: '/api/v1/certificates/{id}/revoke/',
    auth: { kind: 'authenticated', roles: ['org_admin'] },
    summary: 'Revokes a certificate with a reason (org admins of its tenant); verification then shows revoked. Revoking again changes nothing',
    request: { params: s.certificateParams, body: s.revokeCertificateBody },
    response: { status: 200, description: 'The revoked certificate', schema: s.certificateData },
  },
];
