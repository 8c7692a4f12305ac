import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, ThrottlingException, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { GetCommand } from '../../shared/db/commands.js';
import { mockClient } from 'aws-sdk-client-mock';
import { bedrockEmbedding, bedrockModel } from '../../shared/ai/bedrockModel.js';
import { setAiModelsForTests } from '../../shared/ai/modelProvider.js';
import { aiProviderHealth, resetAiProviderHealth } from '../../shared/ai/providerHealth.js';
import { resilientModel } from '../../shared/ai/resilientModel.js';
import { SYSTEM_PROMPTS } from '../../shared/ai/promptAssembly.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { aiCallKey, aiUsageKey, generatedQuizKey } from '../../shared/db/keys.js';
import { queryCollection } from '../../shared/db/queryCollection.js';
import { aiApi, person, storePlan, type Person } from '../support/ai.js';
import { catalogApi, createCourse, createLesson, createSection } from '../support/catalog.js';
import { uniqueTenant } from '../support/tokens.js';

/**
 * The Bedrock adapter against aws-sdk-client-mock (Bedrock cannot run here): ConverseStream event
 * sequences, throttling that opens the breaker so the fallback model answers, malformed tool output
 * (one repair, then 502), Titan embeddings. The HTTP cases run the real routes and DynamoDB Local.
 */
const PRIMARY = 'amazon.nova-lite-v1:0';
const FALLBACK = 'amazon.nova-micro-v1:0';
const EMBEDDING = 'amazon.titan-embed-text-v2:0';

const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const bedrock = mockClient(client);

function useBedrock(options = { timeoutMs: 2_000, failureThreshold: 3, resetTimeoutMs: 60_000 }) {
  const chat = resilientModel(bedrockModel(PRIMARY, client), bedrockModel(FALLBACK, client), options);
  setAiModelsForTests({ chat, embedding: bedrockEmbedding(EMBEDDING, 256, client) });
  return chat;
}

beforeEach(() => {
  bedrock.reset();
  resetAiProviderHealth();
});
afterAll(() => setAiModelsForTests(undefined));

const call = aiApi();

async function course(tenantId = uniqueTenant('bedrock')) {
  const author = person(tenantId, ['instructor']);
  const courseId = await createCourse(author);
  const sectionId = await createSection(author, courseId);
  const lessonId = await createLesson(author, courseId, sectionId, { title: 'Squats', type: 'reading', description: 'Keep your back straight and your knees over your toes.' });
  await catalogApi({ method: 'POST', path: `/api/v1/instructor/courses/${courseId}/publish/`, token: author.token });
  return { tenantId, author, courseId, sectionId, lessonId };
}

async function* events(list: ConverseStreamOutput[]) {
  for (const event of list) yield event;
}

const request = { system: SYSTEM_PROMPTS.chat, messages: [{ role: 'user' as const, text: '<user_message>\nIs back pain normal?\n</user_message>' }], documents: [], query: 'Is back pain normal?', maxTokens: 100, temperature: 0 };

