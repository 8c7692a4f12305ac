import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { StageConfig } from '../stageConfig.js';

/**
 * Amazon Bedrock for the AI functions (issue 19): their environment (which models, which provider)
 * and the only permission they get, `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream`
 * on the stage's configured foundation models (primary, fallback, embeddings) — no wildcard.
 */
export class BedrockAccess extends Construct {
  readonly modelArns: string[];

  constructor(scope: Construct, id: string, private readonly stage: StageConfig) {
    super(scope, id);
    const stack = Stack.of(this);
    const models = [stage.ai.modelId, ...(stage.ai.fallbackModelId ? [stage.ai.fallbackModelId] : []), stage.ai.embeddingModelId];
    this.modelArns = [...new Set(models)].map((model) => `arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${model}`);
  }

  /** Environment of an AI function (read by shared/ai/aiConfig.ts). */
  environment(): Record<string, string> {
    const ai = this.stage.ai;
    return {
      AI_PROVIDER: 'bedrock',
      AI_MODEL_ID: ai.modelId,
      AI_FALLBACK_MODEL_ID: ai.fallbackModelId ?? '',
      AI_EMBEDDING_MODEL_ID: ai.embeddingModelId,
      AI_EMBEDDING_DIMENSIONS: String(ai.embeddingDimensions),
    };
  }

  grantInvoke(role: Role): void {
    role.addToPolicy(new PolicyStatement({ actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], resources: this.modelArns }));
  }
}
