// Issue 12 finding 4 — "anyone can fill the database through a public function" — on the real Docker Engine,
// through the real gateway: a function logging 200 × 8 KB lines stores at most the cap per invocation (with a
// marker) and 20 calls grow the database by a bounded amount; the gateway's rate limit answers 429 with
// Retry-After per function and per tenant while another tenant's function is unaffected; a tenant cannot run more
// function containers than its limit, nor the host more than its cap (429 / 503 with Retry-After).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The console's defaults for this file (read once, when first used): a small per-function rate, a small host cap.
vi.hoisted(() => {
  process.env.OVERCAST_FN_RATE_PER_FUNCTION = '10';
  process.env.OVERCAST_FN_RATE_PER_TENANT = '1000';
});

import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { functionNetworkName, LABEL_CONSOLE, LABEL_FN_TENANT } from '@/lib/providers/functions/names';
import { FunctionPool } from '@/lib/providers/functions/pool';
import { setFunctionPool } from '@/lib/providers/functions/pool-instance';
import { flushRecorder } from '@/lib/functions/recorder';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { quotaItems } from '@/lib/tenants/quota-view';
import { ownConsoleId, waitFor } from '../docker';
import { call, seedFunction, seedTenant, startGateway, startTestPool, type Gateway } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
const HOST_CAP = 4;
let pool: FunctionPool;
let gw: Gateway;

const url = (slug: string, name: string, rest = '') => invokeUrl(slug, name, gw.url) + rest;

/** 200 lines of 8 KB that do not compress (the database would shrink repeated characters). */
const FLOOD = `export default async () => {
  for (let i = 0; i < 200; i++) {
    let s = i + ':';
    while (s.length < 8192) s += Math.random().toString(36).slice(2);
    console.log(s.slice(0, 8192));
  }
  return { body: 'ok' };
}`;
const FAST = `export default async () => ({ body: 'ok' })`;
/** Answers after ?ms= milliseconds: holds its container busy for as long as a test needs. */
const SLOW = `export default async (req) => { await new Promise((r) => setTimeout(r, Number(req.query.ms ?? 0))); return { body: 'slow' }; }`;

async function tenantContainers(tenantId: string): Promise<number> {
  return (await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${CONSOLE}`, `${LABEL_FN_TENANT}=${tenantId}`] } })).length;
}

async function relationBytes(): Promise<number> {
  const [r] = await db().$queryRaw<{ n: bigint }[]>`SELECT (pg_total_relation_size('"FunctionLog"') + pg_total_relation_size('"FunctionInvocation"'))::int8 AS n`;
  return Number(r!.n);
}

beforeAll(async () => {
  pool = await startTestPool({ stemCells: 0, maxContainers: HOST_CAP, coldStartsPerTenant: 2 });
  gw = await startGateway();
});

afterAll(async () => {
  await gw?.close();
  await pool?.stop();
  setFunctionPool(undefined);
  for (const c of await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${CONSOLE}`] } })) await engine.getContainer(c.Id).remove({ force: true }).catch(() => {});
  await engine.getNetwork(functionNetworkName()).remove().catch(() => {});
});

