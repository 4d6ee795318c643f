// A registry of handlers the console's own web server asks before Next.js (see upgrade.ts and requests.ts). Features
// register from Next-compiled code (instrumentation); the registry lives on globalThis because the web server and
// Next's bundles load these modules as separate copies. No `server-only`: the plain-Node script imports it too.
import type { IncomingMessage } from 'node:http';

export interface RoutedHandler {
  readonly name: string;
  /** Whether this handler owns the request (by its path); checked synchronously, in registration order. */
  matches(req: IncomingMessage): boolean;
  /** Ends what it holds or runs (the server is stopping). */
  close(): Promise<void>;
}

export function handlerRegistry<H extends RoutedHandler>(symbolName: string) {
  const key = Symbol.for(symbolName);
  const handlers = (): Map<string, H> => {
    const g = globalThis as unknown as Record<symbol, Map<string, H> | undefined>;
    return (g[key] ??= new Map());
  };
  return {
    /** Adds (or, under the same name, replaces) a handler. */
    register(handler: H): void {
      handlers().set(handler.name, handler);
    },
    handlerFor(req: IncomingMessage): H | undefined {
      for (const h of handlers().values()) if (h.matches(req)) return h;
      return undefined;
    },
    async closeAll(): Promise<void> {
      await Promise.allSettled([...handlers().values()].map((h) => h.close()));
    },
  };
}
