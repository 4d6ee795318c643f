// The functions engine on the real Docker Engine: deploy → invoke through the gateway, new versions and rollback,
// a throwing handler, an infinite loop (killed at the timeout), a memory bomb (contained), scale to zero and back,
// scale up under concurrent load, size limits, private functions, network isolation (no other function, no other
// tenant's container, not the console's port), metering, stats and logs, and a restarted console adopting what the
// previous one left. Rows are seeded directly (the domain operations are the product side's).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { ensureHostFirewall } from '@/lib/providers/docker/host-firewall';
import { ensureTenantNetwork } from '@/lib/providers/docker/network';
import { LABEL_CONSOLE, tenantNetworkName } from '@/lib/providers/docker/names';
import { functionNetworkName } from '@/lib/providers/functions/names';
import { DockerFunctionEngine, runtimeContainerOptions } from '@/lib/providers/functions/engine';
import { FunctionPool } from '@/lib/providers/functions/pool';
import { setFunctionPool } from '@/lib/providers/functions/pool-instance';
import { flushRecorder } from '@/lib/functions/recorder';
import { functionStats } from '@/lib/functions/stats';
import { recentFunctionLogs } from '@/lib/functions/logs';
import { loadRunnable } from '@/lib/functions/runnable';
import { invokeFunction } from '@/lib/functions/invoke';
import { newInvokeToken } from '@/lib/functions/token';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { ownConsoleId, waitFor } from '../docker';
import { activate, call, deployVersion, seedFunction, seedTenant, startGateway, startTestPool, type Gateway } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
let pool: FunctionPool;
let gw: Gateway;
let tenantA: Awaited<ReturnType<typeof seedTenant>>;
let tenantB: Awaited<ReturnType<typeof seedTenant>>;

const HELLO = `export default async function (req) {
  console.log('hello from', req.path);
  return { status: 200, headers: { 'x-who': 'v1' }, body: { version: 1, method: req.method, path: req.path, query: req.query, body: req.body, env: process.env.GREETING ?? null } };
}`;

