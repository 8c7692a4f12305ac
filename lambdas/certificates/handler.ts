import type { Principal } from '../../shared/auth/principal.js';
import { publicBaseUrl } from '../../shared/certificates/certificateLinks.js';
import { getCertificate, getCertificateSettings, listMyCertificates, revokeCertificate, setCertificateSettings, verifyCertificate } from '../../shared/certificates/certificateService.js';
import { createGroupHandler, type GroupHandlerOptions } from '../../shared/http/createGroupHandler.js';
import { AuthenticationError } from '../../shared/http/errors.js';
import type { RouteContext, RouteHandlers } from '../../shared/http/routeHandler.js';
import { CERTIFICATE_ROUTES } from '../../shared/routes/certificateRoutes.js';
import type { CertificateSettingsBody, RevokeCertificateBody } from '../../shared/schemas/certificates.js';

function principalOf(ctx: RouteContext): Principal {
  if (!ctx.principal) throw new AuthenticationError();
  return ctx.principal;
}

const idOf = (ctx: RouteContext) => (ctx.params as { id: string }).id;

/** Lambda entry of the certificates group (issue 23). */
const handlers: RouteHandlers = {
  'certificates.list': async (ctx) => ({ data: await listMyCertificates(principalOf(ctx), publicBaseUrl(ctx.event), ctx.now) }),
  'certificates.getSettings': async (ctx) => ({ data: await getCertificateSettings(principalOf(ctx)) }),
  'certificates.putSettings': async (ctx) => ({ data: await setCertificateSettings(principalOf(ctx), (ctx.body as CertificateSettingsBody).public_verification) }),
  'certificates.get': async (ctx) => ({ data: await getCertificate(principalOf(ctx), idOf(ctx), publicBaseUrl(ctx.event), ctx.now) }),
  'certificates.verify': async (ctx) => ({ data: await verifyCertificate(idOf(ctx), publicBaseUrl(ctx.event)) }),
  'certificates.revoke': async (ctx) => ({ data: await revokeCertificate(principalOf(ctx), idOf(ctx), (ctx.body as RevokeCertificateBody).reason, publicBaseUrl(ctx.event), ctx.now) }),
};

/** The certificates group's handler with test overrides (clock, rate classes). */
export function createCertificatesHandler(options: GroupHandlerOptions = {}) {
  return createGroupHandler('certificates', CERTIFICATE_ROUTES, handlers, options);
}

export const handler = createCertificatesHandler();
