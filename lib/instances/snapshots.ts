// Snapshots of an instance's disk (VMs: the driver's 'snapshots' capability). Each request only records intent (a
// pending row, or a restore or delete asked for) with an event and an audit entry; the reconciler does the engine
// work under the instance's lease (lib/reconciler/snapshots.ts). Always scoped by the session's tenant.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { uniqueViolation } from '@/lib/db/unique';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { driverFor } from '@/lib/providers/registry';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import type { InstanceSnapshot, PrismaClient } from '@/lib/generated/prisma/client';
import { ZInstanceName } from './spec';
import { publishChange } from '@/lib/live/changes';

export const ZCreateSnapshot = z.strictObject({ name: ZInstanceName });
export type TCreateSnapshot = z.infer<typeof ZCreateSnapshot>;

/** How many snapshots one instance may keep (each holds the disk blocks changed since). */
export const MAX_SNAPSHOTS_PER_INSTANCE = 10;

function view(s: InstanceSnapshot) {
  return {
    id: s.id,
    name: s.name,
    status: s.deleteRequested && s.status !== 'deleted' ? ('deleting' as const) : s.restoreRequested && s.status === 'ready' ? ('restoring' as const) : s.status,
    statusReason: s.statusReason,
    createdAt: s.createdAt.toISOString(),
  };
}
export type SnapshotView = ReturnType<typeof view>;

/** The tenant's live instance that may have snapshots, or 404 (another tenant's is "not found" too). */
async function snapshotTarget(ctx: TenantContext, instanceId: string, client: Pick<PrismaClient, 'instance'> = db()) {
  const inst = await client.instance.findFirst({ where: { id: instanceId, tenantId: ctx.tenant.id, deletedAt: null } });
  if (!inst) throw notFoundError('instance');
  if (!driverFor(inst.provider).snapshots) {
    throw new AppError('invalid_state', 'This kind of instance has no snapshots.');
  }
  return inst;
}