async function ownContainers() {
  return engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${CONSOLE}`] } });
}

const url = (slug: string, name: string, rest = '') => invokeUrl(slug, name, gw.url) + rest;

beforeAll(async () => {
  expect(ensureHostFirewall()).toBe('host firewall: tenant networks cannot reach host services');
  tenantA = await seedTenant();
  tenantB = await seedTenant();
  pool = await startTestPool({ stemCells: 1 });
  gw = await startGateway();
});

afterAll(async () => {
  await gw?.close();
  await pool?.stop();
  setFunctionPool(undefined);
  for (const c of await ownContainers()) await engine.getContainer(c.Id).remove({ force: true }).catch(() => {});
  await engine.getNetwork(functionNetworkName()).remove().catch(() => {});
  for (const t of [tenantA, tenantB]) if (t) await engine.getNetwork(tenantNetworkName(t.id)).remove().catch(() => {});
});

describe('deploy, update, rollback', () => {
  it('serves the handler’s response through the gateway, first from a stem cell, then warm; a new version is served at once; rollback works', async () => {
    await pool.stemsReady();
    const fn = await seedFunction({ tenantId: tenantA.id, name: 'hello', code: HELLO, env: [{ name: 'GREETING', value: 'hi' }] });
    const first = await call(url(tenantA.slug, 'hello', '/a/b?x=1&x=2&y=z'), { method: 'POST', body: 'payload' });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-who')).toBe('v1');
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.json).toEqual({ version: 1, method: 'POST', path: '/a/b', query: { x: ['1', '2'], y: 'z' }, body: 'payload', env: 'hi' });
    const id1 = first.headers.get('x-overcast-invocation-id')!;
    const second = await call(url(tenantA.slug, 'hello'));
    expect(second.status).toBe(200);
    await flushRecorder();
    const rows = await db().functionInvocation.findMany({ where: { functionId: fn.id }, orderBy: { startedAt: 'asc' } });
    expect(rows.map((r) => [r.start, r.cold, r.outcome, r.status, r.memoryMib])).toEqual([
      ['stem', true, 'ok', 200, 128],
      ['warm', false, 'ok', 200, 128],
    ]);
    expect(rows[0]!.id).toBe(id1);
    expect(rows[0]!.coldMs).toBeGreaterThan(0);
    const logs = await recentFunctionLogs(tenantA.id, fn.id, { limit: 10, invocationId: id1 });
    expect(logs.map((l) => [l.stream, l.text])).toEqual([['stdout', 'hello from /a/b']]);

    // A new version: the very next request is served by it, and the old version's container goes.
    const v1Container = pool.snapshot().versions.find((v) => v.versionId === fn.version.id);
    expect(v1Container?.containers).toBe(1);
    const v2 = await deployVersion(fn.id, { code: `export default async () => ({ body: 'v2' })` });
    expect((await call(url(tenantA.slug, 'hello'))).body).toBe('v2');
    await waitFor('v1’s container to drain', async () => !pool.snapshot().versions.some((v) => v.versionId === fn.version.id));

    // Rollback: point the function at v1 again.
    await activate(fn.id, fn.version.id);
    expect((await call(url(tenantA.slug, 'hello'))).json).toMatchObject({ version: 1 });
    await activate(fn.id, v2.id);
    expect((await call(url(tenantA.slug, 'hello'))).body).toBe('v2');
  });

  it('answers 404 function_not_found for a missing function, a deleted one, and one without a deployed version', async () => {
    expect((await call(url(tenantA.slug, 'nope'))).json).toMatchObject({ status: 404, code: 'function_not_found' });
    const gone = await seedFunction({ tenantId: tenantA.id, name: 'gone', code: HELLO });
    expect((await call(url(tenantA.slug, 'gone'))).status).toBe(200);
    await db().serverlessFunction.update({ where: { id: gone.id }, data: { deletedAt: new Date(), liveName: null } });
    const { invalidateFunction } = await import('@/lib/functions/cache');
    invalidateFunction(gone.id);
    expect((await call(url(tenantA.slug, 'gone'))).json).toMatchObject({ code: 'function_not_found' });
    await db().serverlessFunction.create({ data: { tenantId: tenantA.id, name: 'empty', liveName: 'empty' } });
    expect((await call(url(tenantA.slug, 'empty'))).json).toMatchObject({ code: 'function_not_found' });
  });

  it('keeps the console’s origin safe: no visitor cookies reach the code, no cookie or policy comes back from it', async () => {
    await seedFunction({
      tenantId: tenantA.id,
      name: 'nosy',
      code: `export default async (req) => ({ headers: { 'set-cookie': 'authjs.session-token=stolen; Path=/', 'Content-Security-Policy': 'default-src *', 'x-mine': '1' }, body: { seen: Object.keys(req.headers).sort() } })`,
    });
    const res = await call(url(tenantA.slug, 'nosy'), { headers: { cookie: 'authjs.session-token=secret', 'proxy-authorization': 'Basic eA==', 'x-caller': 'me' } });
    expect(res.status).toBe(200);
    const seen = (res.json as { seen: string[] }).seen;
    expect(seen).toContain('x-caller');
    expect(seen).not.toContain('cookie');
    expect(seen).not.toContain('proxy-authorization');
    expect(res.headers.get('x-mine')).toBe('1');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('failures', () => {
  it('a handler that throws answers 500 function_error with the invocation id, and its stack is logged', async () => {
    const fn = await seedFunction({ tenantId: tenantA.id, name: 'thrower', code: `export default async () => { console.error('about to fail'); throw new Error('boom 42'); }` });
    const r = await call(url(tenantA.slug, 'thrower'));
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.json).toMatchObject({ code: 'function_error', detail: 'boom 42' });
    const errorId = r.json!.errorId as string;
    expect(errorId).toBe(r.headers.get('x-overcast-invocation-id'));
    await flushRecorder();
    const inv = await db().functionInvocation.findUniqueOrThrow({ where: { id: errorId } });
    expect([inv.outcome, inv.status]).toEqual(['error', 500]);
    expect(inv.error).toContain('boom 42');
    const logs = await recentFunctionLogs(tenantA.id, fn.id, { limit: 10, invocationId: errorId });
    expect(logs[0]).toMatchObject({ stream: 'stderr', text: 'about to fail' });
    expect(logs.some((l) => l.stream === 'stderr' && l.text.includes('Error: boom 42') && l.text.includes('at '))).toBe(true);
    // The container still serves: a thrown error does not cost it.
    expect((await call(url(tenantA.slug, 'thrower'))).json).toMatchObject({ code: 'function_error' });
  });

  it('an infinite loop is stopped at the timeout with 504 function_timeout; the next request gets a fresh container', async () => {
    const fn = await seedFunction({
      tenantId: tenantA.id,
      name: 'looper',
      timeoutMs: 500,
      code: `export default async (req) => { if (req.query.loop) { for (;;) {} } return { body: 'fine' }; }`,
    });
    expect((await call(url(tenantA.slug, 'looper'))).body).toBe('fine');
    const [before] = pool.snapshot().versions.filter((v) => v.functionId === fn.id);
    expect(before!.containers).toBe(1);
    const t0 = Date.now();
    const r = await call(url(tenantA.slug, 'looper', '?loop=1'));
    const took = Date.now() - t0;
    expect(r.status).toBe(504);
    expect(r.json).toMatchObject({ code: 'function_timeout', timeoutMs: 500 });
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(2_500);
    expect(pool.snapshot().versions.find((v) => v.functionId === fn.id)?.containers ?? 0).toBe(0);
    expect((await call(url(tenantA.slug, 'looper'))).body).toBe('fine');
    await flushRecorder();
    const inv = await db().functionInvocation.findUniqueOrThrow({ where: { id: r.json!.errorId as string } });
    expect(inv.outcome).toBe('timeout');
  });

  it('a memory bomb is contained: the function fails with 500, other functions keep serving', async () => {
    await seedFunction({ tenantId: tenantA.id, name: 'neighbour', code: `export default async () => ({ body: 'still here' })` });
    expect((await call(url(tenantA.slug, 'neighbour'))).body).toBe('still here');
    await seedFunction({
      tenantId: tenantA.id,
      name: 'bomb',
      memoryMib: 64,
      timeoutMs: 20_000,
      code: `export default async () => { const keep = []; for (;;) keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); }`,
    });
    const r = await call(url(tenantA.slug, 'bomb'));
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: 'function_error' });
    await flushRecorder();
    const inv = await db().functionInvocation.findUniqueOrThrow({ where: { id: r.json!.errorId as string } });
    expect([inv.outcome, inv.error]).toEqual(['oom', 'out of memory']);
    expect((await call(url(tenantA.slug, 'neighbour'))).body).toBe('still here');
  });

  it('code that fails to load answers 500 function_error with the reason', async () => {
    await seedFunction({ tenantId: tenantA.id, name: 'noexport', code: `export const x = 1;` });
    const r = await call(url(tenantA.slug, 'noexport'));
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: 'function_error', detail: 'The code has no default-exported handler function.' });
  });
});

describe('limits', () => {
  it('refuses a request body over 1 MiB and a response over 6 MiB with 413 payload_too_large', async () => {
    await seedFunction({ tenantId: tenantA.id, name: 'sizes', code: `export default async (req) => ({ body: req.query.big ? 'x'.repeat(7 * 1024 * 1024) : String(req.body.length) })` });
    expect((await call(url(tenantA.slug, 'sizes'), { method: 'POST', body: 'y'.repeat(1024 * 1024) })).body).toBe(String(1024 * 1024));
    const big = await call(url(tenantA.slug, 'sizes'), { method: 'POST', body: 'y'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'payload_too_large' });
    const out = await call(url(tenantA.slug, 'sizes', '?big=1'));
    expect(out.status).toBe(413);
    expect(out.json).toMatchObject({ code: 'payload_too_large' });
  });

  it('queues briefly beyond the concurrency limit and answers 429 too_many_requests beyond the queue', async () => {
    const p = new FunctionPool(new DockerFunctionEngine(), { stemCells: 0, queueMs: 300, maxQueue: 1, log: () => {} });
    const before = setFunctionPool(p);
    try {
      await p.start();
      const fn = await seedFunction({ tenantId: tenantA.id, name: 'slow', concurrency: 1, maxScale: 1, code: `export default async () => { await new Promise((r) => setTimeout(r, 1500)); return { body: 'done' }; }` });
      const runnable = (await loadRunnable({ tenantId: tenantA.id, functionId: fn.id }))!;
      const req = { method: 'GET', path: '/', query: {}, headers: {}, body: '' };
      expect((await invokeFunction(runnable, req)).response.status).toBe(200); // warm: no start to wait for below
      const results = await Promise.all([invokeFunction(runnable, req), new Promise((r) => setTimeout(r, 100)).then(() => invokeFunction(runnable, req)), new Promise((r) => setTimeout(r, 150)).then(() => invokeFunction(runnable, req))]);
      const statuses = results.map((r) => r.response.status).sort();
      // One served; one waited 300 ms in the queue then gave up; one found the queue full.
      expect(statuses).toEqual([200, 429, 429]);
      expect(results.find((r) => r.response.status === 429)!.response.body).toContain('too_many_requests');
    } finally {
      await p.stop();
      setFunctionPool(before);
    }
  });
});

describe('scaling', () => {
  it('scales to zero after the idle period, then serves again cold, recorded as cold', async () => {
    const fn = await seedFunction({ tenantId: tenantA.id, name: 'idler', idleSeconds: 1, code: `export default async () => ({ body: 'awake' })` });
    expect((await call(url(tenantA.slug, 'idler'))).body).toBe('awake');
    const versionLabel = fn.version.id;
    await waitFor('the idle container to be removed', async () => !pool.snapshot().versions.some((v) => v.versionId === versionLabel), 10_000);
    const r = await call(url(tenantA.slug, 'idler'));
    expect(r.body).toBe('awake');
    await flushRecorder();
    const inv = await db().functionInvocation.findUniqueOrThrow({ where: { id: r.headers.get('x-overcast-invocation-id')! } });
    expect(inv.cold).toBe(true);
    expect(['stem', 'create']).toContain(inv.start);
  });

  it('concurrent load scales a function to more than one container (up to maxScale)', async () => {
    const fn = await seedFunction({
      tenantId: tenantA.id,
      name: 'busy',
      concurrency: 1,
      maxScale: 3,
      code: `import os from 'node:os'; export default async () => { await new Promise((r) => setTimeout(r, 300)); return { body: os.hostname() }; }`,
    });
    const bodies = await Promise.all(Array.from({ length: 6 }, () => call(url(tenantA.slug, 'busy'))));
    expect(bodies.every((b) => b.status === 200)).toBe(true);
    const hosts = new Set(bodies.map((b) => b.body));
    expect(hosts.size).toBeGreaterThan(1);
    expect(hosts.size).toBeLessThanOrEqual(3);
    const snap = pool.snapshot().versions.find((v) => v.functionId === fn.id)!;
    expect(snap.containers).toBeGreaterThan(1);
  });
});

describe('access and isolation', () => {
  it('a private function needs its token (401 otherwise); another tenant’s slug does not find it', async () => {
    const { token, hash } = newInvokeToken();
    await seedFunction({ tenantId: tenantA.id, name: 'private', access: 'token', tokenHash: hash, code: `export default async (req) => ({ body: req.headers.authorization ?? 'no header' })` });
    const none = await call(url(tenantA.slug, 'private'));
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ code: 'unauthorized' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(url(tenantA.slug, 'private'), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await call(url(tenantA.slug, 'private'), { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('no header'); // the token is not handed to the code
    expect((await call(url(tenantB.slug, 'private'), { headers: { authorization: `Bearer ${token}` } })).json).toMatchObject({ status: 404, code: 'function_not_found' });
  });

  it('a function reaches neither another function, nor another tenant’s container, nor the console’s port', async () => {
    // The console's port: a service on 0.0.0.0 of the host, as the console listens in a default install.
    const consoleLike = http.createServer((_q, r) => r.end('console'));
    await new Promise<void>((r) => consoleLike.listen(0, '0.0.0.0', r));
    const consolePort = (consoleLike.address() as AddressInfo).port;
    // Another tenant's container on its tenant network.
    await ensureTenantNetwork(tenantB.id);
    const other = await engine.createContainer({
      Image: 'overcast/static-web:1',
      Labels: { [LABEL_CONSOLE]: CONSOLE },
      HostConfig: { NetworkMode: tenantNetworkName(tenantB.id) },
    });
    await other.start();
    try {
      const otherIp = (await other.inspect()).NetworkSettings.Networks[tenantNetworkName(tenantB.id)]!.IPAddress;
      // Function B (tenant B) is warm: its container's address is a target.
      await seedFunction({ tenantId: tenantB.id, name: 'target', code: `export default async () => ({ body: 'b' })` });
      expect((await call(url(tenantB.slug, 'target'))).body).toBe('b');
      await pool.stemsReady();
      const net = await engine.getNetwork(functionNetworkName()).inspect();
      expect(net.Options).toMatchObject({ 'com.docker.network.bridge.enable_icc': 'false' });
      expect(net.Options?.['com.docker.network.bridge.name']).toMatch(/^oc-/); // covered by the host firewall's oc-+ rules
      const gatewayIp = net.IPAM!.Config![0]!.Gateway as string;
      const fnIps = Object.values(net.Containers as Record<string, { IPv4Address: string }>).map((c) => c.IPv4Address.split('/')[0]);
      expect(fnIps.length).toBeGreaterThan(1); // function B's container and stem cells at least
      const probe = `export default async (req) => {
        const targets = JSON.parse(req.body);
        const out = {};
        await Promise.all(Object.entries(targets).map(async ([name, u]) => {
          try { const r = await fetch(u, { signal: AbortSignal.timeout(1500) }); out[name] = 'reached ' + r.status; }
          catch { out[name] = 'blocked'; }
        }));
        return { body: out };
      }`;
      const prober = await seedFunction({ tenantId: tenantA.id, name: 'prober', timeoutMs: 20_000, code: probe });
      const targets: Record<string, string> = { console: `http://${gatewayIp}:${consolePort}/`, otherTenantContainer: `http://${otherIp}:8080/` };
      fnIps.forEach((ip, i) => (targets[`function${i}`] = `http://${ip}:8080/health`));
      const r = await call(url(tenantA.slug, 'prober'), { method: 'POST', body: JSON.stringify(targets) });
      expect(r.status).toBe(200);
      // Every address is blocked but the prober's own (it may have been a stem cell listed above).
      const [own] = pool.snapshot().versions.find((v) => v.functionId === prober.id)!.addresses;
      expect(r.json).toEqual(Object.fromEntries(Object.entries(targets).map(([k, u]) => [k, u.includes(`//${own}:`) ? 'reached 200' : 'blocked'])));
      expect(Object.keys(targets).length).toBeGreaterThan(3);

      // Hardened like instances: no capabilities, read-only root, limits, no published port, only the function network.
      const proberContainer = (await ownContainers()).find((c) => c.NetworkSettings.Networks[functionNetworkName()]?.IPAddress === own)!;
      const info = await engine.getContainer(proberContainer.Id).inspect();
      expect(info.HostConfig).toMatchObject({ CapDrop: ['ALL'], ReadonlyRootfs: true, Memory: 128 * 1024 * 1024, MemorySwap: 128 * 1024 * 1024, PidsLimit: 64, Privileged: false, SecurityOpt: ['no-new-privileges'] });
      expect(info.Config.User).toBe('10001:10001');
      expect(Object.keys(info.NetworkSettings.Networks)).toEqual([functionNetworkName()]);
      expect(Object.values(info.NetworkSettings.Ports ?? {}).every((b) => !b)).toBe(true);
      // Control: from the host, the same addresses answer (the probe's "blocked" is the network's doing).
      expect((await call(`http://${otherIp}:8080/`)).status).toBe(200);
      expect((await call(`http://${fnIps[0]}:8080/health`)).status).toBe(200);
      expect((await call(`http://127.0.0.1:${consolePort}/`)).body).toBe('console');
    } finally {
      consoleLike.close();
      await other.remove({ force: true });
    }
  });
});

