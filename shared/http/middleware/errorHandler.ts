import type { MiddlewareObj } from '@middy/core';
import { AppError, InternalError, retryAfterOf } from '../errors.js';
import { renderError } from '../contractStyles.js';
import { logger } from '../observability.js';
import { buildResponse } from '../response.js';
import type { CairnRequest } from '../requestState.js';
import { sourceMappedStack } from '../sourceMappedStack.js';

/**
 * Registered last, so middy runs it first on any error. AppErrors become the route style's error
 * body with their status; anything else is logged with its stack and answered as 500 INTERNAL_ERROR
 * with the request id and nothing of the original message.
 */
export function errorHandler(): MiddlewareObj {
  return {
    onError: (req) => {
      const request = req as CairnRequest;
      const state = request.state;
      const original = request.error;
      let appError: AppError;
      if (original instanceof AppError) {
        appError = original;
      } else {
        appError = new InternalError();
        // The bundle runs without --enable-source-maps (no init cost); its stack is mapped here, on demand.
        const fields = { error: original?.name, message: original?.message, stack: sourceMappedStack(original?.stack) };
        if (state) state.log.error('unhandled error', fields);
        else logger.error('unhandled error before request state', fields);
      }
      if (!state) {
        // The first middleware itself failed; answer in the default style with a minimal body.
        request.response = {
          statusCode: appError.status,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ success: false, error: { code: appError.code, message: appError.message } }),
        };
        return;
      }
      if (appError.status >= 400 && appError.status < 500) {
        state.log.info('request refused', { status: appError.status, code: appError.code, fields: appError.fields });
      }
      const retryAfter = retryAfterOf(appError);
      if (retryAfter !== undefined) state.responseHeaders['Retry-After'] = String(retryAfter);
      const body = renderError(state.style, appError, { requestId: state.requestId, now: state.now });
      request.response = buildResponse(state, appError.status, body);
    },
  };
}
