import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { chatCaller, chatMeta } from '../../shared/ai/chatCaller.js';
import { openChatStream } from '../../shared/ai/chatService.js';
import { createGroupHandler, type LambdaHttpHandler } from '../../shared/http/createGroupHandler.js';
import type { RouteHandlers } from '../../shared/http/routeHandler.js';
import { sseData, streamBodyOf } from '../../shared/http/streamingResponse.js';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import { CHAT_STREAM_ROUTES } from '../../shared/routes/chatStreamRoutes.js';
import { routeKeyOf } from '../../shared/routes/types.js';
import type * as s from '../../shared/schemas/chat.js';

const input = <T extends z.ZodType>(value: unknown) => value as z.output<T>;

async function* encoded(events: AsyncIterable<unknown>): AsyncIterable<string> {
  for await (const event of events) yield sseData(event);
}

/** Route id → handler: the checks run before the first byte; the events are the body. */
export const chatStreamHandlers: RouteHandlers = {
  'chatStream.stream': async (ctx) => {
    const events = await openChatStream(chatCaller(ctx), input<typeof s.chatCourseParams>(ctx.params).course_id, input<typeof s.streamQuery>(ctx.query).after, chatMeta(ctx));
    return { stream: encoded(events) };
  },
};

/** The group's handler with the ordinary middy stack (auth, rate limit, validation), as the local server and tests call it. */
export const httpHandler: LambdaHttpHandler = createGroupHandler('chatStream', CHAT_STREAM_ROUTES, chatStreamHandlers);

/**
 * A Function URL invokes with routeKey `$default`: resolve the route from the path as API Gateway
 * would, so the shared stack sees the same event shape as behind the HTTP API.
 */
const match = createRouteMatcher(CHAT_STREAM_ROUTES);
export function routedEvent(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const matched = match(event.requestContext?.http?.method ?? 'GET', event.rawPath ?? '/');
  if (!matched || matched.route.path === '$default') return event;
  return { ...event, routeKey: routeKeyOf(matched.route), pathParameters: matched.pathParameters };
}

interface ResponseStream {
  write(chunk: string): void;
  end(): void;
}
interface AwsLambdaGlobal {
  streamifyResponse(fn: (event: APIGatewayProxyEventV2, stream: ResponseStream, context: Context) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: ResponseStream, metadata: { statusCode: number; headers: Record<string, string> }): ResponseStream };
}

/**
 * Lambda entry. In the Lambda runtime (the `awslambda` global has streamifyResponse) the function answers through
 * its Function URL in RESPONSE_STREAM mode: status and headers first (HttpResponseStream.from), then
 * each event as it is produced; an error found before streaming is written as its JSON body. Outside
 * the runtime (the bundle boot test) it is the plain handler.
 */
// `globalThis.awslambda` alone is not proof (@aws/lambda-invoke-store, via Powertools, creates it); streamifyResponse is.
const candidate = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
const runtime = typeof candidate?.streamifyResponse === 'function' && candidate.HttpResponseStream ? (candidate as AwsLambdaGlobal) : undefined;
export const handler = runtime
  ? runtime.streamifyResponse(async (event, responseStream, context) => {
      const result = await httpHandler(routedEvent(event), context);
      const out = runtime.HttpResponseStream.from(responseStream, { statusCode: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string> });
      const body = streamBodyOf(result);
      if (body) for await (const chunk of body) out.write(chunk);
      else if (result.body) out.write(result.body);
      out.end();
    })
  : httpHandler;
