// The platform's measured performance through /api/v1 (real route handlers, real database; only Auth.js's session
// lookup is replaced): figures read back are the recorded samples' p50/p90 and counts, the store keeps the last N
// per key, function invocations recorded by the gateway's recorder become cold-start and warm samples, the comparison
// prices with the billing list to the cent and times with those samples, bad input is a problem with a stable code,
// and a function's month is another tenant's 404.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { seedContainerCatalog } from '@/lib/providers/docker/seed';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { PERFORMANCE_SAMPLES_KEPT, recordSamples } from '@/lib/performance/samples';
import { functionStartFigures } from '@/lib/performance/figures';
import { flushRecorder, recordInvocation, type InvocationRecord } from '@/lib/functions/recorder';
import { floorHour } from '@/lib/billing/timeline';
import { functionUsageId } from '@/lib/functions/recorder';
import * as perf from '@/app/api/v1/performance/route';
import * as compare from '@/app/api/v1/performance/compare/route';
import * as alwaysOn from '@/app/api/v1/tenants/[slug]/functions/[id]/always-on/route';
import { tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P>(as: string | null, h: Handler<P>, params: P, method = 'GET', body?: unknown) {
  session.userId = as;
  const req = new Request('http://console.test/api/v1/x', {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const res = await h(req, { params: Promise.resolve(params) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

let fx: { a: Awaited<ReturnType<typeof tenantWith<'member'>>>; b: Awaited<ReturnType<typeof tenantWith<'owner'>>> };

beforeAll(async () => {
  await seedPriceCatalogs(db());
  await seedContainerCatalog(db());
  await seedVmCatalog(db());
  await db().performanceSample.deleteMany();
  fx = { a: await tenantWith({ member: 'member' }), b: await tenantWith({ owner: 'owner' }) };
});

describe('recorded measurements, read back', () => {
  it('gives p50/p90 and counts per kind, image and flavor, keeping the newest N per key', async () => {
    // 60 samples 1..60 ms for one key: only the newest 50 (11..60) stay.
    for (let i = 1; i <= 60; i++) await recordSamples(db(), [{ metric: 'ready_ms', kind: 'container', imageId: 'docker-static-web', flavorId: 'docker-medium', value: i }]);
    await recordSamples(db(), [
      { metric: 'memory_mib', kind: 'container', imageId: 'docker-static-web', flavorId: 'docker-medium', value: 3, nominal: 512 },
      { metric: 'memory_mib', kind: 'container', imageId: 'docker-static-web', flavorId: 'docker-medium', value: 5, nominal: 512 },
      { metric: 'ready_ms', kind: 'vm', imageId: 'qemu-tiny', flavorId: 'qemu-medium', value: 4000 },
      { metric: 'ready_ms', kind: 'vm', imageId: 'qemu-tiny', flavorId: 'qemu-medium', value: 6000 },
      { metric: 'ready_ms', kind: 'vm', imageId: 'qemu-tiny', flavorId: 'qemu-medium', value: Number.NaN }, // not a measurement
    ]);
    expect(await db().performanceSample.count({ where: { metric: 'ready_ms', kind: 'container' } })).toBe(PERFORMANCE_SAMPLES_KEPT);

    const r = await call(fx.a.people.member.userId, perf.GET, {});
    expect(r.status).toBe(200);
    expect(r.body.samplesKept).toBe(PERFORMANCE_SAMPLES_KEPT);
    const container = r.body.instances.find((i: { kind: string }) => i.kind === 'container');
    // Nearest rank over 11..60: p50 is the 25th (35), p90 the 45th (55).
    expect(container).toEqual({
      kind: 'container',
      image: { id: 'docker-static-web', name: expect.any(String) },
      flavor: { id: 'docker-medium', name: 'c1.medium' },
      readyMs: { n: 50, p50: 35, p90: 55 },
      memoryMib: { n: 2, p50: 3, p90: 5, nominalMib: 512 },
    });
    expect(r.body.instances.find((i: { kind: string }) => i.kind === 'vm').readyMs).toEqual({ n: 2, p50: 4000, p90: 6000 });
    // Platform-wide figures: nothing in them names a tenant.
    expect(JSON.stringify(r.body)).not.toContain(fx.a.tenant.id);
    expect((await call(null, perf.GET, {})).status).toBe(401);
  });

  it('turns the recorder’s invocations into cold-start and warm samples per memory size', async () => {
    const t = fx.a.tenant.id;
    const f = await db().serverlessFunction.create({ data: { tenantId: t, name: 'perf-fn', liveName: 'perf-fn' } });
    const v = await db().functionVersion.create({ data: { functionId: f.id, tenantId: t, number: 1, code: 'x', codeSha256: 'x', memoryMib: 256, timeoutMs: 3000 } });
    await db().serverlessFunction.update({ where: { id: f.id }, data: { activeVersionId: v.id } });
    const inv = (start: InvocationRecord['start'], coldMs: number, durationMs: number, outcome: InvocationRecord['outcome'] = 'ok'): InvocationRecord => ({
      id: crypto.randomUUID(), tenantId: t, functionId: f.id, versionId: v.id, startedAt: new Date(), durationMs, start, coldMs, status: 200, outcome,
      memoryMib: 256, requestBytes: 0, responseBytes: 0, error: null, billed: outcome !== 'throttled', billedMs: durationMs - coldMs - 1,
    });
    recordInvocation(inv('stem', 120, 130), []);
    recordInvocation(inv('create', 900, 910), []);
    recordInvocation(inv('warm', 0, 12), []);
    recordInvocation(inv('warm', 0, 14), []);
    recordInvocation(inv('warm', 0, 5000, 'timeout'), []); // not a call's latency
    await flushRecorder();
    await expect.poll(() => db().performanceSample.count({ where: { kind: 'function' } }), { timeout: 10_000 }).toBe(4);
    const r = await call(fx.a.people.member.userId, perf.GET, {});
    expect(r.body.functions).toEqual([
      { memoryMib: 256, coldStartMs: { n: 2, p50: 120, p90: 900 }, coldStartStemMs: { n: 1, p50: 120, p90: 120 }, coldStartCreateMs: { n: 1, p50: 900, p90: 900 }, warmOverheadMs: { n: 2, p50: 1, p90: 1 } },
    ]);
    // The create form's "cold start in about …": the same samples, per memory size and over all.
    expect(await functionStartFigures()).toEqual({
      cold: { all: { n: 2, p50: 120, p90: 900 }, byFlavor: { '256': { n: 2, p50: 120, p90: 900 } } },
      warm: { all: { n: 2, p50: 1, p90: 1 }, byFlavor: { '256': { n: 2, p50: 1, p90: 1 } } },
    });
  });
});

describe('POST /api/v1/performance/compare', () => {
  it('prices the workload three ways under the billing list and times it with the recorded samples', async () => {
    const r = await call(fx.a.people.member.userId, compare.POST, {}, 'POST', { vcpus: 1, memoryMib: 512, requestsPerMonth: 3_000_000, meanDurationMs: 100 });
    expect(r.status).toBe(200);
    expect(r.body.container).toMatchObject({ available: true, flavor: { id: 'docker-medium', name: 'c1.medium' }, readyMs: { n: 50, p50: 35, p90: 55 }, memoryMib: { n: 2, p50: 3 } });
    expect(r.body.vm).toMatchObject({ available: true, flavor: { id: 'qemu-medium' }, readyMs: { n: 2, p50: 4000, p90: 6000 } });
    expect(r.body.function).toMatchObject({ available: true, memoryMib: 512 });
    expect(typeof r.body.container.monthlyMinor).toBe('number');
    expect(r.body.breakEvenText).toMatch(/requests a month/);
  });

  it.each([
    [{ vcpus: 'two', memoryMib: 512, requestsPerMonth: 1, meanDurationMs: 1 }, 'vcpus'],
    [{ vcpus: 1, memoryMib: 10, requestsPerMonth: 1, meanDurationMs: 1 }, 'memoryMib'],
    [{ vcpus: 1, memoryMib: 512, requestsPerMonth: 1.5, meanDurationMs: 1 }, 'requestsPerMonth'],
    [{ vcpus: 1, memoryMib: 512, requestsPerMonth: 1 }, 'meanDurationMs'],
  ])('answers %o with a validation_failed problem naming %s', async (body, field) => {
    const r = await call(fx.a.people.member.userId, compare.POST, {}, 'POST', body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(Object.keys(r.body.errors)).toContain(field);
  });

  it('answers broken JSON with a problem too', async () => {
    const r = await call(fx.a.people.member.userId, compare.POST, {}, 'POST', '{"vcpus":');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
  });
});

describe('GET …/functions/{id}/always-on', () => {
  it('prices the month’s metered usage and the always-on container; another tenant’s function is not found', async () => {
    const t = fx.a.tenant.id;
    const f = await db().serverlessFunction.findFirstOrThrow({ where: { tenantId: t, name: 'perf-fn' } });
    // 2,000,000 requests and 500,000 GB-seconds this month (the meters' own rows).
    const hour = floorHour(new Date());
    await db().usageRecord.upsert({
      where: { id: functionUsageId(f.id, 'requests', hour) },
      create: { id: functionUsageId(f.id, 'requests', hour), tenantId: t, functionId: f.id, provider: 'functions', meter: 'requests', quantity: '2000000', hourStart: hour },
      update: { quantity: '2000000' },
    });
    await db().usageRecord.upsert({
      where: { id: functionUsageId(f.id, 'gb_seconds', hour) },
      create: { id: functionUsageId(f.id, 'gb_seconds', hour), tenantId: t, functionId: f.id, provider: 'functions', meter: 'gb_seconds', quantity: '500000', hourStart: hour },
      update: { quantity: '500000' },
    });
    const r = await call(fx.a.people.member.userId, alwaysOn.GET, { slug: fx.a.tenant.slug, id: f.id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ requests: 2_000_000, gbSeconds: 500_000, memoryMib: 256, alwaysOn: { flavor: { name: 'c1.small' } } });
    // The seeded list prices: (2M − 1M free) × 0.15/M = 0.15; (500,000 − 400,000 free) × 0.0000125 = 1.25.
    expect(r.body.functionMinor).toBe(140);
    expect(r.body.alwaysOn.monthlyMinor).toBeGreaterThan(0);
    const other = await call(fx.b.people.owner.userId, alwaysOn.GET, { slug: fx.b.tenant.slug, id: f.id });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
  });
});
