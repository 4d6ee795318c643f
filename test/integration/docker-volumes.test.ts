// Volumes on the real Docker Engine and the real host (loop-mounted ext4 image files): data outlives the container,
// the size is a real limit (ENOSPC inside the container), read-only attachments refuse writes, a symlink written into
// a volume resolves inside the container only, attach/detach on an existing container go through the reconciler,
// snapshot and restore put content back, delete is refused while attached, and another tenant reaches nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { containerName } from '@/lib/providers/docker/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import type { TenantContext } from '@/lib/auth/context';
import * as volumes from '@/lib/volumes/service';
import { isMounted, removeVolume, volumePaths } from '@/lib/providers/volumes/store';
import { containerInput, errorOf, memberOfNewTenant, seedCatalog } from '../fixtures';
import { execIn, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let ctx: TenantContext;
let other: TenantContext;
let tenantId: string;
let otherTenantId: string;
const made: string[] = [];

beforeAll(async () => {
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  ({ tenant: { id: otherTenantId }, ctx: other } = await memberOfNewTenant());
  await provideTenantNetwork(engine, tenantId);
  reconciler = startReconciler(CONSOLE);
});

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenantId, otherTenantId]);
  for (const id of made) await removeVolume(id).catch(() => {});
});

async function newVolume(c: TenantContext, name: string, sizeGib = 1): Promise<string> {
  const { id } = await volumes.createVolume(c, { name, sizeGib });
  made.push(id);
  return id;
}

const sh = (instanceId: string, script: string) => execIn(engine, containerName(instanceId), ['sh', '-c', script]);
const running = (c: TenantContext, id: string) => waitForInstance(c, id, 'running', (i) => i.status === 'running', 30_000);

/** Waits until the instance's container was made with exactly these volumes (mount targets). */
async function mountsOf(instanceId: string, targets: string[]) {
  return waitFor(`container of ${instanceId} to mount ${targets.join(', ') || 'nothing'}`, async () => {
    const info = await engine.getContainer(containerName(instanceId)).inspect().catch(() => null);
    if (!info?.State.Running) return false;
    const got = info.Mounts.filter((m) => m.Type === 'bind').map((m) => m.Destination).sort();
    return JSON.stringify(got) === JSON.stringify([...targets].sort()) && info;
  }, 30_000, 200);
}

describe('a volume attached in the create wizard', () => {
  let volumeId: string;
  let first: string;

  it('is bind-mounted from its own loop mount, writable, and limited to its size (ENOSPC)', async () => {
    volumeId = await newVolume(ctx, 'data');
    ({ id: first } = await createContainer(ctx, containerInput({ name: 'writer', volumes: [{ volumeId, mountPath: '/data' }] })));
    await running(ctx, first);
    const info = await mountsOf(first, ['/data']);
    const m = info.Mounts.find((x) => x.Destination === '/data')!;
    expect(m.Source).toBe(volumePaths(volumeId).mnt);
    expect(m.RW).toBe(true);
    expect(isMounted(volumeId)).toBe(true);
    const mountOpts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === volumePaths(volumeId).mnt)!;
    expect(mountOpts).toMatch(/nosuid/);
    expect(mountOpts).toMatch(/nodev/);

    const write = await sh(first, 'echo kept > /data/hello.txt && cat /data/hello.txt');
    expect(write).toMatchObject({ code: 0, stdout: 'kept\n' });
    // 1 GiB volume: writing 1100 MiB must stop at the filesystem's end.
    const big = await sh(first, 'dd if=/dev/zero of=/data/big bs=1M count=1100 2>&1; echo "exit=$?"');
    expect(big.stdout).toMatch(/No space left on device/);
    expect(big.stdout).not.toMatch(/exit=0/);
    const df = await sh(first, "df -k /data | tail -1 | awk '{print $2}'");
    expect(Number(df.stdout.trim()) * 1024).toBeLessThanOrEqual(1024 ** 3);
    const v = await volumes.getVolume(ctx, volumeId);
    expect(v.status).toBe('attached');
    expect(v.attachedTo).toMatchObject({ instanceId: first, mountPath: '/data', readOnly: false });
    expect(v.usedBytes).toBeGreaterThan(900 * 1024 ** 2);
    await sh(first, 'rm /data/big');
  });

  it('a symlink to /etc written into the volume resolves inside the container only', async () => {
    const r = await sh(first, 'ln -s /etc /data/escape && cat /data/escape/hostname');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('writer'); // the container's own /etc/hostname, not the host's
    // On the host the link is only a link inside the volume's directory; nothing of the console follows it.
    expect(fs.readlinkSync(`${volumePaths(volumeId).mnt}/escape`)).toBe('/etc');
    await sh(first, 'rm /data/escape');
  });

  it('cannot be deleted while attached (clear error, nothing changed)', async () => {
    const e = await errorOf(() => volumes.deleteVolume(ctx, volumeId));
    expect(e.code).toBe('invalid_state');
    expect(e.message).toMatch(/attached to writer: detach it/);
    expect((await volumes.getVolume(ctx, volumeId)).status).toBe('attached');
  });

  it('keeps its data across delete of the container and a new container', async () => {
    await requestInstanceAction(ctx, first, { action: 'delete' });
    await waitFor('the volume to be free again', async () => (await volumes.getVolume(ctx, volumeId)).status === 'available', 30_000);
    const { id: second } = await createContainer(ctx, containerInput({ name: 'reader', volumes: [{ volumeId, mountPath: '/srv/state' }] }));
    await running(ctx, second);
    await mountsOf(second, ['/srv/state']);
    expect(await sh(second, 'cat /srv/state/hello.txt')).toMatchObject({ code: 0, stdout: 'kept\n' });
    await requestInstanceAction(ctx, second, { action: 'delete' });
    await waitFor('the volume to be free again', async () => (await volumes.getVolume(ctx, volumeId)).status === 'available', 30_000);
  });
});

