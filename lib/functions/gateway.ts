// The invoke gateway: /fn/<tenant-slug>/<function-name>[/<path>] on the console's web server. Finds the function
// in the in-memory cache (no database round trip once warm), checks the caller's token for private functions, reads
// the body up to the limit, and runs the invocation (invoke.ts). Errors are JSON problems with stable codes.
// A plain Node handler (see lib/server/requests.ts), not a Next route: it must add about a millisecond, no more.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cachedRunnable } from './cache';
import { GATEWAY_PREFIX } from './invoke-url';
import { invokeFunction, problemResponse } from './invoke';
import { MAX_REQUEST_BYTES } from './limits';
import { takeRequest, type RateVerdict } from './rate-limit';
import { tokenMatches } from './token';
import type { FnRequest, FnResponse, RunnableFunction } from './types';

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;
const WITHHELD_REQUEST_HEADERS = new Set(['cookie', 'proxy-authorization']);

/** Splits /fn/<slug>/<name>/<rest>?<query> (null when it is not a function address). */
export function parseGatewayUrl(url: string): { tenantSlug: string; name: string; path: string; query: Record<string, string | string[]> } | null {
  if (!url.startsWith(GATEWAY_PREFIX)) return null;
  const q = url.indexOf('?');
  const pathname = q >= 0 ? url.slice(0, q) : url;
  const parts = pathname.slice(GATEWAY_PREFIX.length).split('/');
  const [tenantSlug, name] = parts;
  if (!tenantSlug || !name || !SEGMENT.test(tenantSlug) || !SEGMENT.test(name)) return null;
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return { tenantSlug, name, path: '/' + parts.slice(2).join('/'), query };
}

function send(res: ServerResponse, r: FnResponse, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = Buffer.from(r.body, 'utf8');
  res.writeHead(r.status, { ...r.headers, ...extra, 'content-length': body.length });
  res.end(body);
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

/** Reads the body as UTF-8, or null when it exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        over = true;
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => over || resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse): void {
  // The rest of the body is not read: close the connection rather than drain it.
  send(res, problemResponse(413, 'payload_too_large', `The request body is larger than ${MAX_REQUEST_BYTES} bytes.`, { limitBytes: MAX_REQUEST_BYTES }), { connection: 'close' });
}

function rateLimited(res: ServerResponse, v: Exclude<RateVerdict, { ok: true }>): void {
  const who = v.scope === 'function' ? 'this function' : 'this organisation’s functions';
  send(res, problemResponse(429, 'rate_limited', `Too many requests to ${who}: at most ${v.rate} per second.`, { scope: v.scope, limitPerSecond: v.rate, retryAfterSeconds: v.retryAfterSeconds }), {
    'retry-after': String(v.retryAfterSeconds),
  });
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = parseGatewayUrl(req.url ?? '');
  const notFound = () => send(res, problemResponse(404, 'function_not_found', 'No such function.'));
  if (!target) return notFound();
  let fn: RunnableFunction | null;
  try {
    const cached = cachedRunnable(target.tenantSlug, target.name);
    fn = cached instanceof Promise ? await cached : cached;
  } catch (err) {
    console.error(`[functions] could not look up ${req.url}: ${(err as Error).message}`);
    return send(res, problemResponse(503, 'function_unavailable', 'The function could not be looked up; try again shortly.'));
  }
  if (!fn) return notFound();
  // Public and private alike, before anything is counted or read: a suspended organisation's code does not run.
  if (fn.suspended) return send(res, problemResponse(403, 'tenant_suspended', 'This function’s organisation is suspended: its functions do not run.'));
  // Before the token check (guessing tokens is rate limited too) and before the body is read.
  const verdict = takeRequest(fn);
  if (!verdict.ok) return rateLimited(res, verdict);
  if (fn.access === 'token' && !tokenMatches(bearer(req), fn.tokenHash)) {
    return send(res, problemResponse(401, 'unauthorized', 'This function needs its invoke token: send Authorization: Bearer <token>.'), { 'www-authenticate': 'Bearer' });
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return tooLarge(res);
  const body = await readBody(req);
  if (body === null) return tooLarge(res);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    // The invoke token is the gateway's business, not the code's; the console's cookies (a visitor's session) and
    // proxy credentials never reach a tenant's code.
    if ((k === 'authorization' && fn.access === 'token') || WITHHELD_REQUEST_HEADERS.has(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const fnReq: FnRequest = { method: req.method ?? 'GET', path: target.path, query: target.query, headers, body };
  const result = await invokeFunction(fn, fnReq);
  send(res, result.response, { 'x-overcast-invocation-id': result.invocationId });
}

/** The gateway's request handler (never throws: anything unexpected is a 500 problem with an id in the log). */
export function handleGatewayRequest(req: IncomingMessage, res: ServerResponse): void {
  serve(req, res).catch((err) => {
    console.error(`[functions] gateway failed on ${req.method} ${req.url}`, err);
    send(res, problemResponse(500, 'internal', 'Something went wrong on our side.'));
  });
}

export function isGatewayRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(GATEWAY_PREFIX);
}
