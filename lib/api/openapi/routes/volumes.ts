// OpenAPI entries: an organisation's volumes (persistent disks with a size limit), attach/detach, snapshots.
import { z } from 'zod';
import { ZAttachVolume, ZCreateVolume, ZResizeVolume } from '@/lib/volumes/spec';
import { ZCreateVolumeSnapshot } from '@/lib/volumes/service';
import { ZAccepted } from '../responses';
import type { RouteDocs } from '../types';

const ZVolumeSnapshotView = z.object({ id: z.string(), name: z.string(), sizeBytes: z.number().int(), createdAt: z.iso.datetime() });

const ZVolumeView = z
  .object({
    id: z.string(),
    name: z.string(),
    sizeGib: z.number().int(),
    status: z.enum(['available', 'attached', 'restoring']),
    statusReason: z.string().nullable(),
    usedBytes: z.number().int().nullable().meta({ description: 'Bytes used in its filesystem; null while it is not mounted on the host (new, or a VM’s disk).' }),
    attachedTo: z
      .object({
        instanceId: z.string(),
        instanceName: z.string(),
        kind: z.string(),
        attachedAs: z.enum(['path', 'disk']).meta({ description: 'Mounted at mountPath inside a container, or an extra disk of a VM (its driver decides).' }),
        mountPath: z.string(),
        readOnly: z.boolean(),
      })
      .nullable(),
    monthlyPriceMinor: z.number().int().nullable().meta({ description: 'Its price per month under the billing catalog, in minor units; null when volumes have no price.' }),
    createdAt: z.iso.datetime(),
  })
  .loose();

export const volumeRoutes: RouteDocs = {
  'GET tenants/[slug]/volumes': {
    tag: 'Volumes',
    summary: 'List volumes',
    description: 'Newest first, with size, bytes used, what each is attached to and its monthly price. Any member.',
    access: 'tenant',
    response: { status: 200, description: 'The volumes and the currency of their prices.', schema: z.object({ volumes: z.array(ZVolumeView), currency: z.string(), minorUnits: z.number().int() }) },
  },
  'POST tenants/[slug]/volumes': {
    tag: 'Volumes',
    summary: 'Create a volume',
    description: 'A disk of `sizeGib` GiB (a write past it fails with ENOSPC); counted in the disk quota and billed per GiB-month. Members and above.',
    access: 'tenant',
    idempotent: true,
    body: ZCreateVolume,
    response: { status: 201, description: 'Created.', schema: z.object({ id: z.string(), name: z.string() }) },
    errors: ['conflict', 'quota_exceeded'],
  },
  'GET tenants/[slug]/volumes/[volumeId]': {
    tag: 'Volumes',
    summary: 'One volume with its snapshots',
    access: 'tenant',
    response: {
      status: 200,
      description: 'The volume, its snapshots and whether it can be restored now.',
      schema: ZVolumeView.extend({ currency: z.string(), minorUnits: z.number().int(), snapshots: z.array(ZVolumeSnapshotView), canRestore: z.boolean() }),
    },
  },
  'PATCH tenants/[slug]/volumes/[volumeId]': {
    tag: 'Volumes',
    summary: 'Grow a volume',
    description: 'Volumes only grow (online for containers; a VM’s only while it is stopped). Counted in the disk quota.',
    access: 'tenant',
    body: ZResizeVolume,
    response: { status: 200, description: 'The volume as it is now.', schema: ZVolumeView.loose() },
    errors: ['invalid_state', 'quota_exceeded'],
  },
  'DELETE tenants/[slug]/volumes/[volumeId]': {
    tag: 'Volumes',
    summary: 'Delete a volume and its snapshots',
    description: 'Refused while it is attached (`invalid_state`): detach it first.',
    access: 'tenant',
    response: { status: 204, description: 'Deleted.', type: 'none' },
    errors: ['invalid_state'],
  },
  'POST tenants/[slug]/volumes/[volumeId]/attach': {
    tag: 'Volumes',
    summary: 'Attach a volume to an instance',
    description: 'A container gets it at `mountPath` (made again by the reconciler); a VM, which must be stopped, gets it as its next virtio disk at its next start.',
    access: 'tenant',
    body: ZAttachVolume,
    response: { status: 202, description: 'Recorded: `{"accepted": true}`.' },
    errors: ['invalid_state', 'conflict', 'quota_exceeded'],
  },
  'POST tenants/[slug]/volumes/[volumeId]/detach': {
    tag: 'Volumes',
    summary: 'Detach a volume from its instance',
    description: 'The instance is made again without it; the data stays on the volume.',
    access: 'tenant',
    response: { status: 202, description: 'Recorded.', schema: ZAccepted },
    errors: ['invalid_state'],
  },
  'GET tenants/[slug]/volumes/[volumeId]/snapshots': {
    tag: 'Volumes',
    summary: 'A volume’s snapshots, newest first',
    access: 'tenant',
    response: { status: 200, description: 'The snapshots, and whether the volume can be restored now.', schema: z.object({ snapshots: z.array(ZVolumeSnapshotView), canRestore: z.boolean() }) },
  },
  'POST tenants/[slug]/volumes/[volumeId]/snapshots': {
    tag: 'Volumes',
    summary: 'Take a snapshot of a volume',
    description: 'A sparse copy of the volume as it is now, taken with its filesystem frozen for the copy.',
    access: 'tenant',
    body: ZCreateVolumeSnapshot,
    response: { status: 201, description: 'Taken: the snapshot’s id.', schema: z.object({ id: z.string() }) },
    errors: ['conflict', 'quota_exceeded'],
  },
  'DELETE tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]': {
    tag: 'Volumes',
    summary: 'Delete a snapshot of a volume',
    access: 'tenant',
    response: { status: 204, description: 'Deleted.', type: 'none' },
  },
  'POST tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]/restore': {
    tag: 'Volumes',
    summary: 'Put a volume back to a snapshot',
    description: 'Only while the volume is detached or its instance is stopped (`invalid_state` otherwise).',
    access: 'tenant',
    response: { status: 200, description: 'Restored.', schema: z.object({ restored: z.literal(true) }) },
    errors: ['invalid_state'],
  },
  'GET tenants/[slug]/instances/[id]/volumes': {
    tag: 'Volumes',
    summary: 'The volumes attached to an instance',
    access: 'tenant',
    response: {
      status: 200,
      description: 'Each attached volume with where it appears.',
      schema: z.object({ volumes: z.array(z.object({ id: z.string(), name: z.string(), sizeGib: z.number().int(), mountPath: z.string(), readOnly: z.boolean(), usedBytes: z.number().int().nullable() })) }),
    },
  },
};
