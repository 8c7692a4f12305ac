/**
 * The AI assistant's configuration, from the environment (CDK sets it per stage from
 * lib/stageConfig.ts; `npm start` and the tests leave AI_PROVIDER unset, which selects the local
 * provider).
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | AI_PROVIDER | `bedrock` or `local` | `local` |
 * | AI_MODEL_ID | primary Bedrock model | `amazon.nova-lite-v1:0` |
 * | AI_FALLBACK_MODEL_ID | fallback model (empty: none) | `amazon.nova-micro-v1:0` |
 * | AI_EMBEDDING_MODEL_ID | embeddings for memory | `amazon.titan-embed-text-v2:0` |
 * | AI_EMBEDDING_DIMENSIONS | 256, 512 or 1024 | 256 |
 * | AI_TIMEOUT_MS, AI_BREAKER_THRESHOLD, AI_BREAKER_RESET_MS | resilience (resilientModel.ts) | 20000, 5, 30000 |
 */
export interface AiConfig {
  provider: 'bedrock' | 'local';
  modelId: string;
  fallbackModelId: string | undefined;
  embeddingModelId: string;
  embeddingDimensions: 256 | 512 | 1024;
  timeoutMs: number;
  failureThreshold: number;
  resetTimeoutMs: number;
}

export function loadAiConfig(env: NodeJS.ProcessEnv = process.env): AiConfig {
  const dims = Number(env.AI_EMBEDDING_DIMENSIONS ?? 256);
  if (dims !== 256 && dims !== 512 && dims !== 1024) throw new Error('AI_EMBEDDING_DIMENSIONS must be 256, 512 or 1024');
  return {
    provider: env.AI_PROVIDER === 'bedrock' ? 'bedrock' : 'local',
    modelId: env.AI_MODEL_ID || 'amazon.nova-lite-v1:0',
    fallbackModelId: env.AI_FALLBACK_MODEL_ID === undefined ? 'amazon.nova-micro-v1:0' : env.AI_FALLBACK_MODEL_ID || undefined,
    embeddingModelId: env.AI_EMBEDDING_MODEL_ID || 'amazon.titan-embed-text-v2:0',
    embeddingDimensions: dims,
    timeoutMs: Number(env.AI_TIMEOUT_MS ?? 20_000),
    failureThreshold: Number(env.AI_BREAKER_THRESHOLD ?? 5),
    resetTimeoutMs: Number(env.AI_BREAKER_RESET_MS ?? 30_000),
  };
}

/**
 * On-demand list prices in USD per 1,000 tokens (input, output), Bedrock us-east-1, as published when
 * this table was written; a model not listed costs 0 and is logged as unpriced. The local provider is
 * free. Cost per call = input tokens / 1000 × input price + output tokens / 1000 × output price.
 */
export const MODEL_PRICES_USD_PER_1K: Record<string, { input: number; output: number }> = {
  'amazon.nova-micro-v1:0': { input: 0.000035, output: 0.00014 },
  'amazon.nova-lite-v1:0': { input: 0.00006, output: 0.00024 },
  'amazon.nova-pro-v1:0': { input: 0.0008, output: 0.0032 },
  'anthropic.claude-3-haiku-20240307-v1:0': { input: 0.00025, output: 0.00125 },
  'amazon.titan-embed-text-v2:0': { input: 0.00002, output: 0 },
  'local-retrieval': { input: 0, output: 0 },
  'local-hashing-v1': { input: 0, output: 0 },
};

/** USD cost of one call, rounded to 6 decimals (a millionth of a dollar). */
export function costUsd(modelId: string, inputTokens: number, outputTokens: number): number {
  const price = MODEL_PRICES_USD_PER_1K[modelId];
  if (!price) return 0;
  return Math.round(((inputTokens / 1000) * price.input + (outputTokens / 1000) * price.output) * 1e6) / 1e6;
}
