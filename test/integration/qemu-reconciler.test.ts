// A VM driven by the one reconciler, unchanged, through the registered QEMU driver: the instance row shows
// "creating" while the guest boots and "running" (with its forwarded port) only once it is ready; a console that
// dies mid-boot leaves the VM to the next console, which adopts it (one QEMU, not two); another tenant gets 404;
// restart, stop and delete through the instance actions, leaving nothing behind.
// The VM is created through the domain operation (createVm), as the API and the wizard will.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import type { TenantContext } from '@/lib/auth/context';
import { requestInstanceAction } from '@/lib/instances/operate';
import { getInstance } from '@/lib/instances/queries';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { livePid } from '@/lib/providers/qemu/host';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { errorOf, memberOfNewTenant } from '../fixtures';
import { ownConsoleId, startReconciler, stopReconciler, waitFor } from '../docker';
import { httpText, killAllVms, qemuProcessesFor, vmConsoleEnv } from '../qemu';

const CONSOLE = ownConsoleId();
let vmsDir: string;
let ctx: TenantContext;
let reconciler: Reconciler | undefined;

beforeAll(async () => {
  vmsDir = await vmConsoleEnv();
  ({ ctx } = await memberOfNewTenant());
}, 180_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  killAllVms(vmsDir);
  delete process.env.OVERCAST_VM_DIR;
});

const row = (id: string) => db().instance.findUniqueOrThrow({ where: { id } });

describe('a VM through the reconciler', () => {
  let id: string;

  it('is "creating" while the guest boots; a console dying mid-boot leaves it to the next, which adopts it', async () => {
    const inst = await createVm(ctx, { name: 'vm-one', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], userData: 'echo made-by-user-data > /www/ud.txt' });
    id = inst.id;
    const p = vmPaths(vmsDir, id);
    const dir = p.dir;
    reconciler = startReconciler(`${CONSOLE}-a`);
    // Mid-boot: QEMU runs (daemonized: its pid file is written), the guest is not ready, the console shows
    // "creating" and no endpoint.
    const pid = await waitFor('QEMU to run', async () => livePid(p.pid, dir) ?? undefined, 30_000);
    const booting = await row(id);
    expect(booting.status).toBe('creating');
    expect(booting.endpoints).toEqual([]);
    // The console goes away (its reconciler and everything it held in memory) while the guest boots.
    await stopReconciler(reconciler);
    reconciler = startReconciler(`${CONSOLE}-b`);
    const ready = await waitFor('the VM to be running', async () => {
      const r = await row(id);
      return r.status === 'running' && r;
    }, 90_000, 200);
    expect(qemuProcessesFor(dir)).toEqual([pid]);
    const [ep] = ready.endpoints as { port: number; hostPort: number }[];
    expect(ep).toMatchObject({ port: 80 });
    expect((await httpText(ep!.hostPort, '/ud.txt')).body.trim()).toBe('made-by-user-data');
    expect(ready.engineRef).toBe(id);
  });

  it('is invisible to another tenant and cannot be acted on there (404)', async () => {
    const { ctx: stranger } = await memberOfNewTenant();
    expect((await errorOf(() => getInstance(stranger, id))).code).toBe('not_found');
    expect((await errorOf(() => requestInstanceAction(stranger, id, { action: 'stop' }))).code).toBe('not_found');
    expect((await row(id)).desiredState).toBe('running');
  });

  it('is rebooted, stopped and deleted through the instance actions: no process, no directory', async () => {
    await requestInstanceAction(ctx, id, { action: 'restart' });
    const markers = () => (fs.readFileSync(vmPaths(vmsDir, id).serialLog, 'utf8').match(/OVERCAST-READY/g) ?? []).length;
    const before = markers();
    await waitFor('the guest to be ready again after the reset', async () => {
      const r = await row(id);
      return r.pendingAction === null && r.status === 'running' && markers() > before && r;
    }, 60_000, 200);
    await requestInstanceAction(ctx, id, { action: 'stop' });
    await waitFor('the VM to be stopped', async () => (await row(id)).status === 'stopped', 30_000, 200);
    expect(qemuProcessesFor(vmPaths(vmsDir, id).dir)).toEqual([]);
    await requestInstanceAction(ctx, id, { action: 'delete' });
    await waitFor('the VM to be deleted', async () => (await row(id)).status === 'deleted', 30_000, 200);
    expect(fs.existsSync(vmPaths(vmsDir, id).dir)).toBe(false);
  });
});
