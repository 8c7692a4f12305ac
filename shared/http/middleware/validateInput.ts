import type { MiddlewareObj } from '@middy/core';
import { noParams } from '../../schemas/common.js';
import { ValidationError, type FieldIssue } from '../errors.js';
import { stateOf, type CairnRequest } from '../requestState.js';
import { fieldIssues } from '../validationIssues.js';

/**
 * Validates path parameters, query string and body against the route's zod schemas and collects
 * every issue, so a client fixes all fields in one round. Routes without a query or params schema
 * refuse any (unknown fields are never ignored); a route with a body schema requires a body unless its schema is optional.
 */
export function validateInput(): MiddlewareObj {
  return {
    before: (req) => {
      const request = req as CairnRequest;
      const state = stateOf(request);
      const schemas = state.route.request ?? {};
      const issues: FieldIssue[] = [];

      const params = (schemas.params ?? noParams).safeParse(request.event.pathParameters ?? {});
      if (!params.success) issues.push(...fieldIssues('params', params.error));
      const query = (schemas.query ?? noParams).safeParse(request.event.queryStringParameters ?? {});
      if (!query.success) issues.push(...fieldIssues('query', query.error));

      let body: unknown = undefined;
      if (schemas.body) {
        if (state.rawBody === undefined) {
          // A route whose schema accepts "no body" (seed 001 `complete`) takes none; others require one.
          const absent = schemas.body.safeParse(undefined);
          if (absent.success) body = absent.data;
          else issues.push({ field: 'body', message: 'Request body is required', code: 'required' });
        } else {
          const parsed = schemas.body.safeParse(state.rawBody);
          if (parsed.success) body = parsed.data;
          else issues.push(...fieldIssues('body', parsed.error));
        }
      }
      if (issues.length > 0) throw new ValidationError(issues);
      state.input = {
        body,
        query: query.success ? query.data : {},
        params: params.success ? params.data : {},
      };
    },
  };
}
