// `Idempotency-Key` on creates (as Stripe and the IETF httpapi draft define it): a client that is not sure its create
// arrived sends it again with the same key and gets the first answer back instead of a second resource.
//  - The key is recorded (in progress) BEFORE the create runs, under a unique (scope, key): of two requests at once,
//    one runs and the other is told 409 `idempotency_in_progress`.
//  - Same key, same body (sha256 of canonical JSON) after it finished → the stored status and body, with
//    `Idempotent-Replayed: true`; same key, another body → 422 `idempotency_key_reused`.
//  - Only a success (2xx) is kept: an error (4xx, which changed nothing, or 5xx) releases the key, so a retry runs
//    again. Keys are scoped by user, tenant and route (another user's or tenant's same key is theirs) and kept 24 h.
//  - A request cut off by a restart leaves its key in progress until it expires (409 meanwhile): whether its create
//    happened is unknown, and answering 409 is safe where running it again might make a second resource.
//  - Bodies are stored sealed with lib/secrets: some creates answer a secret once (a function's invoke token, an
//    invitation link), and that answer is exactly what a retry must get back.
import 'server-only';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { uniqueViolation } from '@/lib/db/unique';
import { open, seal } from '@/lib/secrets/envelope';
import { secretsKeyring } from '@/lib/secrets/keyring';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so that the same body written in another key order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The request's key, or null without one; a malformed one is 400 `invalid_idempotency_key`. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('invalid_idempotency_key', 'An Idempotency-Key is 1 to 255 visible ASCII characters (no spaces), e.g. a UUID.', {
      'Idempotency-Key': 'Use 1 to 255 visible ASCII characters.',
    });
  }
  return key;
}

const aad = (id: string) => `idempotency:${id}:response`;

function replay(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
}

export type IdempotencyOwner = { userId: string; tenantId?: string | null };

/**
 * Runs a create under the request's Idempotency-Key (if it has one). `body` is the parsed request body (what the
 * key is bound to); call this after authentication and tenant resolution, so that an outsider still gets 404.
 */
export async function idempotent(req: Request, owner: IdempotencyOwner, body: unknown, run: () => Promise<Response>): Promise<Response> {
  const key = idempotencyKeyOf(req);
  if (key === null) return run();
  const scope = `${owner.userId}|${owner.tenantId ?? '-'}|${req.method} ${new URL(req.url).pathname}`;
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');

  let rowId: string | null = null;
  for (let attempt = 0; attempt < 2 && !rowId; attempt++) {
    try {
      rowId = (await db().idempotencyKey.create({ data: { scope, key, userId: owner.userId, tenantId: owner.tenantId ?? null, requestHash }, select: { id: true } })).id;
    } catch (err) {
      if (uniqueViolation(err) === undefined) throw err;
      const found = await db().idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
      if (!found) continue; // released meanwhile: try again
      if (found.createdAt.getTime() < Date.now() - IDEMPOTENCY_TTL_MS) {
        await db().idempotencyKey.deleteMany({ where: { id: found.id, createdAt: found.createdAt } });
        continue;
      }
      if (found.requestHash !== requestHash) {
        throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request body: use a new key for a new request.');
      }
      if (found.state === 'in_progress' || found.responseStatus === null || found.responseBody === null) {
        throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed: retry in a moment.');
      }
      return replay(found.responseStatus, open(found.responseBody, aad(found.id), secretsKeyring()));
    }
  }
  if (!rowId) throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed: retry in a moment.');

  const release = () => db().idempotencyKey.deleteMany({ where: { id: rowId, state: 'in_progress' } });
  let res: Response;
  try {
    res = await run();
  } catch (err) {
    await release().catch(() => undefined);
    throw err;
  }
  if (res.status < 200 || res.status >= 300) {
    await release();
    return res;
  }
  const text = await res.text();
  await db().idempotencyKey.update({
    where: { id: rowId },
    data: { state: 'done', responseStatus: res.status, responseBody: seal(text, aad(rowId), secretsKeyring()) },
  });
  return new Response(text, { status: res.status, headers: res.headers });
}

/** Deletes keys older than 24 h (hourly, with the audit retention job); returns how many. */
export async function pruneIdempotencyKeys(now = new Date()): Promise<number> {
  return (await db().idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } })).count;
}
