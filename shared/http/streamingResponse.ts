import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * A streamed response (issue 19, SSE): the group handler returns the usual structured result (status,
 * headers) and carries the body as an async iterable of text chunks under a symbol, invisible to JSON.
 * Whoever serves the result writes the chunks as they come: the streaming Lambda entry
 * (awslambda.streamifyResponse + HttpResponseStream, lambdas/chatStream/handler.ts) or the local
 * server. A non-streamed result has no such property and is written as before.
 */
const STREAM_BODY = Symbol.for('cairn.streamBody');

export type StreamedResult = APIGatewayProxyStructuredResultV2 & { [STREAM_BODY]?: AsyncIterable<string> };

export function withStreamBody(result: APIGatewayProxyStructuredResultV2, body: AsyncIterable<string>): StreamedResult {
  Object.defineProperty(result, STREAM_BODY, { value: body, enumerable: false });
  return result;
}

export function streamBodyOf(result: APIGatewayProxyStructuredResultV2): AsyncIterable<string> | undefined {
  return (result as StreamedResult)[STREAM_BODY];
}

/** One server-sent event carrying a JSON object. */
export function sseData(event: unknown): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

export const SSE_HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' } as const;
