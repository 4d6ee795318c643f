// The boot disk size chosen in the wizard reaches the guest (issue 14): a VM created with diskGib 3 on a flavor that
// includes 1 GiB is stored with 3, handed to the QEMU driver with 3, and QEMU's own view of the attached disk (QMP
// query-block) has a virtual size of exactly 3 GiB; the flavor's default is used when none is chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { QemuDriver } from '@/lib/providers/qemu/driver';
import { qmp } from '@/lib/providers/qemu/qmp';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import type { VmInstance } from '@/lib/providers/qemu/spec';
import type { TenantContext } from '@/lib/auth/context';
import { memberOfNewTenant, seedCatalog } from '../fixtures';
import { ensureTinyImage, killAllVms, tempVmsDir } from '../qemu';

const GIB = 1024 ** 3;
let ctx: TenantContext;
let vmsDir: string;
let driver: QemuDriver;
const made: VmInstance[] = [];

beforeAll(async () => {
  process.env.OVERCAST_CONSOLE_ID = `it-qemu-disk-${process.pid}`;
  await seedCatalog();
  await seedVmCatalog(db());
  ({ ctx } = await memberOfNewTenant({ maxInstances: 5 }));
  vmsDir = tempVmsDir();
  driver = new QemuDriver({ vmsDir, imagesDir: ensureTinyImage(), stopTimeoutMs: 10_000 });
}, 180_000);

afterAll(async () => {
  for (const inst of made) await driver.remove(inst).catch(() => undefined);
  killAllVms(vmsDir);
});

async function driverInstanceOf(id: string): Promise<VmInstance> {
  const row = await db().instance.findUniqueOrThrow({ where: { id }, include: { flavor: true, image: true } });
  return toDriverInstance(row, driver);
}

type Block = { device: string; inserted?: { file?: string; image?: { 'virtual-size'?: number } } };

describe('a VM’s boot disk has the size chosen', () => {
  it('3 GiB chosen on v1.tiny (1 GiB included): stored, handed to the driver, and seen by QEMU as 3 GiB', async () => {
    const { id } = await createVm(ctx, { name: 'disk-three', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', diskGib: 3, start: false });
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).diskGib).toBe(3);
    const inst = await driverInstanceOf(id);
    expect(inst.flavor.diskGib).toBe(3);
    made.push(inst);
    await driver.create(inst);
    await driver.start(inst);
    const p = vmPaths(vmsDir, inst.id);
    const [blocks] = await qmp(p.qmp, [{ execute: 'query-block' }]);
    const disk = (blocks as Block[]).find((b) => b.inserted?.file === p.disk);
    expect(disk?.inserted?.image?.['virtual-size']).toBe(3 * GIB);
    await driver.remove(inst);
  });

  it('no size chosen: the flavor’s own disk size', async () => {
    const { id } = await createVm(ctx, { name: 'disk-default', imageId: 'qemu-tiny', flavorId: 'qemu-small', start: false });
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).diskGib).toBe(5);
    expect((await driverInstanceOf(id)).flavor.diskGib).toBe(5);
  });
});
