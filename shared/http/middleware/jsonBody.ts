import type { MiddlewareObj } from '@middy/core';
import { DEFAULT_MAX_BODY_BYTES } from '../../routes/types.js';
import { UnsupportedMediaTypeError, ValidationError } from '../errors.js';
import { stateOf, type CairnRequest } from '../requestState.js';

/** The request body as text (API Gateway base64-encodes binary bodies), or undefined when none was sent. */
function bodyText(request: CairnRequest): string | undefined {
  const { body, isBase64Encoded } = request.event;
  if (body === undefined || body === null || body === '') return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/**
 * The body size cap, checked on the decoded bytes before anything else reads the body (and before
 * token verification), so an oversized body costs neither a parse nor a signature check.
 */
export function bodySizeCap(): MiddlewareObj {
  return {
    before: (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const { body, isBase64Encoded } = request.event;
      if (body === undefined || body === null || body === '') return;
      const bytes = isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
      const cap = state.route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (bytes > cap) {
        throw new ValidationError([{ field: 'body', message: `Body exceeds the ${cap}-byte limit`, code: 'too_big' }]);
      }
    },
  };
}

/**
 * JSON body parsing, after authentication (issue 17): an anonymous caller learns nothing about a
 * route's input, not even that its body was malformed. An empty or whitespace-only body is no body.
 * A route without a body schema takes no body, but `{}` — what many HTTP clients send by default —
 * counts as none; anything else is `unexpected_body`. A body that is not JSON is a VALIDATION_ERROR
 * on `body`; a declared non-JSON content type is 415.
 */
export function jsonBody(): MiddlewareObj {
  return {
    before: (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const text = bodyText(request);
      if (text === undefined || text.trim() === '') return;
      const contentType = request.event.headers?.['content-type'];
      const acceptsBody = state.route.request?.body !== undefined;
      if (acceptsBody && contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new UnsupportedMediaTypeError();
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        if (!acceptsBody) throw unexpectedBody();
        throw new ValidationError([{ field: 'body', message: 'Malformed JSON', code: 'invalid_json' }]);
      }
      if (!acceptsBody) {
        if (isEmptyObject(parsed)) return;
        throw unexpectedBody();
      }
      state.rawBody = parsed;
    },
  };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function unexpectedBody(): ValidationError {
  return new ValidationError([{ field: 'body', message: 'This endpoint does not accept a request body', code: 'unexpected_body' }]);
}
