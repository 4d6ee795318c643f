// A tenant's volumes: create (quota: they count in the disk quota), list with what they use, attach to an instance at a
// path, detach, delete (refused while attached), grow, snapshot and restore. Attach and detach only record intent (the
// attachment row and a new generation of the instance); the reconciler makes the instance's engine object again with
// its new volume set. Files on the host are the volume store's (lib/providers/volumes/store.ts), reached by id only.
// Every query is scoped by the session's tenant: another tenant's volume or instance is "not found".
import 'server-only';
import type { Prisma, Volume, VolumeAttachment, VolumeSnapshot } from '@/lib/generated/prisma/client';
import { db } from '@/lib/db/client';
import { uniqueViolation } from '@/lib/db/unique';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { publishChange } from '@/lib/live/changes';
import { tenantUsage } from '@/lib/instances/quota';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { findRate } from '@/lib/billing/estimate';
import { exact, mul, toMinor } from '@/lib/billing/decimal';
import * as store from '@/lib/providers/volumes/store';
import { driverFor } from '@/lib/providers/registry';
import type { VolumeSupport } from '@/lib/providers/types';
import { ZInstanceName } from '@/lib/instances/spec';
import { z } from 'zod';
import { MAX_SNAPSHOTS_PER_VOLUME, MAX_VOLUMES_PER_INSTANCE, ZAttachVolume, ZCreateVolume, ZResizeVolume, type TWizardVolume } from './spec';

import { VOLUMES_PROVIDER } from '@/lib/billing/meter-volumes';

type Tx = Prisma.TransactionClient;
type Row = Volume & { attachment: (VolumeAttachment & { instance: { id: string; name: string; kind: string; provider: string; desiredState: string; status: string } }) | null };

const WITH_ATTACHMENT = { attachment: { include: { instance: { select: { id: true, name: true, kind: true, provider: true, desiredState: true, status: true } } } } } as const;

/** How an instance of the provider gets its volumes: mounted at their path, or as disks (its driver says). */
export function attachedAs(provider: string): VolumeSupport['attachedAs'] {
  return driverFor(provider).volumes?.attachedAs ?? 'path';
}

async function view(v: Row, price: (gib: number) => number | null) {
  const used = await store.usage(v.id).catch(() => null);
  return {
    id: v.id,
    name: v.name,
    sizeGib: v.sizeGib,
    status: v.status === 'restoring' ? ('restoring' as const) : v.attachment ? ('attached' as const) : ('available' as const),
    statusReason: v.statusReason,
    /** Bytes used in the filesystem (df of its mount); null while it is not mounted on the host (new, or a VM's). */
    usedBytes: used?.usedBytes ?? null,
    attachedTo: v.attachment
      ? {
          instanceId: v.attachment.instance.id,
          instanceName: v.attachment.instance.name,
          kind: v.attachment.instance.kind,
          attachedAs: attachedAs(v.attachment.instance.provider),
          mountPath: v.attachment.mountPath,
          readOnly: v.attachment.readOnly,
        }
      : null,
    monthlyPriceMinor: price(v.sizeGib),
    createdAt: v.createdAt.toISOString(),
  };
}
export type VolumeView = Awaited<ReturnType<typeof view>>;

/** The monthly price of `gib` GiB of volume under the billing catalog now (minor units), and its currency. */
export async function volumePricer(): Promise<{ currency: string; minorUnits: number; price: (gib: number) => number | null }> {
  // No billing catalog chosen (a fresh installation's admin has not): volumes are shown without a price.
  const catalog = await billingCatalogAt().catch(() => null);
  if (!catalog) return { currency: 'USD', minorUnits: 2, price: () => null };
  const rate = findRate(catalog, VOLUMES_PROVIDER, 'disk_gib_month');
  return {
    currency: catalog.currency,
    minorUnits: catalog.minorUnits,
    price: (gib) => (rate ? toMinor(mul(exact(rate.unitPrice), exact(gib)), catalog.minorUnits) : null),
  };
}

