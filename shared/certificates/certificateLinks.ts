import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CertificateRecord } from './certificate.js';

/**
 * Where a certificate is verified and downloaded. The verification URL is absolute: the API's public
 * base (`PUBLIC_API_URL` when a custom domain fronts the API, else the domain the request came in on —
 * never a client-supplied forwarding header) + `/api/v1/certificates/<id>/verify/`.
 */
export function publicBaseUrl(event: Pick<APIGatewayProxyEventV2, 'requestContext' | 'headers'>, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PUBLIC_API_URL?.replace(/\/+$/, '');
  if (configured) return configured;
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  const proto = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
  return `${proto}://${host}`;
}

export function verificationUrlOf(baseUrl: string, certificateId: string): string {
  return `${baseUrl}/api/v1/certificates/${certificateId}/verify/`;
}

/**
 * `certificate_url`: a presigned link to the PDF for a certificate that is issued (a revoked one has
 * none). The renderer and the S3 client are imported only here, on demand, so the functions that show
 * certificates do not load them at cold start.
 */
export async function certificateUrlOf(record: CertificateRecord | undefined, baseUrl: string, now: Date): Promise<string | null> {
  if (!record || record.status !== 'issued') return null;
  const { certificateDownloadUrl } = await import('./certificateFiles.js');
  return certificateDownloadUrl(record, verificationUrlOf(baseUrl, record.certificateId), now);
}
