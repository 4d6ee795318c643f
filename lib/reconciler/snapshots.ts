// The reconciler's snapshot work for one instance, done under that instance's lease before its own step (so a
// restore and a start never run on one disk at once, and a restore asked for while stopped happens before a later
// start): take pending snapshots, restore and delete those asked for, and record each outcome with an event. Its
// writes are fenced by the instance's lease, like the instance's own (lib/reconciler/fence.ts).
import type { PrismaClient, InstanceSnapshot } from '@/lib/generated/prisma/client';
import { driverFor } from '@/lib/providers/registry';
import { EngineError } from '@/lib/providers/types';
import { backoffMs } from './plan';
import { toDriverInstance, type InstanceWithRefs } from './driver-instance';
import { Superseded, type Fence } from './fence';
import { publishChange } from '@/lib/live/changes';

/** Snapshot rows that need engine work (for the tick's due list). */
export const SNAPSHOT_WORK = [{ status: { in: ['pending' as const, 'creating' as const] } }, { restoreRequested: true }, { deleteRequested: true }];

export async function reconcileSnapshots(db: PrismaClient, inst: InstanceWithRefs, log: (m: string) => void, fence: Fence): Promise<void> {
  const ops = driverFor(inst.provider).snapshots;
  if (!ops) return; // this kind has none: no query on the way of every reconcile
  const now = new Date();
  const live = { instanceId: inst.id, deletedAt: null };
  // Only while this process holds the instance's lease (a conditional write; a snapshot's work is rare).
  const held = () => ({ instance: { leaseOwner: fence.owner } });
  if (inst.desiredState === 'deleted' || inst.deletedAt) {
    // They live inside the VM's disk, which goes with the VM.
    await db.instanceSnapshot.updateMany({ where: { ...live, ...held() }, data: { status: 'deleted', deletedAt: now, liveName: null, restoreRequested: false, deleteRequested: false } });
    return;
  }
  const rows = await db.instanceSnapshot.findMany({ where: { ...live, nextAttemptAt: { lte: now }, OR: SNAPSHOT_WORK }, orderBy: { createdAt: 'asc' } });
  if (!rows.length) return;
  const di = toDriverInstance(inst);
  const event = (message: string) => db.instanceEvent.create({ data: { instanceId: inst.id, tenantId: inst.tenantId, type: 'snapshot', message } });
  for (const s of rows) {
    const set = async (data: Partial<InstanceSnapshot>) => {
      const { count } = await db.instanceSnapshot.updateMany({ where: { id: s.id, ...held() }, data });
      if (!count) {
        fence.pass.ended = true;
        throw new Superseded(`snapshot ${s.id}: the lease of instance ${inst.id} is lost`);
      }
      // A snapshot is part of its instance's page: its watchers look again.
      publishChange({ kind: 'instance', id: inst.id, tenantId: inst.tenantId });
    };
    if (fence.pass.ended) throw new Superseded('lease lost');
    try {
      if (s.deleteRequested) {
        await set({ status: 'deleting' });
        await ops.remove(di, s.id);
        await set({ status: 'deleted', deletedAt: new Date(), liveName: null, deleteRequested: false, statusReason: null });
        await event(`Snapshot “${s.name}” deleted`);
      } else if (s.restoreRequested) {
        await set({ status: 'restoring' });
        await ops.restore(di, s.id);
        await set({ status: 'ready', restoreRequested: false, statusReason: null, attempts: 0 });
        await event(`Disk restored to snapshot “${s.name}”`);
      } else {
        await set({ status: 'creating' });
        await ops.create(di, s.id);
        await set({ status: 'ready', statusReason: null, attempts: 0 });
        await event(`Snapshot “${s.name}” taken`);
      }
    } catch (err) {
      if (err instanceof Superseded) throw err;
      const message = err instanceof EngineError ? err.message : `Unexpected error: ${(err as Error).message}`;
      if (!(err instanceof EngineError)) log(`snapshot ${s.id}: ${(err as Error).stack ?? err}`);
      const attempts = s.attempts + 1;
      if (err instanceof EngineError && err.transient) {
        // Tried again later (the VM not made yet, QEMU busy); the row keeps saying what is wanted.
        const before = s.deleteRequested ? s.status : s.restoreRequested ? 'ready' : 'pending';
        await set({ status: before, statusReason: `${message}; retrying`, attempts, nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) });
      } else if (s.restoreRequested) {
        // A restore that cannot happen (the VM runs again): the snapshot stays as it was, with the reason.
        await set({ status: 'ready', restoreRequested: false, statusReason: message, attempts: 0 });
        await event(`Restore of snapshot “${s.name}” failed: ${message}`);
      } else {
        await set({ status: 'error', statusReason: message, attempts, nextAttemptAt: new Date(Date.now() + backoffMs(attempts)), deleteRequested: false });
        await event(`Snapshot “${s.name}” failed: ${message}`);
      }
    }
  }
}
