/**
 * The model port (issue 19): what Cairn asks of a language model, independent of the vendor. Two
 * adapters implement it: Amazon Bedrock (bedrockModel.ts: Converse, ConverseStream, Titan Text
 * Embeddings V2) and the local provider (localModel.ts: deterministic retrieval over the course's own
 * text, labelled as retrieved, never pretending to be a model). Services only see this interface,
 * wrapped by the resilience layer (resilientModel.ts).
 */

/** A piece of course content or of the caller's own data the answer may use; `id` is cited in references. */
export interface ContextDocument {
  id: string;
  kind: 'lesson' | 'course' | 'curriculum' | 'memory' | 'progress';
  title: string;
  text: string;
  /** For lessons: where the text comes from (course id, lesson id). */
  courseId?: string;
  lessonId?: string;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** A tool the model must call for a structured answer (Converse `toolConfig` with a forced `toolChoice`). */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON schema of the tool's input (from zod via z.toJSONSchema). */
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  /** Fixed instructions only: never user text, never retrieved content (promptAssembly.ts). */
  system: string;
  /** The conversation; the last turn is the user's, with its text delimited (promptAssembly.ts). */
  messages: ChatTurn[];
  /** The documents the context assembly selected (the local provider retrieves over them). */
  documents: ContextDocument[];
  /** The raw question, for the local provider's retrieval (the Bedrock adapter ignores it). */
  query: string;
  tool?: ToolSpec;
  /**
   * The structured task's parameters (question count, types, level…), for a provider that builds the
   * answer without a model (the local one). The Bedrock adapter ignores it: the prompt carries them.
   */
  toolArgs?: Record<string, unknown>;
  maxTokens: number;
  temperature: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelReply {
  text: string;
  /** The tool's input when the request named a tool (unvalidated: structuredOutput.ts checks it). */
  toolInput?: unknown;
  usage: TokenUsage;
  /** The model that answered (primary or fallback id, or `local-retrieval`). */
  modelId: string;
  /** Document ids the answer drew on (local provider); Bedrock answers cite what the context held. */
  usedDocumentIds?: string[];
}

export type StreamEvent = { type: 'text'; text: string } | { type: 'done'; usage: TokenUsage; modelId: string; usedDocumentIds?: string[] };

export interface EmbeddingResult {
  vector: Float32Array;
  modelId: string;
  inputTokens: number;
}

/** One model (one model id). The resilience layer combines a primary and a fallback. */
export interface ModelPort {
  readonly modelId: string;
  /** `bedrock` or `local`: answers say which kind of source produced them. */
  readonly kind: 'bedrock' | 'local';
  converse(request: ModelRequest, signal?: AbortSignal): Promise<ModelReply>;
  converseStream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}

export interface EmbeddingPort {
  readonly modelId: string;
  /** Dimensions of every vector this port returns. */
  readonly dimensions: number;
  embed(text: string): Promise<EmbeddingResult>;
}
