// TEMPORARY stand-in with the signature fixed in issue #6 until wt-fncore's lib/functions/token.ts is merged (take
// theirs at the merge). A random token shown once; only its sha256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function newInvokeToken(): { token: string; hash: string } {
  const token = `ocfn_${randomBytes(24).toString('base64url')}`;
  return { token, hash: sha256(token) };
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(sha256(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
