// A real container created on the Docker Engine through the domain and the reconciler records this platform's
// create → ready time and the memory the container uses against its limit (lib/performance), read back through the
// figures the API serves; a start asked for later is not a create and records no ready sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { readPerformance } from '@/lib/performance/figures';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitForInstance } from '../docker';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let ctx: TenantContext;
let tenantId: string;

beforeAll(async () => {
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  await provideTenantNetwork(engine, tenantId);
  reconciler = startReconciler(CONSOLE, {});
});

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenantId]);
});

describe('measured on a real container', () => {
  it('create → running records the time to ready and, a moment later, the memory in use against the limit', async () => {
    const key = { kind: 'container', imageId: 'docker-static-web', flavorId: 'docker-nano' };
    const before = await db().performanceSample.count({ where: { metric: 'ready_ms', ...key } });
    const { id } = await createContainer(ctx, containerInput({ name: 'measured' }));
    await waitForInstance(ctx, id, 'running', (i) => i.status === 'running');
    const row = await db().instance.findUniqueOrThrow({ where: { id }, select: { createdAt: true, runningSince: true } });

    await expect.poll(() => db().performanceSample.count({ where: { metric: 'ready_ms', ...key } }), { timeout: 10_000 }).toBe(before + 1);
    const sample = await db().performanceSample.findFirstOrThrow({ where: { metric: 'ready_ms', ...key }, orderBy: { id: 'desc' } });
    // From the create request to the moment the reconciler recorded "running" (its own clock; ms resolution).
    expect(Math.abs(sample.value - (row.runningSince!.getTime() - row.createdAt.getTime()))).toBeLessThan(50);
    expect(sample.value).toBeGreaterThan(0);
    expect(sample.value).toBeLessThan(60_000);

    const memory = () => db().performanceSample.findFirst({ where: { metric: 'memory_mib', ...key }, orderBy: { id: 'desc' } });
    await expect.poll(memory, { timeout: 30_000 }).toBeTruthy();
    const mem = (await memory())!;
    expect(mem.nominal).toBe(128);
    expect(mem.value).toBeGreaterThan(0);
    expect(mem.value).toBeLessThan(128);

    const perf = await readPerformance();
    const figures = perf.instances.find((i) => i.kind === 'container' && i.image.id === 'docker-static-web' && i.flavor.id === 'docker-nano');
    expect(figures?.readyMs?.n).toBe(before + 1);
    expect(figures?.memoryMib?.nominalMib).toBe(128);

    // Stopped, then started again: that start is not a create, so no second ready sample.
    await requestInstanceAction(ctx, id, { action: 'stop' });
    await waitForInstance(ctx, id, 'stopped', (i) => i.status === 'stopped');
    await requestInstanceAction(ctx, id, { action: 'start' });
    await waitForInstance(ctx, id, 'running again', (i) => i.status === 'running');
    await requestInstanceAction(ctx, id, { action: 'delete' });
    await waitForInstance(ctx, id, 'deleted', (i) => i.status === 'deleted').catch(() => {});
    expect(await db().performanceSample.count({ where: { metric: 'ready_ms', ...key } })).toBe(before + 1);
  });
});
