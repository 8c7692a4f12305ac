import { renderError, renderSuccess, styleForUnmatchedPath } from '../../shared/http/contractStyles.js';
import { AuthenticationError, InternalError, RateLimitError, ValidationError } from '../../shared/http/errors.js';

const ctx = { requestId: 'req-1', now: new Date('2026-01-02T03:04:05.000Z') };
const invalid = new ValidationError([{ field: 'body.user_id', message: 'Invalid uuid', code: 'invalid_format' }]);

describe('contract styles', () => {
  it('renders seed 000 errors as {success:false, error:{code,message,details,timestamp,request_id}}', () => {
    expect(renderError('rpc000', invalid, ctx)).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Request validation failed',
        details: { field: 'body.user_id', message: 'Invalid uuid', issues: [{ field: 'body.user_id', message: 'Invalid uuid', code: 'invalid_format' }] },
        timestamp: '2026-01-02T03:04:05.000Z',
        request_id: 'req-1',
      },
    });
  });

  it('renders seed 001 errors as {error: "message"} plus code and field', () => {
    expect(renderError('rest001', invalid, ctx)).toEqual({ error: 'body.user_id: Invalid uuid', code: 'VALIDATION_ERROR', field: 'body.user_id', request_id: 'req-1' });
  });

  it('renders seed 002 errors with status "error", a details list and its own auth code', () => {
    expect(renderError('rest002', new AuthenticationError('Token expired'), ctx)).toEqual({
      status: 'error',
      error: { code: 'AUTH_INVALID_TOKEN', message: 'Authentication required', details: [{ message: 'Token expired' }] },
      timestamp: '2026-01-02T03:04:05.000Z',
      request_id: 'req-1',
    });
  });

  it('renders seed 003 errors with its UNAUTHORIZED code and a retryAfter on 429', () => {
    expect(renderError('rest003', new AuthenticationError(), ctx)).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    expect(renderError('rest003', new RateLimitError(100, 60, 30), ctx)).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMIT_EXCEEDED', retryAfter: 30, details: 'Rate limit: 100 requests per 60 s. Try again in 30 seconds.' },
    });
  });

  it('renders seed 004 errors with meta.requestId and never leaks internals', () => {
    const body = renderError('rest004', new InternalError(), ctx);
    expect(body).toEqual({
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred', details: 'Please try again later or contact support' },
      meta: { requestId: 'req-1', timestamp: '2026-01-02T03:04:05.000Z' },
    });
  });

  it('wraps success per style or returns it bare', () => {
    expect(renderSuccess('rpc000', 'style', { a: 1 }, undefined, ctx)).toEqual({ success: true, data: { a: 1 } });
    expect(renderSuccess('rest001', 'style', { a: 1 }, undefined, ctx)).toEqual({ a: 1 });
    expect(renderSuccess('rest002', 'style', { count: 0 }, undefined, ctx)).toEqual({ count: 0 });
    expect(renderSuccess('rest003', 'style', [1], { total: 1 }, ctx)).toEqual({ success: true, data: [1], meta: { total: 1 } });
    expect(renderSuccess('rest004', 'style', 1, undefined, ctx)).toEqual({ success: true, data: 1, meta: { requestId: 'req-1', timestamp: '2026-01-02T03:04:05.000Z' } });
    expect(renderSuccess('rest003', 'bare', { status: 'healthy' }, undefined, ctx)).toEqual({ status: 'healthy' });
  });

  it('picks the style of an unmatched path from its URL space', () => {
    expect(styleForUnmatchedPath('/functions/v1/x')).toBe('rpc000');
    expect(styleForUnmatchedPath('/v1/tutorials/progress/x')).toBe('rest001');
    expect(styleForUnmatchedPath('/api/v1/courses/')).toBe('rest002');
    expect(styleForUnmatchedPath('/api/v1/analytics/x')).toBe('rest003');
    expect(styleForUnmatchedPath('/api/courses')).toBe('rest004');
    expect(styleForUnmatchedPath('/auth/login')).toBe('rest004');
  });
});