describe('attach and detach on an existing container', () => {
  let volumeId: string;
  let inst: string;

  it('attach read-only: the reconciler makes the container again with the volume, and writes are refused', async () => {
    volumeId = await newVolume(ctx, 'shared');
    ({ id: inst } = await createContainer(ctx, containerInput({ name: 'late' })));
    await running(ctx, inst);
    await mountsOf(inst, []);
    await volumes.attachVolume(ctx, volumeId, { instanceId: inst, mountPath: '/data', readOnly: true });
    const info = await mountsOf(inst, ['/data']);
    expect(info.Mounts.find((m) => m.Destination === '/data')!.RW).toBe(false);
    await running(ctx, inst);
    const w = await sh(inst, 'echo x > /data/f; echo "exit=$?"');
    expect(w.stderr).toMatch(/Read-only file system/);
    expect(w.stdout).toBe('exit=1\n');
    const events = await db().instanceEvent.findMany({ where: { instanceId: inst, type: 'recreating' } });
    expect(events.length).toBe(1);
  });

  it('detach: the container is made again without it', async () => {
    await volumes.detachVolume(ctx, volumeId);
    await mountsOf(inst, []);
    expect((await volumes.getVolume(ctx, volumeId)).status).toBe('available');
  });

  it('a mount path that could name a host path or a system place is refused next to the field', async () => {
    for (const mountPath of ['data', '/data/../etc', '/proc/x', '/', '/tmp', '/a b']) {
      const e = await errorOf(() => volumes.attachVolume(ctx, volumeId, { instanceId: inst, mountPath }));
      expect(e.code, mountPath).toBe('validation_failed');
      expect(e.fields.mountPath, mountPath).toBeTruthy();
    }
    expect(await db().volumeAttachment.count({ where: { volumeId } })).toBe(0);
  });
});

describe('snapshot and restore', () => {
  it('restores the content of the snapshot (only while detached or the instance is stopped)', async () => {
    const volumeId = await newVolume(ctx, 'snap');
    const { id } = await createContainer(ctx, containerInput({ name: 'snapper', volumes: [{ volumeId, mountPath: '/data' }] }));
    await running(ctx, id);
    await mountsOf(id, ['/data']);
    await sh(id, 'echo one > /data/v.txt');
    const { id: snapId } = await volumes.createVolumeSnapshot(ctx, volumeId, { name: 'first' });
    const snaps = (await volumes.getVolume(ctx, volumeId)).snapshots;
    expect(snaps).toMatchObject([{ id: snapId, name: 'first' }]);
    // Sparse: a copy of a 1 GiB volume with a few files takes far less than 1 GiB.
    expect(snaps[0]!.sizeBytes).toBeLessThan(200 * 1024 ** 2);
    await sh(id, 'echo two > /data/v.txt');

    expect((await errorOf(() => volumes.restoreVolumeSnapshot(ctx, volumeId, snapId))).code).toBe('invalid_state');
    await requestInstanceAction(ctx, id, { action: 'stop' });
    await waitForInstance(ctx, id, 'stopped', (i) => i.status === 'stopped', 30_000);
    await volumes.restoreVolumeSnapshot(ctx, volumeId, snapId);
    await requestInstanceAction(ctx, id, { action: 'start' });
    await running(ctx, id);
    expect(await sh(id, 'cat /data/v.txt')).toMatchObject({ code: 0, stdout: 'one\n' });
  });
});

