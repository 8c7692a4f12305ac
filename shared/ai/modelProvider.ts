import { loadAiConfig, type AiConfig } from './aiConfig.js';
import type { EmbeddingPort } from './modelPort.js';
import type { ResilientModel } from './resilientModel.js';

/**
 * The models a request uses, built once per container from the configuration: the chat model (primary
 * + fallback behind breakers) and the embedding port. With AI_PROVIDER=bedrock the Bedrock adapter is
 * imported on first use (a separate chunk: routes that never call a model never load the Bedrock
 * client); otherwise the local provider. The breakers and timeouts (resilientModel.ts, cockatiel) and
 * the local provider load with the models too, so routes that never call a model (history, memory
 * listing) carry none of it at cold start (issue 17). Tests inject their own with `setAiModelsForTests`.
 */
export interface AiModels {
  chat: ResilientModel;
  embedding: EmbeddingPort;
}

let cached: Promise<AiModels> | undefined;

async function build(config: AiConfig): Promise<AiModels> {
  const resilience = { timeoutMs: config.timeoutMs, failureThreshold: config.failureThreshold, resetTimeoutMs: config.resetTimeoutMs };
  const { resilientModel } = await import('./resilientModel.js');
  if (config.provider === 'bedrock') {
    const { bedrockModel, bedrockEmbedding } = await import('./bedrockModel.js');
    return {
      chat: resilientModel(bedrockModel(config.modelId), config.fallbackModelId ? bedrockModel(config.fallbackModelId) : undefined, resilience),
      embedding: bedrockEmbedding(config.embeddingModelId, config.embeddingDimensions),
    };
  }
  const [{ localModel }, { localEmbeddingPort }] = await Promise.all([import('./localModel.js'), import('./hashingEmbedding.js')]);
  return { chat: resilientModel(localModel(), undefined, resilience), embedding: localEmbeddingPort(config.embeddingDimensions) };
}

export function aiModels(): Promise<AiModels> {
  return (cached ??= build(loadAiConfig()));
}

/** Tests: use these models (undefined: back to the configuration). */
export function setAiModelsForTests(models: AiModels | undefined): void {
  cached = models ? Promise.resolve(models) : undefined;
}