describe('functions limits (issue 12 finding 4)', () => {
  it('stores at most the cap of a function logging 200 × 8 KB lines, with a marker, and 20 calls grow the database by little', async () => {
    const t = await seedTenant();
    const fn = await seedFunction({ tenantId: t.id, name: 'flood', code: FLOOD, concurrency: 1, maxScale: 1, timeoutMs: 30_000 });
    await flushRecorder();
    const before = await relationBytes();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await call(url(t.slug, 'flood'));
      expect(r.status).toBe(200);
      ids.push(r.headers.get('x-overcast-invocation-id')!);
    }
    await flushRecorder();
    for (const id of ids) {
      const lines = await db().functionLog.findMany({ where: { invocationId: id }, orderBy: { id: 'asc' } });
      const output = lines.slice(0, -1);
      // The defaults: 100 lines, 64 KiB, 4 KiB a line.
      expect(output.length).toBeGreaterThan(0);
      expect(output.reduce((n, l) => n + Buffer.byteLength(l.text), 0)).toBeLessThanOrEqual(64 * 1024);
      expect(output.every((l) => Buffer.byteLength(l.text) <= 4096)).toBe(true);
      expect(lines.at(-1)!.text).toMatch(/^\[overcast\] \d+ more line\(s\) of output \(\d+ bytes\) dropped/);
    }
    expect(await db().functionInvocation.count({ where: { functionId: fn.id } })).toBe(20);
    // 20 × 1.6 MB were sent; what is stored is 20 × 64 KiB at most, with its indexes and pages.
    const grown = (await relationBytes()) - before;
    expect(grown).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers 429 with Retry-After beyond a function’s rate and beyond its tenant’s, and another tenant’s function is not affected', async () => {
    const a = await seedTenant();
    const b = await seedTenant();
    await seedFunction({ tenantId: a.id, name: 'hot', code: FAST, concurrency: 100, maxScale: 1 });
    await seedFunction({ tenantId: b.id, name: 'calm', code: FAST, concurrency: 100, maxScale: 1 });
    expect((await call(url(a.slug, 'hot'))).status).toBe(200); // warm

    // Per function: 10/s, bursts of 20.
    const burst = await Promise.all(Array.from({ length: 60 }, () => call(url(a.slug, 'hot'))));
    const ok = burst.filter((r) => r.status === 200).length;
    const refused = burst.filter((r) => r.status === 429);
    expect(ok).toBeGreaterThanOrEqual(15);
    expect(ok).toBeLessThanOrEqual(35);
    expect(refused.length).toBe(60 - ok);
    for (const r of refused) {
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.json).toMatchObject({ status: 429, code: 'rate_limited', scope: 'function', limitPerSecond: 10 });
    }
    // The other tenant's function is served meanwhile.
    expect((await call(url(b.slug, 'calm'))).status).toBe(200);

    // Per tenant: 3/s (its quota), bursts of 6, over two functions (each under its own limit).
    const c = await seedTenant();
    await db().quota.update({ where: { tenantId: c.id }, data: { maxFnRequestsPerSecond: 3 } });
    await seedFunction({ tenantId: c.id, name: 'one', code: FAST, concurrency: 100, maxScale: 1 });
    await seedFunction({ tenantId: c.id, name: 'two', code: FAST, concurrency: 100, maxScale: 1 });
    const both = await Promise.all(Array.from({ length: 16 }, (_, i) => call(url(c.slug, i % 2 ? 'one' : 'two'))));
    const cOk = both.filter((r) => r.status === 200).length;
    expect(cOk).toBeGreaterThanOrEqual(4);
    expect(cOk).toBeLessThanOrEqual(9);
    for (const r of both.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.json).toMatchObject({ code: 'rate_limited', scope: 'tenant', limitPerSecond: 3 });
    }
    expect((await call(url(b.slug, 'calm'))).status).toBe(200);
    // A refused request costs the database nothing: only the served ones are recorded.
    await flushRecorder();
    expect(await db().functionInvocation.count({ where: { tenantId: c.id } })).toBe(cOk);
    // The quota shows the tenant's rate.
    expect((await quotaItems(c.id)).find((q) => q.key === 'functionRequestsPerSecond')).toMatchObject({ limit: 3, isDefault: false });
  });

  it('keeps a tenant within its function containers: more functions at once get 429 with Retry-After, not more containers', async () => {
    const t = await seedTenant();
    await db().quota.update({ where: { tenantId: t.id }, data: { maxFnContainers: 2 } });
    for (let i = 1; i <= 6; i++) await seedFunction({ tenantId: t.id, name: `s${i}`, code: SLOW, concurrency: 1, maxScale: 4, timeoutMs: 60_000 });

    // Two long requests hold two containers.
    const busy = [call(url(t.slug, 's1', '?ms=15000')), call(url(t.slug, 's2', '?ms=15000'))];
    await waitFor('two containers serving the tenant', async () => {
      const v = pool.snapshot().versions.filter((x) => x.busy > 0 && x.containers > 0 && x.starting === 0);
      return v.length >= 2;
    }, 60_000);

    // Four more functions at once, and a second request to s1: none gets a container.
    const more = await Promise.all([3, 4, 5, 6].map((i) => call(url(t.slug, `s${i}`))).concat(call(url(t.slug, 's1'))));
    for (const r of more) {
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.json).toMatchObject({ code: 'too_many_requests' });
    }
    expect(await tenantContainers(t.id)).toBeLessThanOrEqual(2);
    expect((await quotaItems(t.id)).find((q) => q.key === 'functionContainers')).toMatchObject({ used: 2, limit: 2 });

    // Once they are idle, a new function takes an idle container's place.
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200]);
    expect((await call(url(t.slug, 's3'))).status).toBe(200);
    await waitFor('the tenant back to 2 containers', async () => (await tenantContainers(t.id)) <= 2, 30_000);
  });

  it('keeps the host within its cap of function containers: 503 with Retry-After, then room once one is idle', async () => {
    const tenants = [await seedTenant(), await seedTenant()];
    for (const t of tenants) for (const n of ['h1', 'h2']) await seedFunction({ tenantId: t.id, name: n, code: SLOW, concurrency: 1, maxScale: 1, timeoutMs: 60_000 });
    const late = await seedTenant();
    await seedFunction({ tenantId: late.id, name: 'late', code: FAST });

    // Earlier tests' idle containers make room; four long requests then fill the host's 4 places.
    const busy = tenants.flatMap((t) => ['h1', 'h2'].map((n) => call(url(t.slug, n, '?ms=15000'))));
    await waitFor('four busy containers', async () => pool.snapshot().versions.filter((v) => v.busy > 0 && v.containers > 0).length >= 4, 90_000);
    const r = await call(url(late.slug, 'late'));
    expect(r.status).toBe(503);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(r.json).toMatchObject({ code: 'function_capacity' });
    // On the engine too (an idle container removed to make room may take a moment to go).
    await waitFor('at most the cap on the engine', async () => (await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${CONSOLE}`] } })).length <= HOST_CAP, 30_000);

    expect((await Promise.all(busy)).map((x) => x.status)).toEqual([200, 200, 200, 200]);
    expect((await call(url(late.slug, 'late'))).status).toBe(200);
  });
});
