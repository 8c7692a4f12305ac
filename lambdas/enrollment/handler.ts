import type * as z from 'zod';
import { confirmPayment, enrollInCourse, enrollmentRequest, type EnrollCaller } from '../../shared/enrollment/sagaEnrollService.js';
import { idempotencyKeyHeader, type confirmPaymentBody, type confirmPaymentParams, type enrollBody, type enrollmentRequestParams, type enrollParams } from '../../shared/enrollment/sagaSchemas.js';
import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError, ValidationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { ENROLLMENT_ROUTES } from '../../shared/routes/enrollmentRoutes.js';

/** Lambda entry of the enrollment group: enroll, confirm a payment, poll a saga request. */
const input = <T extends z.ZodType>(value: unknown) => value as z.infer<T>;

function callerOf(ctx: RouteContext): EnrollCaller {
  if (!ctx.principal) throw new AuthenticationError();
  return { tenantId: ctx.tenantId, userId: ctx.principal.userId, now: ctx.now };
}

/** The optional `Idempotency-Key` header, validated like a body field. */
function idempotencyKeyOf(ctx: RouteContext): string | undefined {
  const raw = Object.entries(ctx.event.headers ?? {}).find(([name]) => name.toLowerCase() === 'idempotency-key')?.[1];
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeyHeader.safeParse(raw);
  if (!parsed.success) throw new ValidationError([{ field: 'headers.idempotency-key', message: parsed.error.issues[0]?.message ?? 'Invalid idempotency key', code: 'invalid_idempotency_key' }]);
  return parsed.data;
}

const handlers: RouteHandlers = {
  'enrollment.enroll': async (ctx) => {
    const { course_id } = input<typeof enrollParams>(ctx.params);
    const outcome = await enrollInCourse(callerOf(ctx), course_id, input<typeof enrollBody>(ctx.body), idempotencyKeyOf(ctx));
    return outcome.kind === 'enrolled' ? { statusCode: 201, data: outcome.body } : { statusCode: 202, data: outcome.body, headers: { location: outcome.body.status_url } };
  },
  'enrollment.requestStatus': async (ctx) => {
    const { request_id } = input<typeof enrollmentRequestParams>(ctx.params);
    return { data: await enrollmentRequest(callerOf(ctx), request_id) };
  },
  'enrollment.confirmPayment': async (ctx) => {
    const { payment_id } = input<typeof confirmPaymentParams>(ctx.params);
    const body = input<typeof confirmPaymentBody>(ctx.body);
    const result = await confirmPayment(callerOf(ctx), payment_id, body.payment_method_id);
    return { statusCode: result.statusCode, data: result.body };
  },
};

export const handler = createGroupHandler('enrollment', ENROLLMENT_ROUTES, handlers);
