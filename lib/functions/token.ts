// Invoke tokens of private functions: shown once when made, only their sha256 is stored, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'ocfn_';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A new random token and the hash to store in ServerlessFunction.tokenHash. */
export function newInvokeToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

/** Whether `token` is the one whose sha256 is `hash` (false for an empty token or hash). */
export function tokenMatches(token: string | null | undefined, hash: string | null | undefined): boolean {
  if (!token || !hash) return false;
  const a = Buffer.from(sha256(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
