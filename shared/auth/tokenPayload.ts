/**
 * Reads the payload of a JWT without verifying it. Only for tokens Cairn just received from Cognito
 * over TLS (its own sign-in and token-exchange answers); never for a token a client sent, which goes
 * through the verifier.
 */
export function unverifiedPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