describe('records', () => {
  it('meters requests and GB-seconds per function and hour, and computes the function’s stats', async () => {
    const fn = await seedFunction({ tenantId: tenantA.id, name: 'metered', memoryMib: 256, code: `export default async (req) => { if (req.query.fail) throw new Error('x'); await new Promise((r) => setTimeout(r, 20)); return { body: 'ok' }; }` });
    const since = Date.now() - 1000;
    for (let i = 0; i < 5; i++) await call(url(tenantA.slug, 'metered'));
    await call(url(tenantA.slug, 'metered', '?fail=1'));
    await flushRecorder();
    const usage = await db().usageRecord.findMany({ where: { functionId: fn.id }, orderBy: { meter: 'asc' } });
    expect(usage.map((u) => [u.meter, u.provider, u.instanceId, u.tenantId])).toEqual([
      ['gb_seconds', 'functions', null, tenantA.id],
      ['requests', 'functions', null, tenantA.id],
    ]);
    expect(Number(usage[1]!.quantity)).toBe(6);
    // 5 × ≥20 ms at ¼ GiB, each rounded up to the ms.
    expect(Number(usage[0]!.quantity)).toBeGreaterThanOrEqual((5 * 0.02) / 4);
    expect(Number(usage[0]!.quantity)).toBeLessThan(6 * 1 * 0.25);
    const daily = await db().usageDaily.findMany({ where: { functionId: fn.id } });
    expect(daily.map((d) => [d.meter, d.kind, Number(d.quantity)]).sort()).toEqual([
      ['gb_seconds', 'function', Number(usage[0]!.quantity)],
      ['requests', 'function', 6],
    ]);

    const stats = await functionStats(tenantA.id, fn.id, since);
    expect(stats).toMatchObject({ invocations: 6, errors: 1, cold: 1 });
    expect(stats.errorRate).toBeCloseTo(1 / 6);
    expect(stats.p50Ms).toBeGreaterThanOrEqual(20);
    expect(stats.p95Ms).toBeGreaterThanOrEqual(stats.p50Ms!);
    expect(stats.coldHistogram.reduce((s, b) => s + b.count, 0)).toBe(1);
    expect(stats.series.reduce((s, p) => s + p.invocations, 0)).toBe(6);
    // Another tenant asking for it sees nothing.
    expect(await functionStats(tenantB.id, fn.id, since)).toMatchObject({ invocations: 0 });
    expect(await recentFunctionLogs(tenantB.id, fn.id, { limit: 10 })).toEqual([]);
  });
});

