import { AppError } from '../http/errors.js';

/**
 * The AI assistant's errors (seed 002 "Application Error Codes": AI_LIMIT_EXCEEDED,
 * AI_SERVICE_ERROR; AI_INVALID_OUTPUT is Cairn's, for a model answer that failed validation twice).
 */
export type AiLimitPeriod = 'daily' | 'monthly';

/** 429: the plan's daily or monthly allowance is used up; `retryAfterSeconds` until that period resets. */
export class AiLimitExceededError extends AppError {
  constructor(
    readonly period: AiLimitPeriod,
    readonly limit: number,
    readonly retryAfterSeconds: number,
    readonly resetAt: string,
  ) {
    super(429, 'AI_LIMIT_EXCEEDED', `AI usage limit exceeded: ${limit} requests per ${period === 'daily' ? 'day' : 'month'} on your plan`, [],
      `The ${period} allowance resets at ${resetAt}.`);
  }
}

/** 503: no model could answer (primary failed or its circuit is open, and the fallback failed too). */
export class AiServiceError extends AppError {
  constructor(detail = 'The AI service is temporarily unavailable; try again shortly') {
    super(503, 'AI_SERVICE_ERROR', 'AI service temporarily unavailable', [], detail);
  }
}

/** 502: the model's structured answer failed validation, and so did its one repair attempt. */
export class AiInvalidOutputError extends AppError {
  constructor(readonly task: string, issues: string[]) {
    super(502, 'AI_INVALID_OUTPUT', `The model returned an invalid ${task} twice; nothing was saved`, [],
      issues.slice(0, 5).join('; '));
  }
}
