import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  type ContentBlock,
  type ConverseCommandInput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import type { EmbeddingPort, ModelPort, ModelReply, ModelRequest, StreamEvent } from './modelPort.js';

/**
 * The Amazon Bedrock adapter of the model port. Loaded only by the routes that call a model (a
 * dynamic import in modelProvider.ts), so the Bedrock client is in no other function's cold start.
 *
 * - Text: Converse / ConverseStream. The system prompt goes in `system`, the conversation in
 *   `messages`; retrieved documents are already inside the (delimited) user turn (promptAssembly.ts).
 * - Structured answers: one tool in `toolConfig` with `toolChoice: {tool: {name}}`, so the model must
 *   answer with a `toolUse` block whose `input` is the JSON (validated by structuredOutput.ts).
 * - Usage: `usage` of Converse, the `metadata` event of ConverseStream.
 * - Embeddings: Titan Text Embeddings V2 through InvokeModel (`dimensions` 256/512/1024, normalised).
 *
 * Errors are the SDK's (ThrottlingException, ServiceUnavailableException, ModelTimeoutException, …);
 * a stream's in-band exception event is rethrown as an Error of the same name, so the resilience layer
 * classifies both alike.
 */
let sharedClient: BedrockRuntimeClient | undefined;

/** One client per container (region from the environment); tests pass their own or mock the class. */
export function bedrockClient(): BedrockRuntimeClient {
  return (sharedClient ??= new BedrockRuntimeClient({ maxAttempts: 2 }));
}

function converseInput(modelId: string, request: ModelRequest): ConverseCommandInput {
  const messages: Message[] = request.messages.map((turn) => ({ role: turn.role, content: [{ text: turn.text }] }));
  return {
    modelId,
    system: [{ text: request.system }],
    messages,
    inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
    ...(request.tool
      ? {
          toolConfig: {
            tools: [{ toolSpec: { name: request.tool.name, description: request.tool.description, inputSchema: { json: request.tool.inputSchema as never } } }],
            toolChoice: { tool: { name: request.tool.name } },
          },
        }
      : {}),
  };
}

function replyOf(modelId: string, content: ContentBlock[] | undefined, usage: { inputTokens?: number; outputTokens?: number } | undefined): ModelReply {
  const text = (content ?? []).map((block) => ('text' in block && typeof block.text === 'string' ? block.text : '')).join('');
  const toolUse = (content ?? []).find((block) => 'toolUse' in block && block.toolUse)?.toolUse;
  return { text, ...(toolUse ? { toolInput: toolUse.input } : {}), usage: { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 }, modelId };
}

function streamError(event: Record<string, unknown>): Error | undefined {
  for (const name of ['throttlingException', 'serviceUnavailableException', 'internalServerException', 'modelStreamErrorException', 'validationException']) {
    const payload = event[name] as { message?: string } | undefined;
    if (payload) {
      const error = new Error(payload.message ?? name);
      error.name = name.charAt(0).toUpperCase() + name.slice(1);
      return error;
    }
  }
  return undefined;
}

export function bedrockModel(modelId: string, client: BedrockRuntimeClient = bedrockClient()): ModelPort {
  return {
    modelId,
    kind: 'bedrock',
    converse: async (request, signal) => {
      const output = await client.send(new ConverseCommand(converseInput(modelId, request)), signal ? { abortSignal: signal } : {});
      return replyOf(modelId, output.output?.message?.content, output.usage);
    },
    converseStream: async function* (request, signal): AsyncIterable<StreamEvent> {
      const output = await client.send(new ConverseStreamCommand(converseInput(modelId, request)), signal ? { abortSignal: signal } : {});
      let usage = { inputTokens: 0, outputTokens: 0 };
      for await (const event of output.stream ?? []) {
        const failure = streamError(event as unknown as Record<string, unknown>);
        if (failure) throw failure;
        const text = event.contentBlockDelta?.delta?.text;
        if (typeof text === 'string' && text.length > 0) yield { type: 'text', text };
        if (event.metadata?.usage) usage = { inputTokens: event.metadata.usage.inputTokens ?? 0, outputTokens: event.metadata.usage.outputTokens ?? 0 };
      }
      yield { type: 'done', usage, modelId };
    },
  };
}

/** Titan Text Embeddings V2 (`amazon.titan-embed-text-v2:0`): normalised vectors of `dimensions`. */
export function bedrockEmbedding(modelId: string, dimensions: 256 | 512 | 1024, client: BedrockRuntimeClient = bedrockClient()): EmbeddingPort {
  return {
    modelId,
    dimensions,
    embed: async (text) => {
      const output = await client.send(
        new InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify({ inputText: text, dimensions, normalize: true }) }),
      );
      const parsed = JSON.parse(new TextDecoder().decode(output.body)) as { embedding: number[]; inputTextTokenCount?: number };
      if (!Array.isArray(parsed.embedding) || parsed.embedding.length !== dimensions) throw new Error(`Embedding of ${parsed.embedding?.length ?? 0} dimensions, expected ${dimensions}`);
      return { vector: Float32Array.from(parsed.embedding), modelId, inputTokens: parsed.inputTextTokenCount ?? 0 };
    },
  };
}
