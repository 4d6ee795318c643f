// Route-handler plumbing for /api/v1: JSON bodies, and every failure as an RFC 9457 problem with a stable code.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { assertCleanInput, assertCleanRequest } from '@/lib/server/input-guard';
import { assertNotCrossSite } from '@/lib/server/csrf';
import { env } from '@/lib/env';
import { clientAddressFrom, noteToken, withRequestAudit } from '@/lib/audit/context';
import { bearerSecret, setRequestToken, withRequestCredential } from '@/lib/auth/request-credential';
import { resolveApiToken } from '@/lib/auth/api-tokens';
import { countAddressRequest, countTokenRequest } from '@/lib/server/api-rate-limit';
import { auditEndedRequest, routeTemplate } from '@/lib/audit/refusals';

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status });
}

export function problem(
  status: number,
  code: string,
  title: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: `about:blank#${code}`, title, status, code, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Headers an error's answer needs (RFC 6750 and RFC 9110): how to authenticate, when to retry. */
function errorHeaders(err: AppError): Record<string, string> {
  if (err.code === 'invalid_token') return { 'www-authenticate': 'Bearer error="invalid_token"' };
  if (err.code === 'unauthenticated') return { 'www-authenticate': 'Bearer' };
  if (err.code === 'rate_limited' && typeof err.details.retryAfter === 'number') return { 'retry-after': String(err.details.retryAfter) };
  return {};
}

/** A text/event-stream response that proxies and browsers neither buffer nor cache. */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}

/** Reads a JSON body; a malformed one is a validation problem, not a crash. */
export async function readJson(req: Request): Promise<unknown> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError('validation_failed', 'The request body must be valid JSON.');
  }
  assertCleanInput(body);
  return body;
}

/** Reads a text body (e.g. a CSV upload), refusing NUL and broken Unicode like readJson. */
export async function readText(req: Request): Promise<string> {
  const text = await req.text();
  assertCleanInput(text);
  return text;
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps a route handler: AppError → its problem; anything else → 500 with an id that is also logged. The request's
 * client address is kept for the audit log, and a write refused by the authorization layer or failed is recorded
 * (lib/audit/refusals.ts). Requests are rate-limited per client address and per API token
 * (lib/server/api-rate-limit.ts). `Authorization: Bearer <token>` authenticates with an API token instead of the
 * session cookie (lib/auth/api-tokens.ts): such a request is not the browser's doing — no page can add that header
 * to a cross-site request without a CORS preflight the console never grants — so the cookie CSRF check is for
 * cookie requests only.
 */
export function route<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return (req, ctx) => {
    const clientAddress = clientAddressFrom(req.headers);
    const secret = bearerSecret(req.headers);
    return withRequestAudit({ clientAddress }, () =>
      withRequestCredential(secret !== null, async () => {
        try {
          await assertCleanRequest(req, ctx?.params);
          countAddressRequest(clientAddress);
          // Exempts Bearer requests itself (see lib/server/csrf.ts): they are authenticated by the token below.
          assertNotCrossSite(req, { publicUrl: env().OVERCAST_PUBLIC_URL });
          if (secret !== null) {
            const token = await resolveApiToken(secret, clientAddress);
            setRequestToken(token);
            noteToken({ id: token.tokenId, name: token.name });
            countTokenRequest(token.tokenId);
          }
          return await handler(req, ctx);
        } catch (err) {
          const path = new URL(req.url).pathname;
          let response: Response;
          let errorId: string | undefined;
          if (err instanceof AppError) {
            const extra = { ...err.details, ...(Object.keys(err.fields).length ? { errors: err.fields } : {}) };
            response = problem(err.status, err.code, err.message, extra, errorHeaders(err));
          } else {
            errorId = randomUUID();
            console.error(`[api] ${req.method} ${path} failed (error id ${errorId})`, err);
            response = problem(500, 'internal', 'Something went wrong on our side.', { errorId });
          }
          const params = (await Promise.resolve(ctx?.params).catch(() => undefined)) as Record<string, string> | undefined;
          await auditEndedRequest({ method: req.method, action: `${req.method} ${routeTemplate(path, params)}`, path, error: err, errorId });
          return response;
        }
      }),
    );
  };
}
