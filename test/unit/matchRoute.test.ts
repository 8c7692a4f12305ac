import * as z from 'zod';
import { createRouteMatcher } from '../../shared/routes/matchRoute.js';
import { CATCH_ALL_ROUTE } from '../../shared/routes/catchAllRoute.js';
import type { RouteDefinition } from '../../shared/routes/types.js';

const route = (id: string, method: RouteDefinition['method'], path: string): RouteDefinition => ({
  id, method, path, group: 'g', auth: { kind: 'public' }, rateClass: 'none', style: 'rest003', summary: id,
  response: { status: 200, description: 'ok', schema: z.object({}) },
});

const match = createRouteMatcher([
  route('param', 'GET', '/api/v1/courses/{id}'),
  route('literal', 'GET', '/api/v1/courses/featured'),
  route('slash', 'GET', '/api/v1/lessons/'),
  route('nested', 'POST', '/v1/tutorials/progress/{tutorialId}/chapter'),
  route('greedy', 'GET', '/files/{proxy+}'),
  CATCH_ALL_ROUTE,
]);

describe('route matching (API Gateway semantics)', () => {
  it('prefers a literal segment over a parameter', () => {
    expect(match('GET', '/api/v1/courses/featured')?.route.id).toBe('literal');
    expect(match('GET', '/api/v1/courses/abc')).toMatchObject({ route: { id: 'param' }, pathParameters: { id: 'abc' } });
  });

  it('ignores a trailing slash on either side, as HTTP APIs do', () => {
    expect(match('GET', '/api/v1/lessons/')?.route.id).toBe('slash');
    expect(match('GET', '/api/v1/lessons')?.route.id).toBe('slash');
    expect(match('GET', '/api/v1/courses/featured/')?.route.id).toBe('literal');
  });

  it('matches the method and decodes parameters', () => {
    expect(match('POST', '/v1/tutorials/progress/intro%20one/chapter')?.pathParameters).toEqual({ tutorialId: 'intro one' });
    expect(match('GET', '/v1/tutorials/progress/x/chapter')?.route.id).toBe('system.notFound');
  });

  it('captures the rest of the path in a greedy parameter', () => {
    expect(match('GET', '/files/a/b/c.txt')?.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
  });

  it('falls back to $default for anything else, including a malformed escape', () => {
    expect(match('GET', '/nothing')?.route.id).toBe('system.notFound');
    expect(match('GET', '/api/v1/courses/%E0%A4%A')?.route.id).toBe('system.notFound');
  });
});
