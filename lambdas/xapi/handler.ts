import type * as z from 'zod';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { XAPI_ROUTES } from '../../shared/routes/xapiRoutes.js';
import type * as s from '../../shared/schemas/xapi.js';
import type { XapiStatement } from '../../shared/schemas/xapiStatement.js';
import { createCredential, deleteCredential, deleteLrs, listCredentials, listLrs, putLrs, type LrsView } from '../../shared/xapi/lrsStore.js';
import { checkXapiVersion, getStatement, intakeStatements, XAPI_RESPONSE_VERSION, xapiCallerOf } from '../../shared/xapi/statementIntake.js';

const VERSION_HEADER = { 'X-Experience-API-Version': XAPI_RESPONSE_VERSION };

/** The caller of a statements route, after the version header check (400 before any read). */
async function callerOf(ctx: RouteContext) {
  checkXapiVersion(ctx.event.headers?.['x-experience-api-version']);
  return xapiCallerOf(ctx.principal, ctx.event.headers?.authorization);
}

const presentLrs = (lrs: LrsView) => ({ lrs_id: lrs.lrsId, endpoint: lrs.endpoint, username: lrs.username, include_email: lrs.includeEmail, enabled: lrs.enabled, created_at: lrs.createdAt, updated_at: lrs.updatedAt });

/** Route id → handler of the xapi group. */
export const xapiHandlers: RouteHandlers = {
  'xapi.postStatements': async (ctx) => {
    const caller = await callerOf(ctx);
    const body = ctx.body as XapiStatement | XapiStatement[];
    const single = !Array.isArray(body);
    const ids = await intakeStatements(caller, single ? [body] : body, { single, now: ctx.now });
    return { data: ids, headers: VERSION_HEADER };
  },
  'xapi.putStatement': async (ctx) => {
    const caller = await callerOf(ctx);
    const { statementId } = ctx.query as z.output<typeof s.statementIdQuery>;
    await intakeStatements(caller, [ctx.body as XapiStatement], { single: true, fixedId: statementId, now: ctx.now });
    return { statusCode: 204, headers: VERSION_HEADER };
  },
  'xapi.getStatement': async (ctx) => {
    const caller = await callerOf(ctx);
    const { statementId } = ctx.query as z.output<typeof s.statementIdQuery>;
    return { data: await getStatement(caller, statementId), headers: VERSION_HEADER };
  },
  'xapi.listLrs': async (ctx) => ({ data: (await listLrs(ctx.tenantId)).map(presentLrs) }),
  'xapi.putLrs': async (ctx) => {
    const { lrs_id } = ctx.params as z.output<typeof s.lrsParams>;
    const body = ctx.body as z.output<typeof s.putLrsBody>;
    const lrs = await putLrs(ctx.tenantId, lrs_id, { endpoint: body.endpoint, username: body.username, password: body.password, includeEmail: body.include_email, enabled: body.enabled }, ctx.now);
    ctx.log.info('xapi lrs set', { lrsId: lrs_id, includeEmail: body.include_email, enabled: body.enabled });
    return { data: presentLrs(lrs) };
  },
  'xapi.deleteLrs': async (ctx) => {
    await deleteLrs(ctx.tenantId, (ctx.params as z.output<typeof s.lrsParams>).lrs_id);
    return { data: { deleted: true } };
  },
  'xapi.listCredentials': async (ctx) => ({
    data: (await listCredentials(ctx.tenantId)).map((c) => ({ key_id: c.keyId, label: c.label, username: c.username, created_at: c.createdAt })),
  }),
  'xapi.createCredential': async (ctx) => {
    const created = await createCredential(ctx.tenantId, (ctx.body as z.output<typeof s.createCredentialBody>).label, ctx.now);
    ctx.log.info('xapi credential created', { keyId: created.keyId });
    return { statusCode: 201, data: { key_id: created.keyId, label: created.label, username: created.username, created_at: created.createdAt, password: created.password } };
  },
  'xapi.deleteCredential': async (ctx) => {
    await deleteCredential(ctx.tenantId, (ctx.params as z.output<typeof s.credentialParams>).key_id);
    return { data: { deleted: true } };
  },
};

/** The xapi group's Lambda; tests build it with their own options. */
export function createXapiHandler(options?: GroupHandlerOptions) {
  return createGroupHandler('xapi', XAPI_ROUTES, xapiHandlers, options);
}

/** Lambda entry of the xapi group. */
export const handler = createXapiHandler();
