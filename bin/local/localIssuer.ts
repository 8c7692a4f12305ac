import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRole, Role } from '../../shared/routes/types.js';

/**
 * The local token issuer: an RS256 key pair kept under `.data/issuer/`, published as an inline JWKS to
 * the local stack's verifier (the same aws-jwt-verify code as in AWS) and used by `npm run token` and
 * the tests to mint tokens. Locally minted tokens carry the same claims Cognito's pre-token-generation
 * trigger adds in AWS (shared/auth/principal.ts).
 */
export const LOCAL_ISSUER = 'http://localhost/cairn-local-issuer';
export const LOCAL_AUDIENCE = 'cairn-local';

export interface IssuerKeys {
  kid: string;
  privateKey: KeyObject;
  jwks: { keys: Record<string, unknown>[] };
}

/** Creates an in-memory key pair (tests). */
export function generateIssuerKeys(): IssuerKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keysFrom(privateKey, publicKey, randomUUID());
}

function keysFrom(privateKey: KeyObject, publicKey: KeyObject, kid: string): IssuerKeys {
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

/** Loads the key pair from `dir`, creating it on first use; `npm start` and `npm run token` share it. */
export function loadOrCreateIssuerKeys(dir: string): IssuerKeys {
  const keyFile = join(dir, 'private.pem');
  const kidFile = join(dir, 'kid');
  if (!existsSync(keyFile) || !existsSync(kidFile)) {
    mkdirSync(dir, { recursive: true });
    const keys = generateIssuerKeys();
    writeFileSync(keyFile, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(kidFile, keys.kid);
    return keys;
  }
  const privateKey = createPrivateKey(readFileSync(keyFile));
  return keysFrom(privateKey, createPublicKey(privateKey), readFileSync(kidFile, 'utf8').trim());
}

/** Loads existing keys only (the token CLI must not invent keys the running stack doesn't know). */
export function loadIssuerKeys(dir: string): IssuerKeys | undefined {
  if (!existsSync(join(dir, 'private.pem'))) return undefined;
  return loadOrCreateIssuerKeys(dir);
}

export interface TokenClaimsInput {
  userId: string;
  tenantId: string;
  roles: Role[];
  memberships?: Record<string, Role[]>;
  /** Platform roles (`operator`), as the `cairn:platform` claim the Cognito trigger sets from the operators' group. */
  platformRoles?: PlatformRole[];
  email?: string;
  /** IANA time zone, as the `zoneinfo` claim (the trigger puts the profile's there). */
  timeZone?: string;
  /** Seconds until expiry; negative values mint an already expired token (tests). */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  nowSeconds?: number;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** Signs an RS256 JWT with the issuer's key. */
export function mintToken(keys: IssuerKeys, input: TokenClaimsInput): string {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: keys.kid };
  const payload = {
    sub: input.userId,
    iss: input.issuer ?? LOCAL_ISSUER,
    aud: input.audience ?? LOCAL_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + (input.expiresInSeconds ?? 3600),
    token_use: 'id',
    'cairn:tenant': input.tenantId,
    'cairn:roles': input.roles,
    ...(input.memberships ? { 'cairn:memberships': JSON.stringify(input.memberships) } : {}),
    ...(input.platformRoles && input.platformRoles.length > 0 ? { 'cairn:platform': input.platformRoles.join(' ') } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.timeZone ? { zoneinfo: input.timeZone } : {}),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), keys.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}
