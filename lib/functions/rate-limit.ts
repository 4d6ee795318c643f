// The gateway's request rate limit: a token bucket per function and one per tenant, in the memory of the process
// that serves /fn/ (each console process limits what it serves). A bucket holds two seconds' worth of requests (the
// burst) and refills continuously; a request takes one token from both, or is refused with how long until one is
// there. A few map lookups and a little arithmetic: nothing on the warm path waits for anything.
import type { RunnableFunction } from './types';

type Bucket = { tokens: number; at: number; rate: number };

const BURST_SECONDS = 2;
/** Buckets not touched for this long are full again anyway: forgotten, so the maps do not grow without end. */
const IDLE_MS = 60_000;
const SWEEP_EVERY = 10_000;

type Limiter = { functions: Map<string, Bucket>; tenants: Map<string, Bucket>; calls: number };

const KEY = Symbol.for('overcast.functions.rate-limit');

function limiter(): Limiter {
  const g = globalThis as unknown as Record<symbol, Limiter | undefined>;
  return (g[KEY] ??= { functions: new Map(), tenants: new Map(), calls: 0 });
}

/** Tokens in the bucket now (refilled since it was last seen); a new or re-rated bucket starts full. */
function refill(map: Map<string, Bucket>, id: string, rate: number, now: number): Bucket {
  let b = map.get(id);
  if (!b || b.rate !== rate) {
    b = { tokens: rate * BURST_SECONDS, at: now, rate };
    map.set(id, b);
    return b;
  }
  b.tokens = Math.min(rate * BURST_SECONDS, b.tokens + ((now - b.at) / 1000) * rate);
  b.at = now;
  return b;
}

export type RateVerdict = { ok: true } | { ok: false; scope: 'function' | 'tenant'; rate: number; retryAfterSeconds: number };

const OK: RateVerdict = { ok: true };

/** Takes one request of `fn` from its function's and its tenant's buckets, or says which is empty and for how long. */
export function takeRequest(fn: Pick<RunnableFunction, 'functionId' | 'tenantId' | 'limits'>, now = performance.now()): RateVerdict {
  const { functionRps, tenantRps } = fn.limits;
  if (functionRps <= 0 && tenantRps <= 0) return OK;
  const l = limiter();
  if (++l.calls % SWEEP_EVERY === 0) sweep(l, now);
  const f = functionRps > 0 ? refill(l.functions, fn.functionId, functionRps, now) : undefined;
  const t = tenantRps > 0 ? refill(l.tenants, fn.tenantId, tenantRps, now) : undefined;
  // Both must have a token before either gives one: a request refused by its tenant costs its function nothing.
  if (f && f.tokens < 1) return refused('function', f);
  if (t && t.tokens < 1) return refused('tenant', t);
  if (f) f.tokens -= 1;
  if (t) t.tokens -= 1;
  return OK;
}

function refused(scope: 'function' | 'tenant', b: Bucket): RateVerdict {
  return { ok: false, scope, rate: b.rate, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / b.rate)) };
}

function sweep(l: Limiter, now: number): void {
  for (const m of [l.functions, l.tenants]) for (const [id, b] of m) if (now - b.at > IDLE_MS) m.delete(id);
}

/** Forgets every bucket (tests). */
export function resetRateLimits(): void {
  const l = limiter();
  l.functions.clear();
  l.tenants.clear();
}
