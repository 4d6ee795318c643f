// The web terminal's WebSocket endpoint, GET /api/v1/tenants/{slug}/instances/{id}/terminal?cols&rows with
// `Upgrade: websocket`. Every check happens before the upgrade is accepted, and a refusal is a plain HTTP answer
// (problem+json): 403 foreign Origin, 401 no valid sign-in, 404 tenant or instance not the user's, 403 role below
// member, 409 not running / no terminal / tenant suspended. Then: an audit event, the driver's shell, the bridge.
import 'server-only';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { findSessionUser, resolveTenant } from '@/lib/auth/principal';
import { authorize } from '@/lib/auth/context';
import { watchAccess } from '@/lib/auth/access-watch';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import type { UpgradeHandler } from '@/lib/server/upgrade';
import { terminalTarget } from './access';
import { upgradePrincipal } from './handshake';
import { bridge, CLOSE, ZTerminalSize } from './bridge';

const PATH = /^\/api\/v1\/tenants\/([^/]+)\/instances\/([^/]+)\/terminal\/?$/;

export type TerminalServerOptions = {
  /** AUTH_SECRET: decodes the session cookie. */
  secret: string;
  idleMs: number;
  /** Largest single message (a paste); bigger ones close the session with 1009. */
  maxMessageBytes?: number;
  heartbeatMs?: number;
  /** How often an open session re-checks the user's session, account and membership (default 5 s). */
  recheckMs?: number;
};

export const TERMINAL_MAX_MESSAGE_BYTES = 64 * 1024;

function refuse(socket: Duplex, err: unknown): void {
  let status = 500;
  let body: Record<string, unknown> = { code: 'internal', title: 'Something went wrong on our side.' };
  if (err instanceof AppError) {
    status = err.status;
    body = { code: err.code, title: err.message };
  } else {
    console.error('[terminal] upgrade failed', err);
  }
  const json = JSON.stringify({ type: `about:blank#${body.code}`, status, ...body });
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${json}`,
  );
}

function routeOf(req: IncomingMessage): { slug: string; id: string; query: URLSearchParams } | null {
  const url = new URL(req.url ?? '/', 'http://console.invalid');
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  try {
    return { slug: decodeURIComponent(m[1]!), id: decodeURIComponent(m[2]!), query: url.searchParams };
  } catch {
    return null;
  }
}

export function createTerminalServer(opts: TerminalServerOptions): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes ?? TERMINAL_MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const sessions = new Set<Promise<unknown>>();

  /**
   * Aborts `revoked` once the session is revoked or ended, the user disabled or gone, or their role in the tenant no
   * longer allows a terminal: checked every recheckMs, and at once when this process changes someone's access.
   * Returns the function that stops watching.
   */
  function watchTerminalAccess(userId: string, sessionId: string, slug: string, revoked: AbortController): () => void {
    return watchAccess({
      userId,
      everyMs: opts.recheckMs ?? 5_000,
      label: 'terminal',
      check: async () => {
        const user = await findSessionUser(userId, sessionId);
        if (!user) throw new AppError('unauthenticated', 'signed out');
        authorize(await resolveTenant(user, slug), 'resource.terminal');
      },
      onLost: (err) =>
        revoked.abort(err.code === 'unauthenticated' ? 'signed out' : err.code === 'not_found' ? 'membership removed' : 'role no longer allows a terminal'),
    });
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const route = routeOf(req)!;
    const { user, sessionId, expiresAt } = await upgradePrincipal(req.headers, opts.secret);
    const ctx = await resolveTenant(user, route.slug);
    const { inst, driver } = await terminalTarget(ctx, route.id);
    const parsed = ZTerminalSize.safeParse({ cols: route.query.get('cols') ?? 80, rows: route.query.get('rows') ?? 24 });
    const size = parsed.success ? parsed.data : { cols: 80, rows: 24 };
    // The web server pinned X-Forwarded-For to the client's one address (lib/server/client-address.ts).
    const clientAddress = [req.headers['x-forwarded-for']].flat()[0]?.trim() || null;
    const audit = { tenantId: ctx.tenant.id, actorId: user.id, targetType: 'instance', targetId: inst.id, clientAddress };
    // Recorded before the shell exists: a session that cannot be audited is not opened.
    await recordAudit(db(), { ...audit, action: 'instance.terminal.opened', metadata: { name: inst.name } });
    const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));
    const started = Date.now();
    const run = (async () => {
      let session;
      try {
        session = await driver.terminal(toDriverInstance(inst), { size });
      } catch (err) {
        ws.send(JSON.stringify({ type: 'error', message: (err as Error).message }));
        ws.close(CLOSE.failed, 'engine error');
        return;
      }
      if (ws.readyState !== ws.OPEN) return void (await session.close()); // the browser left while the shell started
      ws.send(JSON.stringify({ type: 'ready' }));
      const revoked = new AbortController();
      const stopWatching = watchTerminalAccess(user.id, sessionId, route.slug, revoked);
      const end = await bridge(ws, session, {
        idleMs: opts.idleMs,
        endsAt: expiresAt,
        heartbeatMs: opts.heartbeatMs,
        signal: revoked.signal,
      }).finally(stopWatching);
      await recordAudit(db(), {
        ...audit,
        action: 'instance.terminal.closed',
        metadata: { name: inst.name, seconds: Math.round((Date.now() - started) / 1000), reason: end.reason },
      });
    })().catch((err) => console.error('[terminal] session failed', err));
    sessions.add(run);
    void run.finally(() => sessions.delete(run));
  }

  return {
    name: 'terminal',
    matches: (req) => routeOf(req) !== null,
    handle(req, socket, head) {
      // A client that goes away while we check must not crash the process with an unhandled 'error'.
      socket.on('error', () => socket.destroy());
      accept(req, socket, head).catch((err) => refuse(socket, err));
    },
    async close() {
      for (const ws of wss.clients) ws.close(CLOSE.goingAway, 'server stopping');
      await Promise.allSettled([...sessions]);
    },
  };
}
