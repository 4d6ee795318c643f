// A volume attached to a VM is an extra virtio disk: the guest sees /dev/vdb of the volume's size, and reads what a
// container wrote to the same volume earlier (one ext4 filesystem, never mounted by host and guest at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { QemuDriver } from '@/lib/providers/qemu/driver';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { INSTANCE_REFS, toDriverInstance } from '@/lib/reconciler/driver-instance';
import type { VmInstance } from '@/lib/providers/qemu/spec';
import type { TenantContext } from '@/lib/auth/context';
import * as volumes from '@/lib/volumes/service';
import { ensureMounted, isMounted, removeVolume, volumePaths } from '@/lib/providers/volumes/store';
import { errorOf, memberOfNewTenant, seedCatalog } from '../fixtures';
import { ensureTinyImage, killAllVms, serialExchange, tempVmsDir } from '../qemu';
import { waitFor } from '../docker';

let ctx: TenantContext;
let vmsDir: string;
let driver: QemuDriver;
const made: VmInstance[] = [];
const vols: string[] = [];

beforeAll(async () => {
  process.env.OVERCAST_CONSOLE_ID = `it-qemu-vol-${process.pid}`;
  await seedCatalog();
  await seedVmCatalog(db());
  ({ ctx } = await memberOfNewTenant({ maxInstances: 5 }));
  vmsDir = tempVmsDir();
  driver = new QemuDriver({ vmsDir, imagesDir: ensureTinyImage(), stopTimeoutMs: 10_000 });
}, 180_000);

afterAll(async () => {
  for (const inst of made) await driver.remove(inst).catch(() => undefined);
  killAllVms(vmsDir);
  for (const id of vols) await removeVolume(id).catch(() => undefined);
});

async function driverInstanceOf(id: string): Promise<VmInstance> {
  return toDriverInstance(await db().instance.findUniqueOrThrow({ where: { id }, include: INSTANCE_REFS }), driver);
}

describe('a volume as a VM’s data disk', () => {
  it('the guest sees /dev/vdb of the volume’s size, with the files written to it before', async () => {
    const { id: volumeId } = await volumes.createVolume(ctx, { name: 'vm-data', sizeGib: 1 });
    vols.push(volumeId);
    // Written as a container would find it (through the host mount), then handed to the VM.
    const mnt = await ensureMounted(volumeId, 1);
    fs.writeFileSync(`${mnt}/from-host.txt`, 'written-before\n');
    const { id } = await createVm(ctx, { name: 'vm-vol', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', start: false });
    await volumes.attachVolume(ctx, volumeId, { instanceId: id, mountPath: '/data', readOnly: false });
    const inst = await driverInstanceOf(id);
    expect(inst.volumes).toEqual([{ id: volumeId, sizeGib: 1, mountPath: '/data', readOnly: false }]);
    made.push(inst);
    await driver.create(inst);
    await driver.start(inst);
    // Unmounted from the host before QEMU opened it.
    expect(isMounted(volumeId)).toBe(false);
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).toContain(`file=${volumePaths(volumeId).image},if=virtio,format=raw`);
    await waitFor('the guest to be ready', async () => {
      const o = await driver.observe(inst);
      return o.exists && o.status === 'running';
    }, 90_000, 500);
    const p = vmPaths(vmsDir, inst.id);
    const size = await serialExchange(p.serial, 'echo "[vdb-$((40+2))-$(cat /sys/block/vdb/size)]"\n', /\[vdb-42-\d+\]/);
    expect(size).toMatch(/\[vdb-42-2097152\]/); // 512-byte sectors: exactly 1 GiB
    const read = await serialExchange(p.serial, 'mkdir -p /mnt/v; mount -t ext4 /dev/vdb /mnt/v 2>&1; echo "[got-$((40+2))-$(cat /mnt/v/from-host.txt)]"\n', /\[got-42-[^\]]*\]/);
    expect(read, read).toMatch(/\[got-42-written-before\]/);
  });

  it('attaching to a running VM is refused (it must be stopped)', async () => {
    const { id: volumeId } = await volumes.createVolume(ctx, { name: 'late-disk', sizeGib: 1 });
    vols.push(volumeId);
    const inst = made[0]!;
    await db().instance.update({ where: { id: inst.id }, data: { desiredState: 'running', status: 'running' } });
    const e = await errorOf(() => volumes.attachVolume(ctx, volumeId, { instanceId: inst.id, mountPath: '/more' }));
    expect(e.code).toBe('invalid_state');
    expect(e.message).toMatch(/Stop the VM first/);
  });
});
