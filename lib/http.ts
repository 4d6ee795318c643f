// Route-handler plumbing for /api/v1: JSON bodies, and every failure as an RFC 9457 problem with a stable code.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status });
}

export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: `about:blank#${code}`, title, status, code, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** A text/event-stream response that proxies and browsers neither buffer nor cache. */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}

/** Reads a JSON body; a malformed one is a validation problem, not a crash. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError('validation_failed', 'The request body must be valid JSON.');
  }
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** Wraps a route handler: AppError → its problem; anything else → 500 with an id that is also logged. */
export function route<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      if (err instanceof AppError) {
        const extra = { ...err.details, ...(Object.keys(err.fields).length ? { errors: err.fields } : {}) };
        return problem(err.status, err.code, err.message, extra);
      }
      const errorId = randomUUID();
      console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed (error id ${errorId})`, err);
      return problem(500, 'internal', 'Something went wrong on our side.', { errorId });
    }
  };
}
