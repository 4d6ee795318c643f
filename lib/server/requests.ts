// Plain HTTP requests that the console's own web server routes before Next.js sees them (the functions gateway under
// /fn/: it must answer in about a millisecond, which Next's routing and its Request/Response objects do not allow).
// Features register a handler here from Next-compiled code (instrumentation), as upgrades do in upgrade.ts; it
// lives on globalThis because the web server and Next's bundles load this module as separate copies.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestHandler {
  readonly name: string;
  /** Whether this handler owns the request (by its path); checked synchronously, in registration order. */
  matches(req: IncomingMessage): boolean;
  /** Answers the request. Never throws. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Stops what it runs (the server is stopping). */
  close(): Promise<void>;
}

const KEY = Symbol.for('overcast.requestHandlers');

function handlers(): Map<string, RequestHandler> {
  const g = globalThis as unknown as Record<symbol, Map<string, RequestHandler> | undefined>;
  return (g[KEY] ??= new Map());
}

/** Adds (or, under the same name, replaces) a handler. */
export function registerRequestHandler(handler: RequestHandler): void {
  handlers().set(handler.name, handler);
}

export function requestHandlerFor(req: IncomingMessage): RequestHandler | undefined {
  for (const h of handlers().values()) if (h.matches(req)) return h;
  return undefined;
}

export async function closeRequestHandlers(): Promise<void> {
  await Promise.allSettled([...handlers().values()].map((h) => h.close()));
}
