// VM snapshots through the domain operations and the one reconciler, on real QEMU: a snapshot taken while the VM
// runs (QMP) and one while it is stopped (qemu-img), a restore that really puts the disk back (a file written after
// the snapshot is gone, the one before is there again), refusals with stable codes (bad name, duplicate, restore
// while running, a viewer), another tenant's 404 for every operation, deletion, and the VM's deletion taking its
// snapshots along.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { createSnapshot, deleteSnapshot, listSnapshots, restoreSnapshot } from '@/lib/instances/snapshots';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import type { TenantContext } from '@/lib/auth/context';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { addMember, contextFor, createUser, errorOf, memberOfNewTenant } from '../fixtures';
import { ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { killAllVms, serialExchange, vmConsoleEnv } from '../qemu';

let vmsDir: string;
let ctx: TenantContext;
let reconciler: Reconciler | undefined;
let id: string;

beforeAll(async () => {
  vmsDir = await vmConsoleEnv();
  ({ ctx } = await memberOfNewTenant());
  reconciler = startReconciler(ownConsoleId());
  ({ id } = await createVm(ctx, { name: 'snap-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [] }));
  await waitFor('the VM to run', async () => (await row()).status === 'running', 90_000, 200);
}, 180_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  delete process.env.OVERCAST_VM_DIR;
});

const row = () => db().instance.findUniqueOrThrow({ where: { id } });

/** Runs a shell command on the guest's serial console and returns what it printed between two markers. */
async function guest(cmd: string): Promise<string> {
  const out = await serialExchange(vmPaths(vmsDir, id).serial, `echo "<<$(${cmd})>>"\n`, /<<[^>\n]*>>\r?\n/);
  // The echo of the typed line never matches: there ">>" is followed by a quote, not a line break.
  return /<<([^>\n]*)>>\r?\n/.exec(out)![1]!;
}

async function snapshotNamed(name: string) {
  return (await listSnapshots(ctx, id)).snapshots.find((s) => s.name === name);
}

async function waitSnapshot(name: string, status: string) {
  return waitFor(`snapshot ${name} to be ${status}`, async () => {
    const s = await snapshotNamed(name);
    return s?.status === status && s;
  }, 60_000, 200);
}

/** The tags in the VM's disk, as qemu-img sees them. */
function tagsOnDisk(): string[] {
  const info = JSON.parse(execFileSync('qemu-img', ['info', '-U', '--output=json', vmPaths(vmsDir, id).disk], { encoding: 'utf8' })) as { snapshots?: { name: string }[] };
  return (info.snapshots ?? []).map((s) => s.name);
}

describe('VM snapshots', () => {
  let before: string;
  let cold: string;

  it('takes a snapshot of a running VM (intent first, then the reconciler), then keeps running', async () => {
    expect(await guest('echo one > /data/f; sync; cat /data/f')).toBe('one');
    ({ id: before } = await createSnapshot(ctx, id, { name: 'before' }));
    // The request wrote the intent; the engine work follows.
    const stored = await db().instanceSnapshot.findUniqueOrThrow({ where: { id: before } });
    expect(stored).toMatchObject({ tenantId: ctx.tenant.id, instanceId: id, name: 'before' });
    await waitSnapshot('before', 'ready');
    expect(tagsOnDisk()).toEqual([before]);
    expect((await row()).status).toBe('running');
    expect(await guest('echo two > /data/f; sync; cat /data/f')).toBe('two');
  });

  it('refuses bad names, duplicates and a restore while the VM runs, with stable codes, writing nothing', async () => {
    const count = await db().instanceSnapshot.count();
    const bad = await errorOf(() => createSnapshot(ctx, id, { name: 'Not A Name' }));
    expect(bad).toMatchObject({ code: 'validation_failed', fields: { name: expect.stringMatching(/lowercase letters/) } });
    expect((await errorOf(() => createSnapshot(ctx, id, { name: 'before' }))).code).toBe('conflict');
    expect((await errorOf(() => restoreSnapshot(ctx, id, before))).code).toBe('invalid_state');
    expect(await db().instanceSnapshot.count()).toBe(count);
    expect((await listSnapshots(ctx, id)).canRestore).toBe(false);
  });

  it('is invisible to another tenant (404 for every operation), and read-only for a viewer', async () => {
    const { ctx: stranger } = await memberOfNewTenant();
    for (const op of [
      () => listSnapshots(stranger, id),
      () => createSnapshot(stranger, id, { name: 'theirs' }),
      () => restoreSnapshot(stranger, id, before),
      () => deleteSnapshot(stranger, id, before),
    ]) {
      expect((await errorOf(op)).code).toBe('not_found');
    }
    // Their own VM does not reach my snapshot either.
    const { id: theirs } = await createVm(stranger, { name: 'their-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [], start: false });
    expect((await errorOf(() => deleteSnapshot(stranger, theirs, before))).code).toBe('not_found');
    const viewerUser = await createUser();
    await addMember(ctx.tenant.id, viewerUser.id, 'viewer');
    const viewer = await contextFor(viewerUser.id, ctx.tenant.id);
    expect((await listSnapshots(viewer, id)).snapshots.map((s) => s.name)).toEqual(['before']);
    expect((await errorOf(() => createSnapshot(viewer, id, { name: 'mine' }))).code).toBe('forbidden');
    expect((await errorOf(() => deleteSnapshot(viewer, id, before))).code).toBe('forbidden');
    expect(await snapshotNamed('before')).toMatchObject({ status: 'ready' });
  });

  it('takes one while stopped, and restores the disk to the running one’s moment', async () => {
    await requestInstanceAction(ctx, id, { action: 'stop' });
    await waitFor('the VM to be stopped', async () => (await row()).status === 'stopped', 60_000, 200);
    ({ id: cold } = await createSnapshot(ctx, id, { name: 'cold' }));
    await waitSnapshot('cold', 'ready');
    expect(tagsOnDisk().sort()).toEqual([before, cold].sort());
    expect((await listSnapshots(ctx, id)).canRestore).toBe(true);
    await restoreSnapshot(ctx, id, before);
    expect((await errorOf(() => restoreSnapshot(ctx, id, before))).code).toBe('invalid_state'); // one at a time
    await waitFor('the restore to be done', async () => {
      const s = await db().instanceSnapshot.findUniqueOrThrow({ where: { id: before } });
      return !s.restoreRequested && s.status === 'ready' && s;
    }, 60_000, 200);
    expect(await db().instanceEvent.count({ where: { instanceId: id, message: 'Disk restored to snapshot “before”' } })).toBe(1);
    await requestInstanceAction(ctx, id, { action: 'start' });
    await waitFor('the VM to run again', async () => (await row()).status === 'running', 90_000, 200);
    expect(await guest('cat /data/f')).toBe('one');
  });

  it('deletes a snapshot (from the list and the disk); deleting the VM takes the rest along', async () => {
    await deleteSnapshot(ctx, id, cold);
    await waitFor('the snapshot to be gone', async () => !(await snapshotNamed('cold')), 60_000, 200);
    expect(tagsOnDisk()).toEqual([before]);
    // The name can be used again.
    await createSnapshot(ctx, id, { name: 'cold' });
    await waitSnapshot('cold', 'ready');
    await requestInstanceAction(ctx, id, { action: 'delete' });
    await waitFor('the VM to be deleted', async () => (await row()).status === 'deleted', 60_000, 200);
    await waitFor('its snapshots to be deleted', async () => (await db().instanceSnapshot.count({ where: { instanceId: id, deletedAt: null } })) === 0, 30_000, 200);
    expect((await errorOf(() => listSnapshots(ctx, id))).code).toBe('not_found');
  });
});
