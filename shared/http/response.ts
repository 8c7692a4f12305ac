import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RequestState } from './requestState.js';
import { SECURITY_HEADERS } from './responseHeaders.js';

/** Assembles the API Gateway v2 result: JSON body, security headers, request id, per-request headers. */
export function buildResponse(
  state: RequestState,
  statusCode: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ...state.responseHeaders,
    ...extraHeaders,
    'X-Request-ID': state.requestId,
  };
  if (body === undefined || statusCode === 204) {
    delete headers['Content-Type'];
    return { statusCode, headers };
  }
  return { statusCode, headers, body: JSON.stringify(body) };
}
