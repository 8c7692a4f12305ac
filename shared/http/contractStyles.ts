import type { ContractStyle, SuccessEnvelope } from '../routes/types.js';
import { type AppError, retryAfterOf } from './errors.js';

/**
 * Renders success and error bodies in each seed's contract style (DESIGN §5), so an existing frontend
 * written against a seed works unchanged. The error *code* is Cairn's stable code, except where a seed
 * documents its own name for the same condition (table below); fields are only ever added, never renamed.
 *
 * | canonical | rest002 (seed 002) | rest003 (seed 003) |
 * | --- | --- | --- |
 * | AUTHENTICATION_FAILED | AUTH_INVALID_TOKEN | UNAUTHORIZED |
 * | AUTHORIZATION_DENIED | PERMISSION_DENIED | FORBIDDEN |
 * | INVALID_CREDENTIALS | AUTH_INVALID_CREDENTIALS | UNAUTHORIZED |
 */
const CODE_ALIASES: Partial<Record<ContractStyle, Record<string, string>>> = {
  rest002: { AUTHENTICATION_FAILED: 'AUTH_INVALID_TOKEN', AUTHORIZATION_DENIED: 'PERMISSION_DENIED', INVALID_CREDENTIALS: 'AUTH_INVALID_CREDENTIALS' },
  rest003: { AUTHENTICATION_FAILED: 'UNAUTHORIZED', AUTHORIZATION_DENIED: 'FORBIDDEN', INVALID_CREDENTIALS: 'UNAUTHORIZED' },
};

export interface RenderContext {
  requestId: string;
  now: Date;
}

/** The code a client of `style` sees for `code`. */
export function styledCode(style: ContractStyle, code: string): string {
  return CODE_ALIASES[style]?.[code] ?? code;
}

/** Wraps a handler's result in the style's success envelope (or returns it bare). */
export function renderSuccess(
  style: ContractStyle,
  envelope: SuccessEnvelope,
  data: unknown,
  meta: Record<string, unknown> | undefined,
  ctx: RenderContext,
): unknown {
  if (envelope === 'bare') return data;
  switch (style) {
    case 'rpc000':
      return { success: true, data };
    case 'rest003':
      return meta ? { success: true, data, meta } : { success: true, data };
    case 'rest004':
      return { success: true, data, meta: { ...meta, requestId: ctx.requestId, timestamp: ctx.now.toISOString() } };
    case 'rest001':
    case 'rest002':
      return data;
  }
}

/** Renders an AppError as the style's error body. Never includes stack traces or internal messages. */
export function renderError(style: ContractStyle, err: AppError, ctx: RenderContext): unknown {
  const code = styledCode(style, err.code);
  const timestamp = ctx.now.toISOString();
  // Each field issue keeps its machine-readable reason (`prerequisite_incomplete`, `idempotency_key_reused`, …).
  const fieldList = err.fields.map(({ field, message, code: reason }) => ({ field, message, ...(reason ? { code: reason } : {}) }));
  // A 429 says when to come back: the rate limiter's RateLimitError and the AI allowance's AiLimitExceededError.
  const retryAfter = retryAfterOf(err);
  switch (style) {
    case 'rpc000': {
      const first = err.fields[0];
      const details = first
        ? { field: first.field, message: first.message, issues: fieldList }
        : err.detail !== undefined
          ? { reason: err.detail, ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}) }
          : {};
      return { success: false, error: { code, message: err.message, details, timestamp, request_id: ctx.requestId } };
    }
    case 'rest001': {
      const first = err.fields[0];
      return {
        error: first ? `${first.field}: ${first.message}` : err.message,
        code,
        ...(first ? { field: first.field } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        request_id: ctx.requestId,
      };
    }
    case 'rest002':
      return {
        status: 'error',
        error: {
          code,
          message: err.message,
          details: fieldList.length > 0 ? fieldList : err.detail !== undefined ? [{ message: err.detail }] : [],
          ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
        },
        timestamp,
        request_id: ctx.requestId,
      };
    case 'rest003':
      return {
        success: false,
        error: {
          code,
          message: err.message,
          details: fieldList.length > 0 ? fieldList : (err.detail ?? null),
          ...(retryAfter !== undefined ? { retryAfter } : {}),
          requestId: ctx.requestId,
        },
      };
    case 'rest004':
      return {
        success: false,
        error: {
          code,
          message: err.message,
          details: fieldList.length > 0 ? fieldList : (err.detail ?? null),
          ...(retryAfter !== undefined ? { retryAfter } : {}),
        },
        meta: { requestId: ctx.requestId, timestamp },
      };
  }
}

/**
 * The style for a path no route matched (the `$default` route): the style of the seed whose URL space
 * the path falls in, so a client gets an error it can parse.
 */
export function styleForUnmatchedPath(path: string): ContractStyle {
  if (path.startsWith('/functions/')) return 'rpc000';
  if (path.startsWith('/v1/tutorials')) return 'rest001';
  if (path.startsWith('/auth/') || (path.startsWith('/api/') && !path.startsWith('/api/v1/'))) return 'rest004';
  if (path.startsWith('/api/v1/') && path.endsWith('/')) return 'rest002';
  return 'rest003';
}