describe('crash safety', () => {
  it('a console that starts after another died adopts the containers it made for a version, and removes the rest', async () => {
    const fn = await seedFunction({ tenantId: tenantA.id, name: 'survivor', code: `export default async () => ({ body: 'survived' })` });
    // The dying console serves the function from a container it created for the version (no stem cells).
    const dying = new FunctionPool(new DockerFunctionEngine(), { stemCells: 0, log: () => {} });
    setFunctionPool(dying);
    await dying.start();
    expect((await call(url(tenantA.slug, 'survivor'))).body).toBe('survived');
    // A live stem cell of the dying console (made as the pool makes them).
    const stem = await engine.createContainer(runtimeContainerOptions({ memoryMib: 128 }, functionNetworkName()));
    await stem.start();
    // A stopped leftover (a crashed container) to be removed.
    const dead = await engine.createContainer({ Image: 'overcast/fn-node:20', Labels: { [LABEL_CONSOLE]: CONSOLE, 'overcast.fn.role': 'stem', 'overcast.fn.memory': '128' } });
    const before = await ownContainers();
    const survivorContainer = before.find((c) => c.Labels['overcast.fn.version'] === fn.version.id)!;
    expect(survivorContainer.Labels).toMatchObject({ 'overcast.fn.role': 'version', 'overcast.fn.function': fn.id, 'overcast.fn.tenant': tenantA.id });
    const stems = before.filter((c) => c.Labels['overcast.fn.role'] === 'stem' && c.Id !== dead.id);
    expect(stems.map((c) => c.Id)).toContain(stem.id);
    // "Crash": both pools are forgotten without removing anything; a new one starts on the same console id.
    const next = new FunctionPool(new DockerFunctionEngine(), { stemCells: 1, log: () => {} });
    setFunctionPool(next);
    pool = next;
    await next.start();
    const after = new Set((await ownContainers()).map((c) => c.Id));
    expect(after.has(dead.id)).toBe(false);
    // Stem cells are never adopted (one that took code cannot be told from one that did not).
    expect(stems.some((c) => after.has(c.Id))).toBe(false);
    expect(after.has(survivorContainer.Id)).toBe(true);
    const r = await call(url(tenantA.slug, 'survivor'));
    expect(r.body).toBe('survived');
    await flushRecorder();
    const inv = await db().functionInvocation.findUniqueOrThrow({ where: { id: r.headers.get('x-overcast-invocation-id')! } });
    expect(inv.start).toBe('warm'); // the adopted container served it
    expect(next.snapshot().versions.find((v) => v.functionId === fn.id)?.containers).toBe(1);
  });
});
