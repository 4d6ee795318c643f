// The Docker Engine dies mid-operation: the console stays up (its calls answer, user requests are still recorded),
// every instance shows the error with a readable reason, the reconciler keeps retrying, and when the engine returns
// everything converges by itself. The engine here is a throw-away second dockerd (test/throwaway-dockerd.ts):
// the machine's own is shared and must not be stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { DockerDriver, dockerDriver } from '@/lib/providers/docker/driver';
import { registerDriver } from '@/lib/providers/registry';
import { tenantBridgeName } from '@/lib/providers/docker/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { getInstance, listInstances } from '@/lib/instances/queries';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { containersOf, expectOneContainerEach, httpGet, instanceRow, ownConsoleId, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';
import { ThrowawayDockerd } from '../throwaway-dockerd';

const CONSOLE = ownConsoleId();
const logged: string[] = [];
let engine: ThrowawayDockerd | undefined;
let reconciler: Reconciler | undefined;
let ctx: TenantContext;
let tenantId = '';

beforeAll(async () => {
  engine = await ThrowawayDockerd.start();
  await engine.loadImagesFrom(docker(), ['overcast/static-web:1']);
  // The console's Docker driver, pointed at the throw-away engine.
  const client = engine.client;
  registerDriver(new DockerDriver(() => client));
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  reconciler = startReconciler(CONSOLE, { resyncMs: 500, log: (m) => logged.push(m) });
});

afterAll(async () => {
  await stopReconciler(reconciler);
  registerDriver(dockerDriver);
  await engine?.destroy(tenantId ? [tenantBridgeName(tenantId)] : []);
});

const NOT_REACHABLE = /^Docker Engine is not reachable \(ECONNREFUSED\); retrying$/;

describe('the Docker Engine stops mid-operation', () => {
  it('shows the error, keeps the console answering, and recovers by itself when the engine returns', async () => {
    const e = engine!;
    const steady = await createContainer(ctx, containerInput({ name: 'steady' }));
    await waitForInstance(ctx, steady.id, 'running', (i) => i.status === 'running' && i.endpoints.length === 1);

    // Three more creates; the engine is killed while the reconciler is working on them.
    const during: { id: string }[] = [];
    for (const name of ['during-1', 'during-2', 'during-3']) during.push(await createContainer(ctx, containerInput({ name })));
    await waitFor('the reconciler to be creating', async () => (await db().instance.count({ where: { status: 'creating' } })) > 0, 10_000, 10);
    await e.kill();
    const ids = [steady.id, ...during.map((d) => d.id)];

    // Every instance — the running one too (resync) — shows the error with a reason a person can read.
    for (const id of ids) {
      const inst = await waitForInstance(ctx, id, 'in error: engine not reachable', (i) => i.status === 'error' && NOT_REACHABLE.test(i.statusReason ?? ''));
      expect(inst.actions).toContain('start');
      expect(inst.events.some((ev) => ev.type === 'error' && /^(Docker Engine is not reachable|Could not .*: )/.test(ev.message))).toBe(true);
    }
    // The console stays up: reads answer at once, and a user's request is recorded while the engine is away.
    const t0 = Date.now();
    expect((await listInstances(ctx, {})).instances.map((i) => i.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(Date.now() - t0).toBeLessThan(2_000);
    await requestInstanceAction(ctx, during[2].id, { action: 'stop' });
    // The reconciler keeps trying (with backoff, and on every resync), and its event stream keeps reconnecting.
    await waitFor('more attempts', async () => (await instanceRow(steady.id)).attempts >= 3, 15_000);
    await waitFor('the event stream to notice', async () => logged.some((m) => m.startsWith('docker event stream lost')), 15_000);

    await e.up();
    const want: Record<string, 'running' | 'stopped'> = { [steady.id]: 'running', [during[0].id]: 'running', [during[1].id]: 'running', [during[2].id]: 'stopped' };
    for (const id of ids) {
      const inst = await waitForInstance(ctx, id, `${want[id]} again`, (i) => i.status === want[id] && i.statusReason === null, 30_000);
      if (want[id] === 'running') {
        expect(inst.endpoints).toHaveLength(1);
        // The engine has just come back: its port forwarding may need a moment, so the port is asked until it answers.
        const port = inst.endpoints[0].hostPort;
        const answer = await waitFor(`port ${port} to answer`, async () => {
          const r = await httpGet(port, 2_000);
          return 'status' in r ? r : undefined;
        }, 15_000, 250);
        expect(answer).toMatchObject({ status: 200, body: expect.stringContaining('Hello from an Overcast container') });
      }
      expect((await instanceRow(id)).attempts).toBe(0);
    }
    // One container per instance on the returned engine (the one made before the crash was adopted, not doubled),
    // and nothing of this console on the machine's own engine.
    const containers = await expectOneContainerEach(e.client, CONSOLE, ids);
    expect(['created', 'exited']).toContain(containers.find((c) => c.instanceId === during[2].id)?.state);
    expect(await containersOf(docker(), CONSOLE)).toEqual([]);
    // The activity feed tells the story: running, then the error, then running again.
    const trail = (await getInstance(ctx, steady.id)).events.map((ev) => ev.toStatus).reverse();
    expect(trail.slice(0, 3)).toEqual(['pending', 'creating', 'running']);
    expect(trail.lastIndexOf('error')).toBeGreaterThan(2);
    expect(trail.at(-1)).toBe('running');
  });
});
