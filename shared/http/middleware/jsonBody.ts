import type { MiddlewareObj } from '@middy/core';
import { DEFAULT_MAX_BODY_BYTES } from '../../routes/types.js';
import { UnsupportedMediaTypeError, ValidationError } from '../errors.js';
import { stateOf, type CairnRequest } from '../requestState.js';

/**
 * Size-capped JSON body parsing. The cap is checked on the decoded bytes before parsing, so an
 * oversized body costs no parse. A route without a body schema refuses any body; a body that is not
 * JSON, or not a JSON object/array, is a VALIDATION_ERROR on `body`.
 */
export function jsonBody(): MiddlewareObj {
  return {
    before: (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const { body, isBase64Encoded, headers } = request.event;
      if (body === undefined || body === null || body === '') return;
      const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
      const cap = state.route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (bytes.byteLength > cap) {
        throw new ValidationError([{ field: 'body', message: `Body exceeds the ${cap}-byte limit`, code: 'too_big' }]);
      }
      if (!state.route.request?.body) {
        throw new ValidationError([{ field: 'body', message: 'This endpoint does not accept a request body', code: 'unexpected_body' }]);
      }
      const contentType = headers?.['content-type'];
      if (contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new UnsupportedMediaTypeError();
      }
      try {
        state.rawBody = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new ValidationError([{ field: 'body', message: 'Malformed JSON', code: 'invalid_json' }]);
      }
    },
  };
}