export async function listSnapshots(ctx: TenantContext, instanceId: string) {
  authorize(ctx, 'resource.read');
  const inst = await snapshotTarget(ctx, instanceId);
  const rows = await db().instanceSnapshot.findMany({
    where: { instanceId: inst.id, tenantId: ctx.tenant.id, deletedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return {
    snapshots: rows.map(view),
    // Restoring replaces the disk: only while the VM is stopped and stays so.
    canRestore: inst.desiredState === 'stopped' && inst.status === 'stopped',
  };
}

export async function createSnapshot(ctx: TenantContext, instanceId: string, input: unknown): Promise<{ id: string }> {
  authorize(ctx, 'resource.operate');
  const { name } = parseInput(ZCreateSnapshot, input);
  try {
    return await db().$transaction(async (tx) => {
      const inst = await snapshotTarget(ctx, instanceId, tx);
      if (inst.desiredState === 'deleted') throw new AppError('invalid_state', 'The instance is being deleted.');
      const count = await tx.instanceSnapshot.count({ where: { instanceId: inst.id, tenantId: ctx.tenant.id, deletedAt: null } });
      if (count >= MAX_SNAPSHOTS_PER_INSTANCE) {
        throw new AppError('quota_exceeded', `An instance keeps at most ${MAX_SNAPSHOTS_PER_INSTANCE} snapshots: delete one first.`, {
          name: `At most ${MAX_SNAPSHOTS_PER_INSTANCE} snapshots per instance.`,
        });
      }
      const snap = await tx.instanceSnapshot.create({
        data: { tenantId: ctx.tenant.id, instanceId: inst.id, name, liveName: name, createdById: ctx.user.id },
      });
      await tx.instanceEvent.create({
        data: { instanceId: inst.id, tenantId: ctx.tenant.id, type: 'requested', actorId: ctx.user.id, message: `Snapshot “${name}” requested by ${ctx.user.email}` },
      });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'instance.snapshot.created', targetType: 'instance', targetId: inst.id, metadata: { snapshot: snap.id, name } });
      return { id: snap.id };
    });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError('conflict', 'A snapshot with this name already exists.', { name: 'This instance already has a snapshot with this name.' });
    throw err;
  } finally {
    nudgeReconciler();
  }
}

async function snapshotOf(ctx: TenantContext, instanceId: string, snapshotId: string) {
  const inst = await snapshotTarget(ctx, instanceId);
  const snap = await db().instanceSnapshot.findFirst({ where: { id: snapshotId, instanceId: inst.id, tenantId: ctx.tenant.id, deletedAt: null } });
  if (!snap) throw notFoundError('snapshot');
  return { inst, snap };
}

/** Puts the VM's disk back to the snapshot; the VM must be stopped (and is kept stopped until it is done). */
export async function restoreSnapshot(ctx: TenantContext, instanceId: string, snapshotId: string): Promise<void> {
  authorize(ctx, 'resource.operate');
  const { inst, snap } = await snapshotOf(ctx, instanceId, snapshotId);
  if (!(inst.desiredState === 'stopped' && inst.status === 'stopped')) throw new AppError('invalid_state', 'Stop the VM before restoring a snapshot.');
  if (snap.status !== 'ready' || snap.deleteRequested || snap.restoreRequested) throw new AppError('invalid_state', `The snapshot is ${view(snap).status}: only a ready snapshot can be restored.`);
  await db().$transaction(async (tx) => {
    // Conditional: two restores (or a restore and a delete) at once record one.
    const { count } = await tx.instanceSnapshot.updateMany({
      where: { id: snap.id, tenantId: ctx.tenant.id, status: 'ready', restoreRequested: false, deleteRequested: false },
      data: { restoreRequested: true, attempts: 0, nextAttemptAt: new Date(), statusReason: null },
    });
    if (!count) throw new AppError('invalid_state', 'The snapshot changed meanwhile; try again.');
    await tx.instanceEvent.create({
      data: { instanceId: inst.id, tenantId: ctx.tenant.id, type: 'requested', actorId: ctx.user.id, message: `Restore of snapshot “${snap.name}” requested by ${ctx.user.email}` },
    });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'instance.snapshot.restored', targetType: 'instance', targetId: inst.id, metadata: { snapshot: snap.id, name: snap.name } });
  });
  publishChange({ kind: 'instance', id: inst.id, tenantId: ctx.tenant.id });
  nudgeReconciler();
}

export async function deleteSnapshot(ctx: TenantContext, instanceId: string, snapshotId: string): Promise<void> {
  authorize(ctx, 'resource.delete');
  const { inst, snap } = await snapshotOf(ctx, instanceId, snapshotId);
  if (snap.restoreRequested) throw new AppError('invalid_state', 'The snapshot is being restored; delete it afterwards.');
  if (snap.deleteRequested) return; // already asked for
  await db().$transaction(async (tx) => {
    // Conditional, like restore: a restore recorded since the read above is not overtaken by this delete.
    const { count } = await tx.instanceSnapshot.updateMany({
      where: { id: snap.id, tenantId: ctx.tenant.id, restoreRequested: false, deleteRequested: false },
      data: { deleteRequested: true, attempts: 0, nextAttemptAt: new Date() },
    });
    if (!count) throw new AppError('invalid_state', 'The snapshot changed meanwhile; try again.');
    await tx.instanceEvent.create({
      data: { instanceId: inst.id, tenantId: ctx.tenant.id, type: 'requested', actorId: ctx.user.id, message: `Deletion of snapshot “${snap.name}” requested by ${ctx.user.email}` },
    });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'instance.snapshot.deleted', targetType: 'instance', targetId: inst.id, metadata: { snapshot: snap.id, name: snap.name } });
  });
  publishChange({ kind: 'instance', id: inst.id, tenantId: ctx.tenant.id });
  nudgeReconciler();
}
