// A platform admin acting on an organisation that holds a running VM (issue 13), on real QEMU. Suspending it: the
// admin's request records the stop, the reconciler shuts the VM down through the driver (no QEMU process left, its
// disk kept: a stop, not a delete), its running time stops being metered, and reactivation leaves it stopped.
// Deleting it: the reconciler stops and removes the VM (no QEMU process, no VM directory with its disk), then the
// tenant's rows go.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { setTenantStatus } from '@/lib/admin/tenants';
import { requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { METERS } from '@/lib/billing/meter';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { livePid } from '@/lib/providers/qemu/host';
import type { SessionUser } from '@/lib/auth/context';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { contextFor, createUser, tenantWith } from '../fixtures';
import { meteredQuantity, ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { killAllVms, qemuProcessesFor, vmConsoleEnv } from '../qemu';

const CONSOLE = ownConsoleId();
let vmsDir: string;
let reconciler: Reconciler;
let admin: SessionUser;

beforeAll(async () => {
  vmsDir = await vmConsoleEnv();
  const row = await createUser({ isPlatformAdmin: true });
  admin = { id: row.id, email: row.email, name: row.name, isPlatformAdmin: true };
  reconciler = startReconciler(CONSOLE, { tenantDeletionMs: 200 });
}, 180_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  delete process.env.OVERCAST_VM_DIR;
});

/** A new organisation with one VM, once it runs: its tenant, instance id, VM paths and QEMU pid. */
async function tenantWithRunningVm(name: string) {
  const { tenant, people } = await tenantWith({ owner: 'owner' });
  const ctx = await contextFor(people.owner.userId, tenant.id);
  const { id } = await createVm(ctx, { name, imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80] });
  await waitFor('the VM to be running', async () => (await db().instance.findUniqueOrThrow({ where: { id } })).status === 'running', 120_000, 200);
  const p = vmPaths(vmsDir, id);
  const pid = livePid(p.pid, p.dir);
  expect(pid).toBeTypeOf('number');
  expect(qemuProcessesFor(p.dir)).toEqual([pid]);
  return { tenant, id, p };
}

describe('suspending an organisation with a running VM', () => {
  it('stops the VM (no QEMU process, disk kept), stops its running time being billed (its disk still is), and reactivation leaves it stopped', { timeout: 180_000 }, async () => {
    const { tenant, id, p } = await tenantWithRunningVm('vm-suspended');

    expect(await setTenantStatus(admin, tenant.id, { status: 'suspended', reason: 'Abuse report #4711' })).toEqual({ status: 'suspended', instancesStopping: 1 });
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).desiredState).toBe('stopped');
    await waitFor('the VM to be stopped', async () => (await db().instance.findUniqueOrThrow({ where: { id } })).status === 'stopped', 90_000, 200);
    expect(qemuProcessesFor(p.dir)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(true);

    // Its running time stops accruing; its disk (kept) is still metered, as the price rules say for a stopped VM
    // (the banner tells the tenant so).
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    const billed = await meteredQuantity(tenant.id, id, METERS.runtime, now);
    const disk = await meteredQuantity(tenant.id, id, METERS.disk, now);
    expect(billed).toBeGreaterThan(0);
    expect(await meteredQuantity(tenant.id, id, METERS.runtime, later)).toBe(billed);
    expect(await meteredQuantity(tenant.id, id, METERS.disk, later)).toBeGreaterThanOrEqual(disk + 3_599);

    await setTenantStatus(admin, tenant.id, { status: 'active', reason: 'Resolved' });
    await reconciler.tick();
    expect(await db().instance.findUniqueOrThrow({ where: { id } })).toMatchObject({ desiredState: 'stopped', status: 'stopped' });
    expect(qemuProcessesFor(p.dir)).toEqual([]);
  });
});

describe('deleting an organisation with a running VM', () => {
  it('leaves no QEMU process, VM directory or row of it', { timeout: 180_000 }, async () => {
    const { tenant, p } = await tenantWithRunningVm('vm-doomed');

    await requestTenantDeletion(admin, tenant.id, { confirm: tenant.slug, force: true });
    await waitFor('the tenant’s rows to be gone', async () => (await db().tenant.count({ where: { id: tenant.id } })) === 0, 90_000, 200);
    expect(qemuProcessesFor(p.dir)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(false);
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().instanceEvent.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: 'tenant.deleted', targetId: tenant.id } })).toBe(1);
  });
});
