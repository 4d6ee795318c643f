// Registry bearer tokens: RS256 JWTs signed with <data>/registry/token.key and carrying its certificate in the
// `x5c` header, which the registry checks against its rootcertbundle (the same certificate). Minted for docker
// clients by GET /api/v1/registry/token and by the console for itself (catalog, pull, delete; engine pulls).
import { createPrivateKey, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '@/lib/errors';
import type { RegistryAccess } from './scope';
import { REGISTRY_SERVICE, TOKEN_ISSUER, registryFiles, registrySettings } from './settings';

/** How long a token lasts: docker clients ask for a new one per operation, so short is fine. */
export const TOKEN_TTL_SECONDS = 300;

let signer: { dir: string; key: KeyObject; x5c: string } | undefined;

function loadSigner(): { key: KeyObject; x5c: string } {
  const dir = registrySettings().dir;
  if (signer?.dir !== dir) {
    const f = registryFiles(dir);
    if (!fs.existsSync(f.tokenKey) || !fs.existsSync(f.tokenCert)) throw new AppError('registry_unavailable', 'The image registry has not been set up on this console yet (it starts with the console).');
    const key = createPrivateKey(fs.readFileSync(f.tokenKey));
    const cert = new X509Certificate(fs.readFileSync(f.tokenCert));
    signer = { dir, key, x5c: cert.raw.toString('base64') };
  }
  return signer;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function mintRegistryToken(subject: string, access: RegistryAccess[], now = Date.now(), ttlSeconds = TOKEN_TTL_SECONDS): { token: string; expiresIn: number; issuedAt: string } {
  const { key, x5c } = loadSigner();
  const iat = Math.floor(now / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [x5c] };
  const claims = { iss: TOKEN_ISSUER, sub: subject, aud: REGISTRY_SERVICE, exp: iat + ttlSeconds, nbf: iat - 10, iat, jti: randomBytes(12).toString('hex'), access };
  const input = `${b64url(header)}.${b64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), key).toString('base64url');
  return { token: `${input}.${signature}`, expiresIn: ttlSeconds, issuedAt: new Date(iat * 1000).toISOString() };
}