describe('tenancy and quota', () => {
  it('another tenant cannot see, attach, detach, snapshot, restore or delete the volume, nor attach to its instances: 404', async () => {
    const volumeId = await newVolume(ctx, 'private');
    const { id: mine } = await createContainer(ctx, containerInput({ name: 'owner-box', start: false }));
    const theirs = await newVolume(other, 'theirs');
    const { id: snapId } = await volumes.createVolumeSnapshot(ctx, volumeId, { name: 's' });
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => volumes.getVolume(other, volumeId)],
      ['attach', () => volumes.attachVolume(other, volumeId, { instanceId: mine, mountPath: '/data' })],
      ['detach', () => volumes.detachVolume(other, volumeId)],
      ['delete', () => volumes.deleteVolume(other, volumeId)],
      ['resize', () => volumes.resizeVolume(other, volumeId, { sizeGib: 2 })],
      ['snapshot', () => volumes.createVolumeSnapshot(other, volumeId, { name: 'x' })],
      ['restore', () => volumes.restoreVolumeSnapshot(other, volumeId, snapId)],
      ['delete snapshot', () => volumes.deleteVolumeSnapshot(other, volumeId, snapId)],
      ['attach own volume to the other tenant’s instance', () => volumes.attachVolume(other, theirs, { instanceId: mine, mountPath: '/data' })],
      ['wizard with the other tenant’s volume', () => createContainer(other, containerInput({ name: 'thief', volumes: [{ volumeId, mountPath: '/data' }] }))],
    ];
    for (const [what, call] of calls) expect((await errorOf(call)).code, what).toBe('not_found');
    expect((await volumes.listVolumes(other)).volumes.map((v) => v.name)).toEqual(['theirs']);
    expect(await db().volumeAttachment.count({ where: { volumeId: { in: [volumeId, theirs] } } })).toBe(0);
    expect(await db().volume.count({ where: { id: volumeId, deletedAt: null } })).toBe(1);
  });

  it('volumes count in the disk quota: over it is refused next to the size, and nothing is written', async () => {
    const { ctx: small } = await memberOfNewTenant();
    await db().quota.update({ where: { tenantId: small.tenant.id }, data: { maxDiskGib: 3 } });
    made.push(await newVolume(small, 'two', 2));
    const e = await errorOf(() => volumes.createVolume(small, { name: 'more', sizeGib: 2 }));
    expect(e.code).toBe('quota_exceeded');
    expect(e.fields.sizeGib).toMatch(/4 GiB of disk .* quota is 3 GiB/);
    const w = await errorOf(() => createContainer(small, containerInput({ name: 'c', volumes: [{ create: { name: 'new', sizeGib: 2 }, mountPath: '/data' }] })));
    expect(w.code).toBe('quota_exceeded');
    expect(w.fields.volumes).toMatch(/quota is 3 GiB/);
    expect(await db().volume.count({ where: { tenantId: small.tenant.id } })).toBe(1);
    expect(await db().instance.count({ where: { tenantId: small.tenant.id } })).toBe(0);
  });

  it('delete frees the name and removes the files', async () => {
    const volumeId = await newVolume(ctx, 'gone');
    const { id } = await createContainer(ctx, containerInput({ name: 'toucher', volumes: [{ volumeId, mountPath: '/data' }] }));
    await running(ctx, id);
    await volumes.detachVolume(ctx, volumeId);
    await mountsOf(id, []);
    await volumes.deleteVolume(ctx, volumeId);
    expect(fs.existsSync(volumePaths(volumeId).dir)).toBe(false);
    expect(isMounted(volumeId)).toBe(false);
    made.push(await newVolume(ctx, 'gone'));
  });
});
