import { startLocalServer } from '../../bin/local/localServer.js';
import { chatHandlers } from '../../lambdas/chat/handler.js';
import { chatStreamHandlers, routedEvent } from '../../lambdas/chatStream/handler.js';
import { RETRIEVAL_LABEL } from '../../shared/ai/localModel.js';
import { setAiModelsForTests } from '../../shared/ai/modelProvider.js';
import { corsConfig } from '../../shared/http/corsConfig.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { person, personalCourse, storePlan, type Person } from '../support/ai.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * The SSE route through the local server over real HTTP (issue 19): a message posted with
 * `stream: true`, then `GET /api/chat/{course_id}/stream?after=<messageId>` read as it arrives.
 */
let server: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  setAiModelsForTests(undefined);
  const groups: Record<string, ReturnType<typeof createGroupHandler>> = {
    chat: createGroupHandler('chat', ROUTES, chatHandlers),
    chatStream: createGroupHandler('chatStream', ROUTES, chatStreamHandlers),
  };
  server = await startLocalServer({
    port: 0,
    routes: ROUTES,
    loadGroupHandler: async (group) => {
      const handler = groups[group];
      if (!handler) throw new Error(`group ${group} not loaded in this test`);
      return handler;
    },
    cors: corsConfig(['*']),
    openApiDocument: () => ({}),
  });
});
afterAll(async () => server.close());

interface SseEvent {
  type: string;
  content?: string;
  messageId: string;
  [key: string]: unknown;
}

/** Reads the stream chunk by chunk and parses `data:` events in arrival order. */
async function readEvents(url: string, token: string): Promise<{ status: number; contentType: string | null; events: SseEvent[]; chunks: number }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  const events: SseEvent[] = [];
  let chunks = 0;
  let buffer = '';
  const reader = response.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks += 1;
    buffer += new TextDecoder().decode(value);
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as SseEvent);
    }
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events, chunks };
}

async function post(who: Person, courseId: string, body: unknown) {
  const response = await fetch(`${server.url}/api/chat/${courseId}/message`, { method: 'POST', headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data: { messageId: string; streamUrl: string; status: string; autoLogged: unknown } } };
}

describe('SSE stream from the local server', () => {
  it('streams token events in order, then suggestions, then complete with the auto-log; a reconnect replays the stored answer', async () => {
    const me = person(uniqueTenant('sse'));
    await storePlan(me.userId, 'premium');
    const courseId = await personalCourse(me, { topic: 'Shoulder press technique', goals: ['press form'] });
    const posted = await post(me, courseId, { message: 'I felt my back pull during shoulder press, is that normal?', context: { current_exercise: 'shoulder_press', weight: '25lbs', reps_completed: 5 }, stream: true });
    expect(posted.status).toBe(202);
    expect(posted.body.data).toMatchObject({ status: 'pending', streamUrl: `/api/chat/${courseId}/stream?after=${posted.body.data.messageId}` });

    const live = await readEvents(`${server.url}${posted.body.data.streamUrl}`, me.token);
    expect(live.status).toBe(200);
    expect(live.contentType).toBe('text/event-stream; charset=utf-8');
    const types = live.events.map((e) => e.type);
    const firstOther = types.findIndex((t) => t !== 'token');
    expect(firstOther).toBeGreaterThan(0);
    expect(types.slice(firstOther).every((t) => t === 'suggestion' || t === 'complete')).toBe(true);
    expect(types.at(-1)).toBe('complete');
    const text = live.events.filter((e) => e.type === 'token').map((e) => e.content).join('');
    expect(text.startsWith(RETRIEVAL_LABEL)).toBe(true);
    for (const event of live.events) expect(event.messageId).toBe(posted.body.data.messageId);
    expect(live.events.at(-1)).toMatchObject({ type: 'complete', autoLogged: { exercise: 'shoulder_press', reps: 5, needsAttention: true }, memoryUpdate: { type: 'struggle', key: 'shoulder_press_form' } });

    const again = await readEvents(`${server.url}${posted.body.data.streamUrl}`, me.token);
    expect(again.events.filter((e) => e.type === 'token').map((e) => e.content).join('')).toBe(text);
    expect(again.events.at(-1)!.type).toBe('complete');

    const history = await fetch(`${server.url}/api/chat/${courseId}/history`, { headers: { authorization: `Bearer ${me.token}` } });
    const page = (await history.json()) as { data: { messageType: string; content: string }[] };
    expect(page.data.find((m) => m.messageType === 'assistant')?.content).toBe(text);
  });

  it('answers 404 JSON before any event for another user or tenant, 401 without a token, 400 without `after`', async () => {
    const me = person(uniqueTenant('sse'));
    await storePlan(me.userId, 'premium');
    const courseId = await personalCourse(me);
    const posted = await post(me, courseId, { message: 'hello', stream: true });
    const url = `${server.url}${posted.body.data.streamUrl}`;
    for (const intruder of [person(me.tenantId), person(uniqueTenant('other'), ['learner'], me.userId)]) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${intruder.token}` } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${server.url}/api/chat/${courseId}/stream`, { headers: { authorization: `Bearer ${me.token}` } })).status).toBe(400);
  });

  it('routes a Function URL event (routeKey $default) to the stream route', () => {
    const event = routedEvent({ version: '2.0', routeKey: '$default', rawPath: '/api/chat/c-1/stream', rawQueryString: 'after=m1', headers: {}, isBase64Encoded: false, requestContext: { http: { method: 'GET', path: '/api/chat/c-1/stream', sourceIp: '1.2.3.4', protocol: 'HTTP/1.1', userAgent: 'x' } } as never });
    expect(event.routeKey).toBe('GET /api/chat/{course_id}/stream');
    expect(event.pathParameters).toEqual({ course_id: 'c-1' });
  });
});
