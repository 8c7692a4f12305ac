import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Seed 002 page links (`next`/`previous`), absolute like Django REST framework's: the request's own
 * URL with `page` replaced and every other query parameter kept. As in DRF, the link to page 1 carries
 * no `page` parameter. Local hosts get http, everything else https (API Gateway only speaks https).
 */
export function pageLink(event: APIGatewayProxyEventV2, page: number): string {
  // The API's own domain, never a client-supplied forwarding header (links must not point elsewhere).
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  const proto = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
  const params = new URLSearchParams(event.rawQueryString ?? '');
  params.delete('page');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `${proto}://${host}${event.rawPath}${query ? `?${query}` : ''}`;
}

/** `next` and `previous` for a page of `totalPages`; null past either end. */
export function pageLinks(event: APIGatewayProxyEventV2, page: number, totalPages: number): { next: string | null; previous: string | null } {
  return {
    next: page < totalPages ? pageLink(event, page + 1) : null,
    previous: page > 1 ? pageLink(event, Math.min(page - 1, totalPages)) : null,
  };
}
