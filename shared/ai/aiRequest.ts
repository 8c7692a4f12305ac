import { AiInvalidOutputError, AiServiceError } from './aiErrors.js';
import { consumeAiRequest, recordAiCall, refundAiRequest, usageOf } from './aiUsageRepository.js';
import type { ModelReply } from './modelPort.js';

/**
 * One AI request, metered: counts it against the plan (429 before any model call when the allowance
 * is used up), runs the task, records its token usage and cost (one item per request, all model calls
 * of the request summed: a repair attempt is billed too), and gives the request back when no usable
 * answer came (AI_SERVICE_ERROR, AI_INVALID_OUTPUT) — the caller pays only for answers.
 */
export interface AiRequestContext {
  tenantId: string;
  userId: string;
  route: string;
  requestId: string;
  now: Date;
}

type Reply = Pick<ModelReply, 'modelId' | 'usage'> & { fallbackUsed?: boolean };

export async function meteredAiRequest<T>(ctx: AiRequestContext, task: () => Promise<{ result: T; replies: Reply[] }>): Promise<{ result: T; usage: ReturnType<typeof usageOf>; replies: Reply[] }> {
  const consumed = await consumeAiRequest(ctx.userId, ctx.now);
  let outcome: { result: T; replies: Reply[] };
  try {
    outcome = await task();
  } catch (err) {
    if (err instanceof AiServiceError || err instanceof AiInvalidOutputError) {
      await refundAiRequest(consumed);
      const replies = (err as { replies?: Reply[] }).replies;
      if (replies?.length) await record(ctx, replies);
    }
    throw err;
  }
  await record(ctx, outcome.replies);
  return { ...outcome, usage: usageOf(outcome.replies) };
}

async function record(ctx: AiRequestContext, replies: Reply[]): Promise<void> {
  const usage = usageOf(replies);
  const last = replies[replies.length - 1];
  await recordAiCall(ctx.tenantId, ctx.userId, {
    route: ctx.route,
    requestId: ctx.requestId,
    modelId: last?.modelId ?? 'none',
    fallbackUsed: replies.some((r) => r.fallbackUsed === true),
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    costUsd: usage.cost_usd,
    at: ctx.now.toISOString(),
  });
}
