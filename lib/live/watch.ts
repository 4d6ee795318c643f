// The watch API's domain side: a long-poll on one instance (answers when its row changes after the version the
// client has, or with the current state when nothing changed within the timeout), and a tenant's stream of change
// notifications (Server-Sent Events). The tenant is the request's context, never client input.
import 'server-only';
import { z } from 'zod';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { env } from '@/lib/env';
import { watchAccess } from '@/lib/auth/access-watch';
import { getInstance, type InstanceDetail } from '@/lib/instances/queries';
import type { Change } from './changes';
import { FALLBACK_CHECK_MS, nextChange, onTenantChange } from './listen';

export const WATCH_DEFAULT_S = 25;
export const WATCH_MAX_S = 55;

const versionMs = (s: string) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s));

/** The query of GET …/instances/{id} when it watches (the OpenAPI document is made from it). */
export const ZWatchQuery = z.object({
  watch: z.enum(['1']).optional().meta({ description: '`1`: wait until the instance changes (a long-poll) instead of answering at once.' }),
  since: z
    .string()
    .trim()
    .refine((s) => Number.isFinite(versionMs(s)), 'An instance version: its updatedAt (ISO 8601) or that time in milliseconds.')
    // A version from the future is no version this console gave (it would only make the answer wait).
    .refine((s) => !(versionMs(s) > Date.now() + 60_000), 'A version from the future: use the updatedAt of an answer.')
    .optional()
    .meta({ description: 'The `updatedAt` of the state the client has: the answer comes once the instance is newer. Without it the answer comes at once.' }),
  timeout: z.coerce
    .number()
    .int('Whole seconds.')
    .min(1, `1 to ${WATCH_MAX_S} seconds.`)
    .max(WATCH_MAX_S, `1 to ${WATCH_MAX_S} seconds.`)
    .default(WATCH_DEFAULT_S)
    .meta({ description: `Seconds to wait for a change (1–${WATCH_MAX_S}, default ${WATCH_DEFAULT_S}); then the current state is the answer.` }),
});

/** Reads `since` and `timeout` of a watch request (a bad one is a validation problem naming the parameter). */
export function parseWatchQuery(params: URLSearchParams): { sinceMs: number | null; timeoutMs: number } {
  const q = parseInput(ZWatchQuery, { watch: '1', since: params.get('since') ?? undefined, timeout: params.get('timeout') ?? undefined });
  return { sinceMs: q.since === undefined ? null : versionMs(q.since), timeoutMs: q.timeout * 1000 };
}

/**
 * The instance as GET returns it, once its version (updatedAt) is newer than `sinceMs`, or after `timeoutMs` with
 * nothing newer (the same answer: the client compares). Without `sinceMs` it answers at once. A change published
 * in this process answers at once; one written by another process is found within FALLBACK_CHECK_MS.
 * An instance deleted meanwhile is not found (404), as for GET.
 */
export async function watchInstance(ctx: TenantContext, id: string, sinceMs: number | null, timeoutMs: number, signal: AbortSignal): Promise<InstanceDetail> {
  authorize(ctx, 'resource.read');
  const deadline = Date.now() + timeoutMs;
  while (sinceMs !== null && !signal.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    // Listening before reading: a change between the read and the wait is not missed. (Stopped when not waited
    // on: a listener left behind would keep the tenant's fallback check going.)
    const stop = new AbortController();
    const changed = nextChange(ctx.tenant.id, (c) => c.kind === 'instance' && c.id === id, Math.min(left, FALLBACK_CHECK_MS), AbortSignal.any([signal, stop.signal]));
    try {
      const row = await db().instance.findFirst({ where: { id, tenantId: ctx.tenant.id, deletedAt: null }, select: { updatedAt: true } });
      if (!row) throw notFoundError('instance');
      if (row.updatedAt.getTime() > sinceMs) break;
      // Told of a change (published after its commit, or found in the database): answer without reading twice.
      if (await changed) break;
    } finally {
      stop.abort();
    }
  }
  return getInstance(ctx, id);
}

const enc = new TextEncoder();
const HEARTBEAT_MS = 15_000;

// Open streams per user in this process (each holds a connection and a listener until its client goes away).
const KEY = Symbol.for('overcast.live-streams');
const g = globalThis as unknown as { [KEY]?: Map<string, number> };
const openStreams = (g[KEY] ??= new Map<string, number>());

/** Takes one of the user's stream slots, or refuses (429) when they hold the most allowed; returns its release. */
function takeStreamSlot(userId: string): () => void {
  const held = openStreams.get(userId) ?? 0;
  const limit = env().OVERCAST_LIVE_STREAMS_PER_USER;
  if (held >= limit) {
    throw new AppError('rate_limited', `You have ${limit} event streams open already: close another tab or window of the console first.`);
  }
  openStreams.set(userId, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(userId) ?? 1) - 1;
    if (left > 0) openStreams.set(userId, left);
    else openStreams.delete(userId);
  };
}

/**
 * The tenant's change notifications as Server-Sent Events: `ready` once listening (a client re-reads what it shows
 * then: changes while it was away are not replayed), then one `change` event ({kind, id}) per change of an
 * instance or function of the tenant, and a comment line every 15 s so that proxies keep the connection.
 * `recheck` resolves the request's credential and access afresh: the stream ends with a `revoked` event once the
 * session or token is revoked, the user disabled or no longer a member (checked every OVERCAST_LIVE_RECHECK_SECONDS,
 * and at once when this process changes their access). A user holds at most OVERCAST_LIVE_STREAMS_PER_USER streams.
 */
export function tenantEventStream(ctx: TenantContext, signal: AbortSignal, recheck: () => Promise<TenantContext>): ReadableStream<Uint8Array> {
  authorize(ctx, 'resource.read');
  const tenantId = ctx.tenant.id;
  const release = takeStreamSlot(ctx.user.id);
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(enc.encode(text));
        } catch {
          cleanup();
        }
      };
      const off = onTenantChange(tenantId, (c: Change) => {
        // Only what the client may know: the kind and id (it reads the rest through the API, tenant-checked).
        if (c.tenantId === tenantId) send(`event: change\ndata: ${JSON.stringify({ kind: c.kind, id: c.id })}\n\n`);
      });
      const beat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      const stopWatching = watchAccess({
        userId: ctx.user.id,
        everyMs: env().OVERCAST_LIVE_RECHECK_SECONDS * 1000,
        label: 'events',
        check: async () => authorize(await recheck(), 'resource.read'),
        onLost: (err) => {
          send(`event: revoked\ndata: ${JSON.stringify({ code: err.code })}\n\n`);
          cleanup();
        },
      });
      cleanup = () => {
        off();
        clearInterval(beat);
        stopWatching();
        release();
        signal.removeEventListener('abort', onAbort);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const onAbort = () => cleanup();
      signal.addEventListener('abort', onAbort, { once: true });
      // Reconnect after 1 s when the connection drops (the browser's default is 3 s).
      send(`retry: 1000\nevent: ready\ndata: ${JSON.stringify({ at: new Date().toISOString() })}\n\n`);
      if (signal.aborted) cleanup();
    },
    cancel() {
      cleanup();
    },
  });
}
