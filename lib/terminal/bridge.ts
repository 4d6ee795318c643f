// Joins a browser's WebSocket to a shell session. Binary frames are keystrokes, text frames are JSON controls
// ({"type":"resize","cols","rows"}); the server sends the shell's bytes as binary frames and JSON notices as text
// ({"type":"exit","code"} / {"type":"error","message"}). Either side ending ends the other. Limits: a message size
// (enforced by the WebSocket server), a backlog of unread input, an idle time without keystrokes, the sign-in's
// expiry, the end of the user's access (a signal the caller aborts), and a heartbeat that drops connections whose
// peer vanished.
import WebSocket from 'ws';
import { z } from 'zod';
import type { TerminalSession } from '@/lib/providers/types';

/** Close codes the browser turns into a message (4000–4999 are the application's own). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  badMessage: 1008,
  tooBig: 1009,
  failed: 1011,
  idle: 4001,
  expired: 4002,
  /** The session was revoked, the user disabled, or their membership removed or downgraded. */
  revoked: 4003,
} as const;

export const ZTerminalSize = z.object({
  cols: z.coerce.number().int().min(2).max(500),
  rows: z.coerce.number().int().min(1).max(200),
});
const ZControl = z.discriminatedUnion('type', [z.object({ type: z.literal('resize') }).extend(ZTerminalSize.shape)]);

export type BridgeOptions = {
  idleMs: number;
  /** When the session must end anyway (the sign-in expires); ms since epoch. */
  endsAt: number;
  heartbeatMs?: number;
  /** Unread input beyond this closes the session (a flood the shell does not consume). */
  maxBacklogBytes?: number;
  /** Aborted when the user's access ends (its reason is the close reason): closes with CLOSE.revoked. */
  signal?: AbortSignal;
};

export type BridgeEnd = { code: number; reason: string };

const HIGH_WATER = 1 << 20;

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Runs until either side ends; resolves with how it ended once the shell is closed too. */
export function bridge(ws: WebSocket, session: TerminalSession, opts: BridgeOptions): Promise<BridgeEnd> {
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const maxBacklog = opts.maxBacklogBytes ?? HIGH_WATER;
  let resolveEnd!: (e: BridgeEnd) => void;
  const ended = new Promise<BridgeEnd>((r) => (resolveEnd = r));
  let finished: BridgeEnd | undefined;

  function finish(code: number, reason: string, notice?: object): void {
    if (finished) return;
    finished = { code, reason };
    clearTimeout(idle);
    clearTimeout(expiry);
    clearInterval(heartbeat);
    opts.signal?.removeEventListener('abort', onAbort);
    if (ws.readyState === WebSocket.OPEN) {
      if (notice) ws.send(JSON.stringify(notice));
      ws.close(code, reason);
    }
    void session.close().finally(() => resolveEnd(finished!));
  }

  let idle = setTimeout(() => finish(CLOSE.idle, 'idle'), opts.idleMs);
  // Timers hold at most 2³¹−1 ms (24.8 days); a later end is re-armed when that much has passed.
  let expiry: ReturnType<typeof setTimeout>;
  const armExpiry = () => {
    const left = opts.endsAt - Date.now();
    expiry = left > 0 ? setTimeout(armExpiry, Math.min(left, 2 ** 31 - 1)) : setTimeout(() => finish(CLOSE.expired, 'sign-in expired'), 0);
  };
  armExpiry();
  let alive = true;
  const heartbeat = setInterval(() => {
    if (!alive) return void (ws.terminate(), finish(CLOSE.goingAway, 'peer vanished'));
    alive = false;
    ws.ping();
  }, heartbeatMs);
  ws.on('pong', () => (alive = true));

  ws.on('message', (data, isBinary) => {
    if (finished) return;
    if (isBinary) {
      clearTimeout(idle);
      idle = setTimeout(() => finish(CLOSE.idle, 'idle'), opts.idleMs);
      if (session.write(toBuffer(data)) > maxBacklog) finish(CLOSE.tooBig, 'input backlog too large');
      return;
    }
    let control: z.infer<typeof ZControl>;
    try {
      control = ZControl.parse(JSON.parse(toBuffer(data).toString('utf8')));
    } catch {
      return finish(CLOSE.badMessage, 'unsupported message');
    }
    void session.resize({ cols: control.cols, rows: control.rows }).catch(() => {});
  });
  function onAbort(): void {
    finish(CLOSE.revoked, String(opts.signal?.reason ?? 'access revoked'));
  }
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  ws.on('close', (code) => finish(code === CLOSE.tooBig ? CLOSE.tooBig : CLOSE.normal, 'client closed'));
  // An over-long message: ws has already answered 1009 to the browser; say so in the result too.
  ws.on('error', (err: Error & { code?: string }) =>
    err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? finish(CLOSE.tooBig, 'message too large') : finish(CLOSE.failed, 'socket error'),
  );

  void (async () => {
    try {
      for await (const chunk of session.output) {
        if (finished) break;
        ws.send(chunk, { binary: true });
        // A slow browser: stop reading the shell until its buffer drains (the shell then blocks on its writes).
        while (ws.bufferedAmount > HIGH_WATER && ws.readyState === WebSocket.OPEN) await new Promise((r) => setTimeout(r, 20));
      }
      if (!finished) finish(CLOSE.normal, 'shell exited', { type: 'exit', code: await session.exitCode() });
    } catch (err) {
      finish(CLOSE.failed, 'engine error', { type: 'error', message: (err as Error).message });
    }
  })();
  return ended;
}
