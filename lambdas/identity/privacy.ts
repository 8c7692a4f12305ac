import type { z } from 'zod';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import type { DataExportView } from '../../shared/privacy/exportService.js';
import type * as s from '../../shared/schemas/privacy.js';

function principalOf(ctx: RouteContext) {
  if (!ctx.principal) throw new Error('privacy routes are authenticated');
  return ctx.principal;
}

const presentExport = (v: DataExportView) => ({
  exportId: v.exportId,
  status: v.status,
  mode: v.mode,
  requestedAt: v.requestedAt,
  readyAt: v.readyAt,
  bytes: v.bytes,
  entities: v.entities,
  downloadUrl: v.downloadUrl,
  downloadExpiresAt: v.downloadExpiresAt,
  error: v.error,
});

// The privacy services (the user-data registry reaches every feature's keys, the S3 client, the
// leaderboard refresh) load on the first privacy call, as their own chunk: the identity group's sign-in
// and profile routes never load them (issue 17's cold-start budget).
const exportService = () => import('../../shared/privacy/exportService.js');
const erasureService = () => import('../../shared/privacy/erasureService.js');

/** Route id → handler of the privacy routes (issue 20), served by the identity group's Lambda. */
export const privacyHandlers: RouteHandlers = {
  'identity.requestDataExport': async (ctx) => {
    const { view } = await (await exportService()).requestExport(principalOf(ctx), ctx.now);
    return { statusCode: view.status === 'ready' ? 201 : 202, data: presentExport(view) };
  },
  'identity.getDataExport': async (ctx) => {
    const { exportId } = ctx.params as z.output<typeof s.exportParams>;
    return { data: presentExport(await (await exportService()).exportStatus(principalOf(ctx), exportId)) };
  },
  'identity.requestErasure': async (ctx) => {
    const { userId } = ctx.params as z.output<typeof s.erasureParams>;
    const { view } = await (await erasureService()).requestErasure(principalOf(ctx), userId, ctx.now);
    return { statusCode: view.status === 'erased' ? 200 : 202, data: view };
  },
};
