// HTTP upgrades (WebSockets) that the console's own web server routes before Next.js sees them. Route handlers
// cannot take a WebSocket, so features register a handler here from code that Next compiles (instrumentation),
// and scripts/web-server.ts asks this registry on every `upgrade`. It lives on globalThis because the web server
// and Next's bundles load this module as separate copies. No `server-only`: the plain-Node script imports it too.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface UpgradeHandler {
  readonly name: string;
  /** Whether this handler owns the request (by its path); checked synchronously, in registration order. */
  matches(req: IncomingMessage): boolean;
  /** Takes over the socket: accepts the upgrade or answers it with an HTTP error. Never throws. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every connection it holds (the server is stopping). */
  close(): Promise<void>;
}

const KEY = Symbol.for('overcast.upgradeHandlers');

function handlers(): Map<string, UpgradeHandler> {
  const g = globalThis as unknown as Record<symbol, Map<string, UpgradeHandler> | undefined>;
  return (g[KEY] ??= new Map());
}

/** Adds (or, under the same name, replaces) a handler. */
export function registerUpgradeHandler(handler: UpgradeHandler): void {
  handlers().set(handler.name, handler);
}

export function upgradeHandlerFor(req: IncomingMessage): UpgradeHandler | undefined {
  for (const h of handlers().values()) if (h.matches(req)) return h;
  return undefined;
}

export async function closeUpgradeHandlers(): Promise<void> {
  await Promise.allSettled([...handlers().values()].map((h) => h.close()));
}