describe('Bedrock adapter: ConverseStream', () => {
  it('turns the event sequence into text deltas in order and the metadata event into usage', async () => {
    bedrock.on(ConverseStreamCommand).resolves({
      stream: events([
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'No,' } } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ' you' } } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ' shouldn\'t.' } } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        { messageStop: { stopReason: 'end_turn' } },
        { metadata: { usage: { inputTokens: 120, outputTokens: 3, totalTokens: 123 }, metrics: { latencyMs: 40 } } },
      ]),
    });
    const out = [];
    for await (const event of bedrockModel(PRIMARY, client).converseStream(request)) out.push(event);
    expect(out).toEqual([
      { type: 'text', text: 'No,' },
      { type: 'text', text: ' you' },
      { type: 'text', text: ' shouldn\'t.' },
      { type: 'done', usage: { inputTokens: 120, outputTokens: 3 }, modelId: PRIMARY },
    ]);
    const sent = bedrock.commandCalls(ConverseStreamCommand)[0]!.args[0].input;
    expect(sent.modelId).toBe(PRIMARY);
    expect(sent.system).toEqual([{ text: SYSTEM_PROMPTS.chat }]);
    expect(sent.messages).toEqual([{ role: 'user', content: [{ text: request.messages[0]!.text }] }]);
    expect(sent.toolConfig).toBeUndefined();
  });

  it('raises an in-band throttlingException event as ThrottlingException, and the resilient model answers from the fallback before any token', async () => {
    bedrock.on(ConverseStreamCommand, { modelId: PRIMARY }).resolves({ stream: events([{ throttlingException: { name: 'ThrottlingException', message: 'Too many tokens', $fault: 'client', $metadata: {} } as never }]) });
    bedrock.on(ConverseStreamCommand, { modelId: FALLBACK }).resolves({
      stream: events([{ contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Fallback' } } }, { metadata: { usage: { inputTokens: 10, outputTokens: 1, totalTokens: 11 }, metrics: { latencyMs: 1 } } }]),
    });
    const chat = useBedrock();
    const out = [];
    for await (const event of chat.converseStream(request)) out.push(event);
    expect(out).toEqual([{ type: 'text', text: 'Fallback' }, { type: 'done', usage: { inputTokens: 10, outputTokens: 1 }, modelId: FALLBACK, fallbackUsed: true }]);
    expect(aiProviderHealth().models.find((m) => m.role === 'primary')).toMatchObject({ modelId: PRIMARY, failures: 1, lastFailure: { error: 'ThrottlingException' } });
  });
});

describe('Bedrock adapter: throttling opens the breaker and the fallback model answers', () => {
  it('after 3 throttled calls the primary is no longer tried; every answer comes from the fallback, priced at its rate', async () => {
    bedrock.on(ConverseCommand, { modelId: PRIMARY }).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    bedrock.on(ConverseCommand, { modelId: FALLBACK }).resolves({
      output: { message: { role: 'assistant', content: [{ text: 'Keep your back straight.' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 },
      metrics: { latencyMs: 5 },
    });
    const chat = useBedrock();
    const c = await course();
    const learner: Person = person(c.tenantId);
    await storePlan(learner.userId, 'premium');

    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: learner.token, body: { message: `Squat question ${i}`, context: { course_id: c.courseId, lesson_id: c.lessonId } } }));
    }
    for (const answer of answers) expect(answer.body).toMatchObject({ response: 'Keep your back straight.', model: FALLBACK, source: 'model' });
    // 1000 / 1000 × 0.000035 + 500 / 1000 × 0.00014 = 0.000105 USD (Nova Micro list price).
    expect(answers[0]!.body.usage).toEqual({ prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, cost_usd: 0.000105 });
    // The mock replaces send (no SDK retries here): 3 failed calls open the breaker, the next 2 never reach the primary.
    expect(bedrock.commandCalls(ConverseCommand, { modelId: PRIMARY })).toHaveLength(3);
    expect(bedrock.commandCalls(ConverseCommand, { modelId: FALLBACK })).toHaveLength(5);
    expect(chat.breakers.primary.state).toBe(1); // CircuitState.Open
    const health = aiProviderHealth();
    expect(health.fallbackAnswers).toBe(5);
    expect(health.models.find((m) => m.role === 'primary')).toMatchObject({ state: 'open', failures: 3, shortCircuited: 2, successes: 0 });
    expect(health.models.find((m) => m.role === 'fallback')).toMatchObject({ state: 'closed', successes: 5, failures: 0 });
    const calls = await queryCollection(aiCallKey(c.tenantId, learner.userId, '', '').pk, { skPrefix: 'C#', consistent: true });
    expect(calls).toHaveLength(5);
    expect(calls[0]).toMatchObject({ modelId: FALLBACK, fallbackUsed: true, inputTokens: 1000, outputTokens: 500, costUsd: 0.000105 });
  });

  it('answers 503 AI_SERVICE_ERROR and gives the request back when both models are throttled', async () => {
    bedrock.on(ConverseCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    useBedrock();
    const c = await course();
    const learner = person(c.tenantId);
    const response = await call({ method: 'POST', path: '/api/v1/ai-assistant/chat/send/', token: learner.token, body: { message: 'Squats?', context: { course_id: c.courseId } } });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('AI_SERVICE_ERROR');
    const usage = await documentClient().send(new GetCommand({ TableName: tableName(), Key: aiUsageKey(learner.userId), ConsistentRead: true }));
    expect(usage.Item).toMatchObject({ dayCount: 0, monthCount: 0 });
  });
});

describe('Bedrock adapter: malformed tool output', () => {
  const toolReply = (input: unknown) => ({
    output: { message: { role: 'assistant' as const, content: [{ toolUse: { toolUseId: 't1', name: 'emit_quiz', input: input as never } }] } },
    stopReason: 'tool_use' as const,
    usage: { inputTokens: 200, outputTokens: 100, totalTokens: 300 },
    metrics: { latencyMs: 5 },
  });
  const question = (correct: number) => ({ type: 'multiple_choice', question: 'Where do the knees go?', options: ['Over the toes', 'Inwards', 'Outwards', 'Behind'], correct_answer: correct, explanation: 'From the lesson' });
  const quiz = (c: Awaited<ReturnType<typeof course>>, who: Person) =>
    call({ method: 'POST', path: '/api/v1/ai-assistant/agents/quiz/', token: who.token, body: { lesson_id: c.lessonId, course_id: c.courseId, topics: ['squats'], question_count: 2, question_types: ['multiple_choice'] } });

  it('asks for one repair with the issues, then answers 502 AI_INVALID_OUTPUT, stores nothing and refunds the request', async () => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(toolReply({ questions: [question(0)] })) // one question instead of two
      .resolvesOnce(toolReply({ questions: [question(0), question(7)] })); // index 7 of 4 options
    useBedrock();
    const c = await course();
    const learner = person(c.tenantId);
    const response = await quiz(c, learner);
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('AI_INVALID_OUTPUT');
    expect(response.body.error.message).toBe('The model returned an invalid quiz twice; nothing was saved');
    expect(response.body.error.details[0].message).toContain('questions.1.correct_answer: Index 7 is outside the 4 options');
    const sent = bedrock.commandCalls(ConverseCommand);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.args[0].input.toolConfig?.toolChoice).toEqual({ tool: { name: 'emit_quiz' } });
    const repairTurn = sent[1]!.args[0].input.messages!.at(-1)!.content![0]!.text!;
    expect(repairTurn).toContain('questions: Exactly 2 questions');
    const usage = await documentClient().send(new GetCommand({ TableName: tableName(), Key: aiUsageKey(learner.userId), ConsistentRead: true }));
    expect(usage.Item).toMatchObject({ dayCount: 0, monthCount: 0 });
    expect(await queryCollection(generatedQuizKey(c.tenantId, learner.userId, '').pk, { consistent: true })).toHaveLength(0);
    // Both attempts were paid to Bedrock: the call record says so (2 × 200 in, 2 × 100 out).
    const calls = await queryCollection(aiCallKey(c.tenantId, learner.userId, '', '').pk, { skPrefix: 'C#', consistent: true });
    expect(calls[0]).toMatchObject({ inputTokens: 400, outputTokens: 200 });
  });

  it('accepts a repaired answer', async () => {
    bedrock.on(ConverseCommand).resolvesOnce(toolReply({ questions: [question(9)] })).resolvesOnce(toolReply({ questions: [question(0), question(1)] }));
    useBedrock();
    const c = await course();
    const response = await quiz(c, person(c.tenantId));
    expect(response.status).toBe(200);
    expect(response.body.questions.map((q: { correct_answer: number }) => q.correct_answer)).toEqual([0, 1]);
    expect(response.body.usage).toMatchObject({ prompt_tokens: 400, completion_tokens: 200 });
  });
});

