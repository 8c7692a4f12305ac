import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { pageLink } from '../catalog/pageLinks.js';
import { encodeCursor, type PageCursor } from './notificationCursor.js';

/**
 * `next` and `previous` of a notification page: DRF's absolute page links (the request's URL with
 * `page` replaced, every other parameter kept) with the `cursor` of the target page set, or removed
 * when there is none, so a stale cursor from the request is never passed on.
 */
export function notificationPageLink(event: APIGatewayProxyEventV2, page: number, cursor: PageCursor | undefined): string {
  const url = new URL(pageLink(event, page));
  if (cursor) url.searchParams.set('cursor', encodeCursor(cursor));
  else url.searchParams.delete('cursor');
  return url.toString();
}
