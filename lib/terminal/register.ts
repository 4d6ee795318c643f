// Called from Next's instrumentation hook, so that the terminal's code is compiled by Next and shares this
// process's one Prisma client (lib/db/client keeps it on globalThis; the embedded database allows one connection
// per process, so the web server must not open a second pool of its own). scripts/web-server.ts then routes
// upgrades on the terminal's path here.
import 'server-only';
import { env } from '@/lib/env';
import { registerUpgradeHandler } from '@/lib/server/upgrade';
import { createTerminalServer } from './server';

export function registerTerminalServer(): void {
  const secret = process.env.AUTH_SECRET;
  if (!secret) {
    console.warn('[terminal] AUTH_SECRET is not set: the web terminal is unavailable');
    return;
  }
  registerUpgradeHandler(
    createTerminalServer({
      secret,
      idleMs: env().OVERCAST_TERMINAL_IDLE_MINUTES * 60_000,
      recheckMs: env().OVERCAST_TERMINAL_RECHECK_SECONDS * 1000,
    }),
  );
}
