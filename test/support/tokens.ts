import { createPrivateKey, randomUUID } from 'node:crypto';
import { generateIssuerKeys, mintToken, type IssuerKeys, type TokenClaimsInput } from '../../bin/local/localIssuer.js';

/** The run's issuer keys (the verifier under test trusts exactly these, via AUTH_JWKS_JSON). */
export function runIssuerKeys(): IssuerKeys {
  const pem = process.env.TEST_ISSUER_KEY_PEM;
  const kid = process.env.TEST_ISSUER_KID;
  if (!pem || !kid) throw new Error('Test issuer keys missing: run tests through jest (globalSetup)');
  return { kid, privateKey: createPrivateKey(pem), jwks: JSON.parse(process.env.TEST_ISSUER_JWKS ?? '{"keys":[]}') };
}

/** A token for any principal, signed by the trusted key unless `keys` says otherwise. */
export function tokenFor(input: TokenClaimsInput, keys: IssuerKeys = runIssuerKeys()): string {
  return mintToken(keys, input);
}

/** Keys nobody trusts: for "signed by another key" cases. Same kid, so only the signature differs. */
export function foreignKeys(): IssuerKeys {
  const foreign = generateIssuerKeys();
  return { ...foreign, kid: runIssuerKeys().kid };
}

/** A tenant id no other test uses, so tests never see each other's data. */
export function uniqueTenant(label = 't'): string {
  return `${label}-${randomUUID().slice(0, 12)}`;
}
