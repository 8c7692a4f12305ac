import type * as z from 'zod';
import type { FieldIssue } from './errors.js';

/**
 * Turns zod issues into field-level details: `body.email`, `query.page`, `params.id`. An unknown key
 * becomes one issue per key, naming that key, so a client sees exactly which field to drop.
 */
export function fieldIssues(location: 'body' | 'query' | 'params', error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const base = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${base}.${key}`, message: 'Unknown field', code: 'unrecognized_key' }));
    }
    return [{ field: base, message: issue.message, code: issue.code }];
  });
}
