import { docsAssetParams, docsPageResponse, openApiResponse } from '../schemas/apiDocs.js';
import { healthResponseSchema, readyResponseSchema } from '../schemas/health.js';
import { CATCH_ALL_ROUTE } from './catchAllRoute.js';
import type { RouteDefinition } from './types.js';

/**
 * The system group: health, readiness, the API reference (issue 22) and the catch-all 404. The reference
 * page's routes arrive through the catch-all in AWS (`gateway: 'catchAll'`: no API Gateway routes of their own).
 */
export const SYSTEM_ROUTES: RouteDefinition[] = [
  {
    id: 'system.health',
    method: 'GET',
    path: '/api/v1/health',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    summary: 'Service health with a real table check (seed 003 §9); 503 when the table is unreachable',
    tags: ['system'],
    response: { status: 200, description: 'Health report', schema: healthResponseSchema },
  },
  {
    id: 'system.ready',
    method: 'GET',
    path: '/ready',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    summary: 'Readiness: 200 when the table answers, else 503',
    tags: ['system'],
    response: { status: 200, description: 'Ready', schema: readyResponseSchema },
  },
  {
    id: 'system.openApi',
    method: 'GET',
    path: '/openapi.json',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    gateway: 'catchAll',
    summary: 'This OpenAPI 3.1 document, generated from the route table (docs/openapi.json)',
    tags: ['developer portal'],
    response: { status: 200, description: 'The OpenAPI document', schema: openApiResponse },
  },
  {
    id: 'system.docs',
    method: 'GET',
    path: '/docs',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    gateway: 'catchAll',
    summary: 'The API reference page (Swagger UI, served from the swagger-ui-dist package; no CDN)',
    tags: ['developer portal'],
    response: { status: 200, description: 'The HTML page', schema: docsPageResponse, contentType: 'text/html' },
  },
  {
    id: 'system.docsAsset',
    method: 'GET',
    path: '/docs/{asset}',
    group: 'system',
    auth: { kind: 'public' },
    rateClass: 'none',
    style: 'rest003',
    envelope: 'bare',
    gateway: 'catchAll',
    summary: 'A file of the reference page (script, style sheet, icon); gzip when the client accepts it',
    tags: ['developer portal'],
    request: { params: docsAssetParams },
    response: { status: 200, description: 'The file', schema: docsPageResponse, contentType: '*/*' },
  },
  CATCH_ALL_ROUTE,
];
