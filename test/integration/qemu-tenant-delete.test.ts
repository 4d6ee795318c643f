// Deleting an organisation that holds a running VM (issue 13), on real QEMU: after the admin's request the reconciler
// stops and removes the VM (no QEMU process, no VM directory with its disk) and then the tenant's rows go.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { livePid } from '@/lib/providers/qemu/host';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { contextFor, createUser, tenantWith } from '../fixtures';
import { ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { killAllVms, qemuProcessesFor, vmConsoleEnv } from '../qemu';

const CONSOLE = ownConsoleId();
let vmsDir: string;
let reconciler: Reconciler | undefined;

beforeAll(async () => {
  vmsDir = await vmConsoleEnv();
}, 180_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  delete process.env.OVERCAST_VM_DIR;
});

describe('deleting an organisation with a running VM', () => {
  it('leaves no QEMU process, VM directory or row of it', { timeout: 180_000 }, async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const { id } = await createVm(ctx, { name: 'vm-doomed', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80] });
    reconciler = startReconciler(CONSOLE, { tenantDeletionMs: 200 });
    await waitFor('the VM to be running', async () => (await db().instance.findUniqueOrThrow({ where: { id } })).status === 'running', 120_000, 200);
    const p = vmPaths(vmsDir, id);
    const pid = livePid(p.pid, p.dir);
    expect(pid).toBeTypeOf('number');
    expect(qemuProcessesFor(p.dir)).toEqual([pid]);

    await requestTenantDeletion({ id: admin.id, email: admin.email, name: admin.name, isPlatformAdmin: true }, tenant.id, { confirm: tenant.slug, force: true });
    await waitFor('the tenant’s rows to be gone', async () => (await db().tenant.count({ where: { id: tenant.id } })) === 0, 90_000, 200);
    expect(qemuProcessesFor(p.dir)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(false);
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().instanceEvent.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: 'tenant.deleted', targetId: tenant.id } })).toBe(1);
  });
});