export async function listVolumes(ctx: TenantContext) {
  authorize(ctx, 'resource.read');
  const [rows, pricer] = await Promise.all([
    db().volume.findMany({ where: { tenantId: ctx.tenant.id, deletedAt: null }, include: WITH_ATTACHMENT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    volumePricer(),
  ]);
  return { volumes: await Promise.all(rows.map((r) => view(r, pricer.price))), currency: pricer.currency, minorUnits: pricer.minorUnits };
}

async function findVolume(ctx: TenantContext, id: string, client: Pick<Tx, 'volume'> = db()): Promise<Row> {
  const v = await client.volume.findFirst({ where: { id, tenantId: ctx.tenant.id, deletedAt: null }, include: WITH_ATTACHMENT });
  if (!v) throw notFoundError('volume');
  return v;
}

export async function getVolume(ctx: TenantContext, id: string) {
  authorize(ctx, 'resource.read');
  const [v, pricer] = await Promise.all([findVolume(ctx, id), volumePricer()]);
  const snapshots = await db().volumeSnapshot.findMany({ where: { volumeId: v.id, tenantId: ctx.tenant.id, deletedAt: null }, orderBy: { createdAt: 'desc' } });
  return { ...(await view(v, pricer.price)), currency: pricer.currency, minorUnits: pricer.minorUnits, snapshots: snapshots.map(snapshotView), canRestore: restorable(v) === null };
}

/** The tenant's volumes free to attach (the create wizard offers them). */
export async function freeVolumes(ctx: TenantContext): Promise<{ id: string; name: string; sizeGib: number }[]> {
  authorize(ctx, 'resource.read');
  return db().volume.findMany({
    where: { tenantId: ctx.tenant.id, deletedAt: null, attachment: null, status: 'available' },
    select: { id: true, name: true, sizeGib: true },
    orderBy: { name: 'asc' },
  });
}

/** The volumes attached to one instance of the tenant (its page). */
export async function instanceVolumes(ctx: TenantContext, instanceId: string) {
  authorize(ctx, 'resource.read');
  const rows = await db().volumeAttachment.findMany({
    where: { instanceId, tenantId: ctx.tenant.id, volume: { deletedAt: null } },
    include: { volume: true },
    orderBy: { mountPath: 'asc' },
  });
  return Promise.all(
    rows.map(async (a) => ({ id: a.volumeId, name: a.volume.name, sizeGib: a.volume.sizeGib, mountPath: a.mountPath, readOnly: a.readOnly, usedBytes: (await store.usage(a.volumeId).catch(() => null))?.usedBytes ?? null })),
  );
}

/** Locks the tenant's quota row and refuses when `addGib` more GiB of disk would pass it. */
async function checkDiskQuota(tx: Tx, tenantId: string, addGib: number, field: string): Promise<void> {
  const quota = (await tx.$queryRaw<{ maxDiskGib: number }[]>`SELECT "maxDiskGib" FROM "Quota" WHERE "tenantId" = ${tenantId} FOR UPDATE`)[0];
  if (!quota) throw new AppError('quota_exceeded', 'This organisation has no quota set; ask a platform admin.');
  const usage = await tenantUsage(tx, tenantId);
  if (usage.diskGib + addGib > quota.maxDiskGib) {
    const msg = `This would use ${usage.diskGib + addGib} GiB of disk (instances and volumes); the quota is ${quota.maxDiskGib} GiB.`;
    throw new AppError('quota_exceeded', `Over quota: ${msg}`, { [field]: msg });
  }
}

function nameTaken(field = 'name'): AppError {
  return new AppError('conflict', 'A volume with this name already exists.', { [field]: 'This name is already used by a volume in this organisation.' });
}

async function insertVolume(tx: Tx, ctx: TenantContext, name: string, sizeGib: number, field: string): Promise<Volume> {
  await checkDiskQuota(tx, ctx.tenant.id, sizeGib, field);
  const v = await tx.volume.create({ data: { tenantId: ctx.tenant.id, name, liveName: name, sizeGib, createdById: ctx.user.id } });
  await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.created', targetType: 'volume', targetId: v.id, metadata: { name, sizeGib } });
  return v;
}

export async function createVolume(ctx: TenantContext, input: unknown): Promise<{ id: string; name: string }> {
  authorize(ctx, 'resource.create');
  const { name, sizeGib } = parseInput(ZCreateVolume, input);
  try {
    const v = await db().$transaction((tx) => insertVolume(tx, ctx, name, sizeGib, 'sizeGib'));
    return { id: v.id, name: v.name };
  } catch (err) {
    if (uniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** How the instance's driver takes volumes; refused for a driver that takes none. */
function volumeSupport(inst: { provider: string }): VolumeSupport {
  const support = driverFor(inst.provider).volumes;
  if (!support) throw new AppError('invalid_state', 'This kind of instance takes no volumes.');
  return support;
}

/** Stopped, or about to start for the first time: a driver that takes changes only then gets them on its next start. */
const isStopped = (inst: { desiredState: string; status: string }) => inst.desiredState === 'stopped' && (inst.status === 'stopped' || inst.status === 'pending');

/** A driver whose volumes change only while stopped (a VM's disks) gets them on its next start. */
function checkInstanceTakesChange(inst: { provider: string; kind: string; desiredState: string; status: string }): void {
  if (inst.desiredState === 'deleted') throw new AppError('invalid_state', 'The instance is being deleted.');
  if (!volumeSupport(inst).changesWhileRunning && !isStopped(inst)) throw stopFirst(inst);
}

function stopFirst(inst: { kind: string }): AppError {
  return inst.kind === 'vm'
    ? new AppError('invalid_state', 'Stop the VM first: a VM’s disks change only while it is stopped.')
    : new AppError('invalid_state', 'Stop the instance first: its volumes change only while it is stopped.');
}

/** The instance's new generation, with an event: the reconciler makes its engine object again with its volumes. */
async function bumpInstance(tx: Tx, ctx: TenantContext, instanceId: string, message: string): Promise<void> {
  await tx.instance.update({
    where: { id: instanceId },
    data: {
      generation: { increment: 1 },
      attempts: 0,
      crashes: 0,
      nextAttemptAt: new Date(),
      events: { create: { tenantId: ctx.tenant.id, type: 'requested', actorId: ctx.user.id, message } },
    },
  });
}

/**
 * Attaches volumes in the transaction that creates an instance (the wizard): existing ones of the tenant's (free),
 * and new ones made here (counted in the disk quota with the instance, checked by the caller's quota lock).
 */
export async function attachInCreate(tx: Tx, ctx: TenantContext, instanceId: string, volumes: TWizardVolume[]): Promise<void> {
  for (const [i, w] of volumes.entries()) {
    let volumeId: string;
    if ('create' in w) {
      const taken = await tx.volume.findFirst({ where: { tenantId: ctx.tenant.id, liveName: w.create.name }, select: { id: true } });
      if (taken) throw nameTaken(`volumes.${i}.create.name`);
      volumeId = (await insertVolume(tx, ctx, w.create.name, w.create.sizeGib, `volumes.${i}.create.sizeGib`)).id;
    } else {
      const v = await tx.volume.findFirst({ where: { id: w.volumeId, tenantId: ctx.tenant.id, deletedAt: null }, include: { attachment: true } });
      if (!v) throw new AppError('not_found', 'No such volume.', { [`volumes.${i}.volumeId`]: 'Choose one of your volumes.' });
      if (v.attachment || v.status === 'restoring') {
        throw new AppError('conflict', `The volume “${v.name}” is already attached.`, { [`volumes.${i}.volumeId`]: `“${v.name}” is attached elsewhere: detach it first.` });
      }
      volumeId = v.id;
    }
    await tx.volumeAttachment.create({ data: { volumeId, instanceId, tenantId: ctx.tenant.id, mountPath: w.mountPath, readOnly: w.readOnly } });
  }
}

/** The total size of the new volumes a wizard asks for (the quota counts them with the instance). */
export function newVolumesGib(volumes: TWizardVolume[]): number {
  return volumes.reduce((n, w) => n + ('create' in w ? w.create.sizeGib : 0), 0);
}

export async function attachVolume(ctx: TenantContext, volumeId: string, input: unknown): Promise<void> {
  authorize(ctx, 'resource.operate');
  const { instanceId, mountPath, readOnly } = parseInput(ZAttachVolume, input);
  await db().$transaction(async (tx) => {
    const v = await findVolume(ctx, volumeId, tx);
    const inst = await tx.instance.findFirst({ where: { id: instanceId, tenantId: ctx.tenant.id, deletedAt: null } });
    if (!inst) throw new AppError('not_found', 'No such instance.', { instanceId: 'Choose one of your instances.' });
    if (v.attachment) throw new AppError('conflict', `The volume is attached to ${v.attachment.instance.name}: detach it first.`);
    if (v.status === 'restoring') throw new AppError('invalid_state', 'The volume is being restored.');
    checkInstanceTakesChange(inst);
    const mine = await tx.volumeAttachment.findMany({ where: { instanceId: inst.id } });
    if (mine.length >= MAX_VOLUMES_PER_INSTANCE) throw new AppError('quota_exceeded', `An instance has at most ${MAX_VOLUMES_PER_INSTANCE} volumes.`);
    if (mine.some((a) => a.mountPath === mountPath)) {
      throw new AppError('conflict', 'Another volume is mounted there.', { mountPath: `${inst.name} already has a volume at ${mountPath}.` });
    }
    await tx.volumeAttachment.create({ data: { volumeId: v.id, instanceId: inst.id, tenantId: ctx.tenant.id, mountPath, readOnly } });
    await bumpInstance(tx, ctx, inst.id, `Volume “${v.name}” attached at ${mountPath}${readOnly ? ' (read-only)' : ''} by ${ctx.user.email}`);
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.attached', targetType: 'volume', targetId: v.id, metadata: { instanceId: inst.id, mountPath, readOnly } });
  });
  publishChange({ kind: 'instance', id: instanceId, tenantId: ctx.tenant.id });
  nudgeReconciler();
}

export async function detachVolume(ctx: TenantContext, volumeId: string): Promise<void> {
  authorize(ctx, 'resource.operate');
  const instanceId = await db().$transaction(async (tx) => {
    const v = await findVolume(ctx, volumeId, tx);
    if (!v.attachment) throw new AppError('invalid_state', 'The volume is not attached.');
    const inst = await tx.instance.findFirstOrThrow({ where: { id: v.attachment.instanceId, tenantId: ctx.tenant.id } });
    if (inst.desiredState !== 'deleted') checkInstanceTakesChange(inst);
    await tx.volumeAttachment.delete({ where: { volumeId: v.id } });
    if (inst.desiredState !== 'deleted') await bumpInstance(tx, ctx, inst.id, `Volume “${v.name}” detached by ${ctx.user.email}`);
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.detached', targetType: 'volume', targetId: v.id, metadata: { instanceId: inst.id } });
    return inst.id;
  });
  publishChange({ kind: 'instance', id: instanceId, tenantId: ctx.tenant.id });
  nudgeReconciler();
}

export async function deleteVolume(ctx: TenantContext, volumeId: string): Promise<void> {
  authorize(ctx, 'resource.delete');
  await db().$transaction(async (tx) => {
    const v = await findVolume(ctx, volumeId, tx);
    if (v.attachment) {
      throw new AppError('invalid_state', `The volume is attached to ${v.attachment.instance.name}: detach it before deleting it.`);
    }
    if (v.status === 'restoring') throw new AppError('invalid_state', 'The volume is being restored.');
    // Conditional on still being free: an attach that committed meanwhile wins and this delete is refused.
    const { count } = await tx.volume.updateMany({ where: { id: v.id, tenantId: ctx.tenant.id, deletedAt: null, attachment: null }, data: { deletedAt: new Date(), liveName: null, status: 'deleted' } });
    if (!count) throw new AppError('invalid_state', 'The volume changed meanwhile; try again.');
    await tx.volumeSnapshot.updateMany({ where: { volumeId: v.id }, data: { deletedAt: new Date(), liveName: null } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.deleted', targetType: 'volume', targetId: v.id, metadata: { name: v.name } });
  });
  // After the commit (intent first): its files go now; a failure here is swept later (sweepVolumeFiles).
  await store.removeVolume(volumeId).catch(() => {});
}

/** Grows the volume (never shrinks): counted in the quota; while attached to a VM, only with the VM stopped. */
export async function resizeVolume(ctx: TenantContext, volumeId: string, input: unknown): Promise<void> {
  authorize(ctx, 'resource.operate');
  const { sizeGib } = parseInput(ZResizeVolume, input);
  const v = await db().$transaction(async (tx) => {
    const v = await findVolume(ctx, volumeId, tx);
    if (sizeGib < v.sizeGib) throw new AppError('validation_failed', 'A volume can only grow.', { sizeGib: `The volume has ${v.sizeGib} GiB; choose more.` });
    if (sizeGib === v.sizeGib) return v;
    if (v.attachment && !volumeSupport(v.attachment.instance).changesWhileRunning) {
      const inst = await tx.instance.findFirstOrThrow({ where: { id: v.attachment.instanceId } });
      checkInstanceTakesChange(inst);
    }
    await checkDiskQuota(tx, ctx.tenant.id, sizeGib - v.sizeGib, 'sizeGib');
    await tx.volume.update({ where: { id: v.id }, data: { sizeGib } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.resized', targetType: 'volume', targetId: v.id, metadata: { from: v.sizeGib, to: sizeGib } });
    return v;
  });
  if (sizeGib > v.sizeGib) await store.grow(v.id, sizeGib);
}

// ---------------------------------------------------------------------------------------------------- snapshots

export const ZCreateVolumeSnapshot = z.strictObject({ name: ZInstanceName });

function snapshotView(s: VolumeSnapshot) {
  return { id: s.id, name: s.name, sizeBytes: Number(s.sizeBytes), createdAt: s.createdAt.toISOString() };
}

/** Why the volume cannot be restored now (null: it can): it must be detached, or its instance stopped. */
function restorable(v: Row): string | null {
  if (v.status === 'restoring') return 'The volume is being restored.';
  if (!v.attachment) return null;
  const i = v.attachment.instance;
  return i.desiredState === 'stopped' && i.status === 'stopped' ? null : `Detach the volume or stop ${v.attachment.instance.name} first.`;
}

export async function createVolumeSnapshot(ctx: TenantContext, volumeId: string, input: unknown): Promise<{ id: string }> {
  authorize(ctx, 'resource.operate');
  const { name } = parseInput(ZCreateVolumeSnapshot, input);
  const v = await findVolume(ctx, volumeId);
  const count = await db().volumeSnapshot.count({ where: { volumeId: v.id, deletedAt: null } });
  if (count >= MAX_SNAPSHOTS_PER_VOLUME) {
    throw new AppError('quota_exceeded', `A volume keeps at most ${MAX_SNAPSHOTS_PER_VOLUME} snapshots: delete one first.`, { name: `At most ${MAX_SNAPSHOTS_PER_VOLUME} snapshots per volume.` });
  }
  let snap: VolumeSnapshot;
  try {
    snap = await db().$transaction(async (tx) => {
      const s = await tx.volumeSnapshot.create({ data: { tenantId: ctx.tenant.id, volumeId: v.id, name, liveName: name, createdById: ctx.user.id } });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.snapshot.created', targetType: 'volume', targetId: v.id, metadata: { snapshot: s.id, name } });
      return s;
    });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError('conflict', 'A snapshot with this name already exists.', { name: 'This volume already has a snapshot with this name.' });
    throw err;
  }
  try {
    const bytes = await store.snapshot(v.id, snap.id, v.sizeGib);
    await db().volumeSnapshot.update({ where: { id: snap.id }, data: { sizeBytes: BigInt(bytes) } });
  } catch (err) {
    // Nothing half-made stays listed.
    await db().volumeSnapshot.update({ where: { id: snap.id }, data: { deletedAt: new Date(), liveName: null } });
    store.removeSnapshot(v.id, snap.id);
    throw err;
  }
  return { id: snap.id };
}

async function findSnapshot(ctx: TenantContext, volumeId: string, snapshotId: string) {
  const v = await findVolume(ctx, volumeId);
  const s = await db().volumeSnapshot.findFirst({ where: { id: snapshotId, volumeId: v.id, tenantId: ctx.tenant.id, deletedAt: null } });
  if (!s) throw notFoundError('snapshot');
  return { v, s };
}

/** Puts the snapshot's content back; only while the volume is detached or its instance stopped. */
export async function restoreVolumeSnapshot(ctx: TenantContext, volumeId: string, snapshotId: string): Promise<void> {
  authorize(ctx, 'resource.operate');
  const { v, s } = await findSnapshot(ctx, volumeId, snapshotId);
  const why = restorable(v);
  if (why) throw new AppError('invalid_state', why);
  // Marked first (intent): attach, delete and a second restore are refused while it runs.
  const { count } = await db().volume.updateMany({ where: { id: v.id, tenantId: ctx.tenant.id, status: 'available', deletedAt: null }, data: { status: 'restoring', statusReason: null } });
  if (!count) throw new AppError('invalid_state', 'The volume is being restored.');
  try {
    await store.restore(v.id, s.id);
    await db().$transaction(async (tx) => {
      await tx.volume.update({ where: { id: v.id }, data: { status: 'available' } });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.snapshot.restored', targetType: 'volume', targetId: v.id, metadata: { snapshot: s.id, name: s.name } });
    });
  } catch (err) {
    await db().volume.update({ where: { id: v.id }, data: { status: 'available', statusReason: `Restore failed: ${(err as Error).message}` } });
    throw err;
  }
}

export async function deleteVolumeSnapshot(ctx: TenantContext, volumeId: string, snapshotId: string): Promise<void> {
  authorize(ctx, 'resource.delete');
  const { v, s } = await findSnapshot(ctx, volumeId, snapshotId);
  await db().$transaction(async (tx) => {
    await tx.volumeSnapshot.update({ where: { id: s.id }, data: { deletedAt: new Date(), liveName: null } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'volume.snapshot.deleted', targetType: 'volume', targetId: v.id, metadata: { snapshot: s.id, name: s.name } });
  });
  store.removeSnapshot(v.id, s.id);
}
