// Request rate limits for /api/v1: per client address (every request, before any credential is looked at, so that
// guessing token secrets is throttled too) and per API token. Fixed one-minute windows counted in this process's
// memory: a console is one process, a limit that resets on restart is harmless, and a database write per request
// (as the sign-in limiter in lib/auth/rate-limit.ts does per failure) would cost more than the requests it guards.
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';

const WINDOW_MS = 60_000;
/** Windows are dropped once this many keys are tracked and the oldest have ended (a flood of addresses stays bounded). */
const MAX_KEYS = 50_000;

type Window = { start: number; count: number };

// On globalThis: Next may load this module once per bundle layer, and all must count together.
const KEY = Symbol.for('overcast.apiRateWindows');
const g = globalThis as unknown as Record<symbol, Map<string, Window> | undefined>;
function windows(): Map<string, Window> {
  return (g[KEY] ??= new Map());
}

function prune(map: Map<string, Window>, now: number): void {
  if (map.size < MAX_KEYS) return;
  for (const [k, w] of map) if (now - w.start >= WINDOW_MS) map.delete(k);
}

/** Counts one request for `key` against `limit` per minute (0 = no limit); throws rate_limited with retryAfter. */
export function countRequest(key: string, limit: number, now = Date.now()): void {
  if (limit <= 0) return;
  const map = windows();
  let w = map.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    prune(map, now);
    w = { start: now, count: 0 };
    map.set(key, w);
  }
  if (w.count >= limit) {
    const retryAfter = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
    throw new AppError('rate_limited', `Too many requests: at most ${limit} a minute. Try again in ${retryAfter} s.`, {}, { retryAfter });
  }
  w.count++;
}

export function countAddressRequest(address: string | null): void {
  countRequest(`address|${address ?? 'unknown'}`, env().OVERCAST_API_RATE_PER_ADDRESS);
}

export function countTokenRequest(tokenId: string): void {
  countRequest(`token|${tokenId}`, env().OVERCAST_API_RATE_PER_TOKEN);
}

/** Forgets every window (tests). */
export function resetApiRateLimits(): void {
  windows().clear();
}
