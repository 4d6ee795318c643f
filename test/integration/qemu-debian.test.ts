// The Debian image for real: one VM created through the domain operation (createVm) with an SSH key made here by
// ssh-keygen, driven by the reconciler until running, then the real ssh client logs in with that key as the image's
// user through the forwarded port the instance shows, and sees the hostname asked for, the user-data's effect and
// passwordless sudo. Deleting it leaves no QEMU process and no disk. One VM only: Debian boots in ~20–40 s on TCG.
import { env } from '@/lib/env';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { createVm } from '@/lib/instances/create-instance';
import { getInstance } from '@/lib/instances/queries';
import { requestInstanceAction } from '@/lib/instances/operate';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import type { TenantContext } from '@/lib/auth/context';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { memberOfNewTenant } from '../fixtures';
import { ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { ensureDebianImage, killAllVms, qemuProcessesFor, tempVmsDir } from '../qemu';

const run = promisify(execFile);
let vmsDir: string;
let keyDir: string;
let ctx: TenantContext;
let reconciler: Reconciler | undefined;

beforeAll(async () => {
  process.env.OVERCAST_VM_IMAGES_DIR = ensureDebianImage();
  vmsDir = tempVmsDir();
  process.env.OVERCAST_VM_DIR = vmsDir;
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-debian-key-'));
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test@overcast', '-f', path.join(keyDir, 'id')]);
  await seedVmCatalog(db());
  ({ ctx } = await memberOfNewTenant());
}, 600_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  fs.rmSync(keyDir, { recursive: true, force: true });
  delete process.env.OVERCAST_VM_DIR;
});

function ssh(port: number, command: string) {
  return run('ssh', [
    '-i', path.join(keyDir, 'id'), '-p', String(port),
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=20',
    `overcast@${env().OVERCAST_APPS_HOST}`, command,
  ], { timeout: 60_000 });
}

describe('a Debian VM', () => {
  it('boots to SSH: the key, hostname and user-data given at create work; delete leaves nothing', async () => {
    const inst = await createVm(ctx, {
      name: 'deb-one',
      imageId: 'debian-12',
      flavorId: 'qemu-small',
      hostname: 'deb-host-1',
      sshPublicKeys: [fs.readFileSync(path.join(keyDir, 'id.pub'), 'utf8')],
      userData: '#!/bin/sh\necho "made by user-data as $(id -un)" > /var/tmp/user-data-ran\n',
    });
    const started = Date.now();
    reconciler = startReconciler(ownConsoleId());
    const ready = await waitFor('the Debian VM to be running', async () => {
      const i = await getInstance(ctx, inst.id);
      return i.status === 'running' && i;
    }, 150_000, 250);
    const bootMs = Date.now() - started;
    expect(ready.ssh).toMatchObject({ user: 'overcast', host: env().OVERCAST_APPS_HOST, command: `ssh -p ${ready.ssh!.port} overcast@${env().OVERCAST_APPS_HOST}` });
    expect(ready.endpoints.find((e) => e.port === 22)?.hostPort).toBe(ready.ssh!.port);

    const { stdout } = await ssh(ready.ssh!.port, 'hostname; cat /var/tmp/user-data-ran; sudo -n id -un; test -e /etc/ssh/ssh_host_rsa_key || echo no-rsa-host-key');
    const sshMs = Date.now() - started;
    expect(stdout.trim().split('\n')).toEqual(['deb-host-1', 'made by user-data as root', 'root', 'no-rsa-host-key']);
    console.log(`debian-12: running after ${(bootMs / 1000).toFixed(1)} s, first SSH command done after ${(sshMs / 1000).toFixed(1)} s`);

    const dir = vmPaths(vmsDir, inst.id).dir;
    expect(qemuProcessesFor(dir)).toHaveLength(1);
    await requestInstanceAction(ctx, inst.id, { action: 'delete' });
    await waitFor('the VM to be deleted', async () => (await db().instance.findUniqueOrThrow({ where: { id: inst.id } })).status === 'deleted', 60_000, 200);
    expect(qemuProcessesFor(dir)).toEqual([]);
    expect(fs.existsSync(dir)).toBe(false);
  }, 240_000);
});
