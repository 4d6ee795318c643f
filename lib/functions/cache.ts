// The gateway's in-memory cache of runnable functions, so that a warm invocation makes no database round trip.
// Entries are refreshed in the background after REFRESH_MS (another console process may have changed the
// function); invalidateFunction drops one at once, so the very next request reads the new state, and retires the
// containers of versions that are no longer active. Kept on globalThis: Next's bundles (route handlers,
// instrumentation) and the web server load this module as separate copies, and they must share one cache.
import 'server-only';
import { functionsProvider } from '@/lib/providers/registry';
import { loadRunnable } from './runnable';
import type { RunnableFunction } from './types';

const REFRESH_MS = 5_000;
/** Missing functions are remembered briefly too, so that a flood of requests to a bad URL stays off the database. */
const MISS_MS = 1_000;

type Entry = { fn: RunnableFunction | null; at: number; loading?: Promise<RunnableFunction | null> };
type Cache = { bySlugName: Map<string, Entry>; keysByFunction: Map<string, Set<string>>; generation: number };

const KEY = Symbol.for('overcast.functions.cache');

function cache(): Cache {
  const g = globalThis as unknown as Record<symbol, Cache | undefined>;
  return (g[KEY] ??= { bySlugName: new Map(), keysByFunction: new Map(), generation: 0 });
}

function keyOf(tenantSlug: string, name: string): string {
  return `${tenantSlug}/${name}`;
}

function load(c: Cache, key: string, tenantSlug: string, name: string): Promise<RunnableFunction | null> {
  const generation = c.generation;
  const p = loadRunnable({ tenantSlug, name }).then(
    (fn) => {
      // An invalidation while this read was in flight makes its result stale: do not store it.
      if (c.generation === generation) {
        c.bySlugName.set(key, { fn, at: Date.now() });
        if (fn) {
          let keys = c.keysByFunction.get(fn.functionId);
          if (!keys) c.keysByFunction.set(fn.functionId, (keys = new Set()));
          keys.add(key);
        }
      } else {
        settled();
      }
      return fn;
    },
    (err) => {
      settled();
      throw err;
    },
  );
  // A read whose result is not stored must not leave the entry marked as loading: it would never refresh again.
  function settled() {
    const e = c.bySlugName.get(key);
    if (e?.loading === p) delete e.loading;
  }
  const existing = c.bySlugName.get(key);
  if (existing) existing.loading = p;
  return p;
}

/** The runnable function at /fn/<tenantSlug>/<name>, from memory when it is there. */
export function cachedRunnable(tenantSlug: string, name: string): RunnableFunction | null | Promise<RunnableFunction | null> {
  const c = cache();
  const key = keyOf(tenantSlug, name);
  const e = c.bySlugName.get(key);
  if (!e) {
    const p = load(c, key, tenantSlug, name);
    c.bySlugName.set(key, { fn: null, at: 0, loading: p });
    return p;
  }
  if (e.at === 0) return e.loading ?? load(c, key, tenantSlug, name);
  const age = Date.now() - e.at;
  if (!e.fn && age > MISS_MS) return e.loading ?? load(c, key, tenantSlug, name);
  // Stale but present: serve it, refresh behind the request.
  if (age > REFRESH_MS && !e.loading) load(c, key, tenantSlug, name).catch(() => {});
  return e.fn;
}

/**
 * Forgets a function (after a deploy, rollback, settings or token change, or delete): the next request reads it
 * again. Containers of its versions that are no longer active finish what they serve and are removed.
 */
export function invalidateFunction(functionId: string): void {
  const c = cache();
  c.generation++;
  for (const key of c.keysByFunction.get(functionId) ?? []) c.bySlugName.delete(key);
  c.keysByFunction.delete(functionId);
  // Misses are cheap to forget too: a function just created under a name that was missing must be found at once.
  for (const [key, e] of c.bySlugName) if (!e.fn) c.bySlugName.delete(key);
  const pool = functionsProvider().runtime({ create: false });
  const tenantId = pool?.tenantOfFunction(functionId);
  if (!pool || !tenantId) return;
  loadRunnable({ tenantId, functionId })
    .then((fn) => pool.retainOnly(functionId, fn?.version.id ?? null))
    .catch((err) => console.error(`[functions] retiring old versions of ${functionId} failed: ${(err as Error).message}`));
}

/** Forgets every cached function of a tenant (it was suspended or reactivated): the next request reads its state. */
export function invalidateTenantFunctions(tenantId: string): void {
  const c = cache();
  c.generation++;
  for (const [key, e] of c.bySlugName) {
    if (e.fn && e.fn.tenantId !== tenantId) continue;
    c.bySlugName.delete(key);
    if (e.fn) c.keysByFunction.delete(e.fn.functionId);
  }
}
