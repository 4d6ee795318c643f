// Listening to a tenant's changes for the watch API: what this process publishes (lib/live/changes.ts) and, while
// anyone listens, what a check of the database every few seconds finds written by another process (the fallback),
// so a notification is a speed-up, never the only way a change is seen.
import 'server-only';
import { db } from '@/lib/db/client';
import { onPublished, publishChange, type Change, type ChangeKind } from './changes';

/** How often another process's writes are looked for while someone listens to a tenant. */
export const FALLBACK_CHECK_MS = 2_000;

type Fallback = { listeners: number; timer: ReturnType<typeof setInterval>; since: Date; seen: Map<string, string>; busy: boolean };
// On globalThis, like the bus: one check per tenant for the whole process, whichever module copy listens.
const g = globalThis as unknown as { overcastChangeFallbacks?: Map<string, Fallback> };
const fallbacks = (g.overcastChangeFallbacks ??= new Map());

/**
 * Calls `fn` on each change of the tenant (published here, or found by the fallback check while anyone listens);
 * returns the unsubscribe function. A change may be told more than once; listeners re-read what they show.
 */
export function onTenantChange(tenantId: string, fn: (c: Change) => void): () => void {
  const offPublished = onPublished(tenantId, fn);
  let f = fallbacks.get(tenantId);
  if (!f) {
    const created: Fallback = { listeners: 0, since: new Date(), seen: new Map(), busy: false, timer: setInterval(() => void checkOthers(tenantId, created), FALLBACK_CHECK_MS) };
    created.timer.unref?.();
    fallbacks.set(tenantId, created);
    f = created;
  }
  f.listeners++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    offPublished();
    const cur = fallbacks.get(tenantId);
    if (cur && --cur.listeners <= 0) {
      clearInterval(cur.timer);
      fallbacks.delete(tenantId);
    }
  };
}

/**
 * The fallback: rows of the tenant written since the last check whose visible state (status, generation, reason,
 * endpoints; a function's settings and version) differs from what was last seen. The reconciler's lease writes
 * also touch `updatedAt`; the signature keeps them from being told as changes (after the first sighting).
 */
async function checkOthers(tenantId: string, f: Fallback): Promise<void> {
  if (f.busy) return;
  f.busy = true;
  try {
    const since = f.since;
    const [instances, functions] = await Promise.all([
      db().instance.findMany({
        where: { tenantId, updatedAt: { gt: since } },
        select: { id: true, status: true, statusReason: true, generation: true, observedGeneration: true, endpoints: true, deletedAt: true, updatedAt: true },
      }),
      db().serverlessFunction.findMany({
        where: { tenantId, updatedAt: { gt: since } },
        select: { id: true, activeVersionId: true, deletedAt: true, updatedAt: true, name: true, access: true, concurrency: true, maxScale: true, idleSeconds: true },
      }),
    ]);
    let latest = since;
    const note = (kind: ChangeKind, id: string, sig: string, at: Date) => {
      if (at > latest) latest = at;
      const key = `${kind}:${id}`;
      if (f.seen.get(key) === sig) return;
      f.seen.set(key, sig);
      publishChange({ kind, id, tenantId });
    };
    for (const { updatedAt, id, ...rest } of instances) note('instance', id, JSON.stringify(rest), updatedAt);
    for (const { updatedAt, id, ...rest } of functions) note('function', id, JSON.stringify(rest), updatedAt);
    // Rows written in the same millisecond as the newest seen are read again next time: the signature drops them.
    f.since = latest;
    if (f.seen.size > 10_000) f.seen.clear();
  } catch {
    // the database is unreachable for now: the next check tries again
  } finally {
    f.busy = false;
  }
}

/**
 * Resolves on the first change of the tenant that `match` accepts, or after `timeoutMs`, or when `signal` aborts.
 * true when a change came.
 */
export function nextChange(tenantId: string, match: (c: Change) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const finish = (changed: boolean) => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(changed);
    };
    const onAbort = () => finish(false);
    const off = onTenantChange(tenantId, (c) => {
      if (match(c)) finish(true);
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