describe('Bedrock adapter: Titan Text Embeddings V2', () => {
  it('sends inputText, dimensions and normalize, and stores the memory with the Titan model id', async () => {
    const vector = Array.from({ length: 256 }, (_, i) => (i === 3 ? 1 : 0));
    bedrock.on(InvokeModelCommand).resolves({ body: new TextEncoder().encode(JSON.stringify({ embedding: vector, inputTextTokenCount: 7 })) as never, contentType: 'application/json' });
    useBedrock();
    const learner = person(uniqueTenant('bedrock'));
    const stored = await call({ method: 'POST', path: '/api/memory/store', token: learner.token, body: { memory_type: 'goal', key: 'deadlift_100kg', value: 'Deadlift 100 kg by summer' } });
    expect(stored.status).toBe(201);
    expect(stored.body.data.embeddingModel).toBe(EMBEDDING);
    const sent = bedrock.commandCalls(InvokeModelCommand)[0]!.args[0].input;
    expect(sent.modelId).toBe(EMBEDDING);
    expect(JSON.parse(sent.body as string)).toEqual({ inputText: 'goal: deadlift 100kg: Deadlift 100 kg by summer', dimensions: 256, normalize: true });
    const found = await call({ method: 'GET', path: '/api/memory/retrieve?query=deadlift', token: learner.token });
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0].score).toBe(1);
  });
});
