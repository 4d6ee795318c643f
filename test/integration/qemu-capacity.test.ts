// Admin → Capacity with a real VM: while it boots it counts as booting; once ready, the figures the capacity view
// reports (its QEMU's resident memory, the memory reserved against the VM limit, the counts, its tenant and
// instance) match the running VM as /proc and the database know it. Users who are not platform admins are refused
// (404, like every admin route), and a stopped VM reserves nothing.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { platformCapacity, type PlatformCapacity } from '@/lib/admin/capacity';
import type { SessionUser } from '@/lib/auth/context';
import { createVm } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { livePid, rssBytes } from '@/lib/providers/qemu/host';
import { VM_OVERHEAD_MIB } from '@/lib/providers/qemu/driver';
import type { TenantContext } from '@/lib/auth/context';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createUser, errorOf, memberOfNewTenant } from '../fixtures';
import { ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { killAllVms, vmConsoleEnv } from '../qemu';

const MIB = 1024 * 1024;
const LIMIT_MIB = 1500;
let vmsDir: string;
let ctx: TenantContext;
let admin: SessionUser;
let reconciler: Reconciler | undefined;

beforeAll(async () => {
  vmsDir = await vmConsoleEnv();
  process.env.OVERCAST_VM_MAX_MEMORY_MIB = String(LIMIT_MIB);
  process.env.OVERCAST_VM_MAX_BOOTING = '3';
  ({ ctx } = await memberOfNewTenant());
  const u = await createUser({ isPlatformAdmin: true });
  admin = { id: u.id, email: u.email, name: u.name, isPlatformAdmin: true };
  reconciler = startReconciler(ownConsoleId());
}, 180_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  for (const k of ['OVERCAST_VM_DIR', 'OVERCAST_VM_MAX_MEMORY_MIB', 'OVERCAST_VM_MAX_BOOTING']) delete process.env[k];
});

const qemuOf = (c: PlatformCapacity) => c.drivers.find((d) => d.id === 'qemu')!;
const gauge = (c: PlatformCapacity, id: string) => qemuOf(c).gauges.find((g) => g.id === id)!;

describe('Admin → Capacity with a running VM', () => {
  let id: string;

  it('counts a booting VM as booting, then reports its QEMU’s memory, reservation, tenant and instance once ready', async () => {
    const inst = await createVm(ctx, { name: 'cap-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80] });
    id = inst.id;
    const p = vmPaths(vmsDir, id);
    await waitFor('QEMU to run', async () => livePid(p.pid, p.dir) ?? undefined, 30_000, 20);
    const booting = await platformCapacity(admin);
    expect(gauge(booting, 'vm-booting')).toMatchObject({ used: 1, limit: 3 });
    expect(qemuOf(booting).objects.find((o) => o.instanceId === id)?.state).toBe('booting');

    await waitFor('the VM to be running', async () => (await db().instance.findUniqueOrThrow({ where: { id } })).status === 'running', 90_000, 200);
    const c = await platformCapacity(admin);
    const pid = livePid(p.pid, p.dir)!;
    const rssNow = rssBytes(pid)!;
    const vm = qemuOf(c).objects.find((o) => o.instanceId === id)!;
    expect(vm).toMatchObject({
      state: 'running',
      tenantId: ctx.tenant.id,
      tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name },
      instance: { id, name: 'cap-vm', deleted: false },
      memoryLimitBytes: (128 + VM_OVERHEAD_MIB) * MIB,
      cpus: 1,
    });
    // The same process's resident set, read a moment apart: within a few MiB of each other.
    expect(vm.memoryBytes).toBeGreaterThan(50 * MIB);
    expect(Math.abs(vm.memoryBytes! - rssNow)).toBeLessThan(8 * MIB);
    expect(gauge(c, 'vm-memory')).toMatchObject({ used: 128 + VM_OVERHEAD_MIB, limit: LIMIT_MIB, unit: 'MiB' });
    expect(gauge(c, 'vm-booting')).toMatchObject({ used: 0, limit: 3 });
    expect(gauge(c, 'vm-running').used).toBe(1);
    expect(gauge(c, 'vm-total').used).toBe(1);
    const accel = qemuOf(c).facts.find((f) => f.label === 'Accelerator')!;
    expect(accel.value).toMatch(/^(TCG|KVM)/);
    expect(accel.detail).toBeTruthy();
    expect(c.host).toMatchObject({ cpus: os.cpus().length, memoryTotalBytes: os.totalmem() });
    expect(c.host.memoryAvailableBytes).toBeGreaterThan(0);
    expect(c.host.memoryAvailableBytes).toBeLessThan(c.host.memoryTotalBytes);
  });

  it('refuses users who are not platform admins, as every admin route does (not found)', async () => {
    expect((await errorOf(() => platformCapacity(ctx.user))).code).toBe('not_found');
  });

  it('a stopped VM reserves nothing and shows no host memory', async () => {
    await requestInstanceAction(ctx, id, { action: 'stop' });
    await waitFor('the VM to be stopped', async () => (await db().instance.findUniqueOrThrow({ where: { id } })).status === 'stopped', 60_000, 200);
    const c = await platformCapacity(admin);
    expect(qemuOf(c).objects.find((o) => o.instanceId === id)).toMatchObject({ state: 'stopped', memoryBytes: null });
    expect(gauge(c, 'vm-memory').used).toBe(0);
    expect(gauge(c, 'vm-running').used).toBe(0);
  });
});
