// Containers on the real Docker Engine, end to end below the HTTP layer: the domain calls the API routes make
// (create, actions, logs) record desired state, the reconciler (in this process, with the real Docker driver) makes
// it real, and the instance as the console shows it follows. Also drift: a container stopped, removed or left
// behind outside the console is noticed and repaired.
import { env } from '@/lib/env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { containerName, LABEL_CONSOLE, LABEL_INSTANCE, LABEL_MANAGED, LABEL_TENANT } from '@/lib/providers/docker/names';
import { driverFor } from '@/lib/providers/registry';
import { Reconciler } from '@/lib/reconciler/reconciler';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { getInstance, listInstances } from '@/lib/instances/queries';
import { logStream } from '@/lib/instances/logs';
import type { TenantContext } from '@/lib/auth/context';
import type { LogLine, StatsSample } from '@/lib/providers/types';
import { containerInput, errorOf, memberOfNewTenant, seedCatalog } from '../fixtures';
import { containersOf, httpGet, httpOk, instanceRow, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';

const CONSOLE = ownConsoleId();
const engine = docker();
const logged: string[] = [];
let reconciler: Reconciler;
let ctx: TenantContext;
let tenantId: string;

beforeAll(async () => {
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  await provideTenantNetwork(engine, tenantId);
  reconciler = startReconciler(CONSOLE, { log: (m) => logged.push(m) });
});

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenantId]);
});

const running = (i: { status: string; endpoints: unknown[] }, ports = 1) => i.status === 'running' && i.endpoints.length === ports;
const inspect = (id: string) => engine.getContainer(containerName(id)).inspect();

describe('a web container through its life', () => {
  let id: string;

  it('create → running, hardened as specified, and the published port answers HTTP', async () => {
    ({ id } = await createContainer(ctx, containerInput({ name: 'web', env: [{ name: 'GREETING', value: 'hi', secret: true }] })));
    const inst = await waitForInstance(ctx, id, 'running with its port published', (i) => running(i));
    const [ep] = inst.endpoints;
    expect(ep).toMatchObject({ port: 8080, hostIp: env().OVERCAST_APPS_HOST, url: `http://${env().OVERCAST_APPS_HOST}:${ep.hostPort}/` });
    const res = await httpGet(ep.hostPort);
    expect(res).toMatchObject({ status: 200, body: expect.stringContaining('Hello from an Overcast container') });

    const info = await inspect(id);
    expect(info.Config.Labels).toMatchObject({ [LABEL_INSTANCE]: id, [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true', [LABEL_CONSOLE]: CONSOLE });
    expect(info.Config.Env).toContain('GREETING=hi');
    expect(info.Config.Hostname).toBe('web');
    const h = info.HostConfig;
    expect(h).toMatchObject({
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Init: true,
      Memory: 128 * 1024 * 1024,
      NanoCpus: 250_000_000,
      PidsLimit: 128,
      NetworkMode: `overcast-net-${tenantId}`,
    });
    expect(h.Binds ?? []).toEqual([]);
    expect(info.Mounts).toEqual([]); // no host mounts, no docker socket
    expect(info.NetworkSettings.Ports['8080/tcp']).toEqual([{ HostIp: env().OVERCAST_APPS_HOST, HostPort: String(ep.hostPort) }]);
    expect((await instanceRow(id)).engineRef).toBe(info.Id);

    const events = await db().instanceEvent.findMany({ where: { instanceId: id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.toStatus)).toEqual(['pending', 'creating', 'running']);
  });

  it('stop → stopped: the container is stopped and the port no longer answers', async () => {
    const before = await getInstance(ctx, id);
    await requestInstanceAction(ctx, id, { action: 'stop' });
    const inst = await waitForInstance(ctx, id, 'stopped', (i) => i.status === 'stopped');
    expect(inst.endpoints).toEqual([]);
    expect(inst.actions).toEqual(['start', 'delete']);
    expect((await inspect(id)).State.Running).toBe(false);
    expect(await httpGet(before.endpoints[0].hostPort)).toHaveProperty('error');
  });

  it('start → running again, on a freshly published port that answers', async () => {
    await requestInstanceAction(ctx, id, { action: 'start' });
    const inst = await waitForInstance(ctx, id, 'running again', (i) => running(i));
    expect(await httpOk(inst.endpoints[0].hostPort)).toMatchObject({ status: 200 });
  });

  it('restart → the container process starts anew and the instance is running, answering', async () => {
    const startedBefore = (await inspect(id)).State.StartedAt;
    await requestInstanceAction(ctx, id, { action: 'restart' });
    await waitFor('the restart to be carried out', async () => (await instanceRow(id)).pendingAction === null);
    // The published port changes with every start: the console must show the new one (it stays "running"
    // throughout, so wait for the endpoint the engine reports now).
    const info = await inspect(id);
    expect(info.State.StartedAt).not.toBe(startedBefore);
    const hostPort = Number(info.NetworkSettings.Ports['8080/tcp'][0].HostPort);
    const inst = await waitForInstance(ctx, id, `running on port ${hostPort}`, (i) => running(i) && i.endpoints[0].hostPort === hostPort);
    expect(await httpOk(inst.endpoints[0].hostPort)).toMatchObject({ status: 200 });
    const types = (await db().instanceEvent.findMany({ where: { instanceId: id }, orderBy: { createdAt: 'asc' } })).map((e) => e.type);
    expect(types).toContain('restarted');
  });

  it('delete → the container is gone, the instance is no longer listed, and its name is free again', async () => {
    await requestInstanceAction(ctx, id, { action: 'delete' });
    await waitFor('the deletion to complete', async () => (await instanceRow(id)).status === 'deleted');
    expect(await inspect(id).catch((e: { statusCode?: number }) => e.statusCode)).toBe(404);
    expect((await errorOf(() => getInstance(ctx, id))).code).toBe('not_found');
    expect((await listInstances(ctx, {})).instances.map((i) => i.id)).not.toContain(id);
    const again = await createContainer(ctx, containerInput({ name: 'web', start: false }));
    expect(again.id).not.toBe(id);
    await requestInstanceAction(ctx, again.id, { action: 'delete' });
  });
});

describe('logs and statistics', () => {
  let id: string;
  beforeAll(async () => {
    const command = ['sh', '-c', 'echo first-line; echo to-stderr >&2; i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.2; done'];
    ({ id } = await createContainer(ctx, containerInput({ name: 'chatty', imageId: 'docker-shell', ports: [], command })));
    await waitForInstance(ctx, id, 'running', (i) => running(i, 0));
  });

  /** Reads the logs function's Server-Sent Events until `enough` says so (or the stream ends). */
  async function readLogs(opts: { follow: boolean; tail: number }, enough: (lines: LogLine[]) => boolean) {
    const abort = new AbortController();
    const stream = await logStream(ctx, id, { ...opts, signal: abort.signal });
    const reader = stream.getReader();
    const lines: LogLine[] = [];
    const events: string[] = [];
    let text = '';
    try {
      while (!enough(lines)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
        let sep: number;
        while ((sep = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, sep);
          text = text.slice(sep + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          events.push(event);
          if (event === 'message') lines.push(JSON.parse(block.replace(/^data: /, '')) as LogLine);
        }
      }
    } finally {
      abort.abort();
      await reader.cancel().catch(() => {});
    }
    return { lines, events };
  }

  it('the logs function returns the container’s stdout and stderr with timestamps, and ends when not following', async () => {
    await waitFor('a few ticks', async () => (await readLogs({ follow: false, tail: 1000 }, () => false)).lines.length >= 4);
    const { lines, events } = await readLogs({ follow: false, tail: 1000 }, () => false);
    // Each stream keeps its order; Docker may interleave the two streams either way.
    const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout.slice(0, 3)).toEqual(['first-line', 'tick-1', 'tick-2']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['to-stderr']);
    for (const l of lines) expect(Date.parse(l.at)).not.toBeNaN();
    expect(events.at(-1)).toBe('end');
  });

  it('following streams lines written after the request', async () => {
    const ticks = (lines: LogLine[]) => lines.flatMap((l) => (/^tick-(\d+)$/.exec(l.text) ? [Number(l.text.slice(5))] : []));
    const t0 = Date.now();
    const { lines } = await readLogs({ follow: true, tail: 1 }, (ls) => ticks(ls).length >= 4);
    const n = ticks(lines);
    expect(n).toHaveLength(4);
    // Consecutive, new lines: the first is the tail, the next three were written while we listened (0.2 s apart).
    expect(n).toEqual([n[0], n[0] + 1, n[0] + 2, n[0] + 3]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('stats() yields samples of CPU and memory against the flavor’s limit', async () => {
    const driver = driverFor('docker');
    const abort = new AbortController();
    const samples: StatsSample[] = [];
    try {
      for await (const s of driver.stats!(toDriverInstance(await instanceRow(id), driver), abort.signal)) {
        samples.push(s);
        if (samples.length === 2) break;
      }
    } finally {
      abort.abort();
    }
    expect(samples).toHaveLength(2);
    for (const s of samples) {
      expect(s.memoryLimitBytes).toBe(128 * 1024 * 1024);
      expect(s.memoryBytes).toBeGreaterThan(0);
      expect(s.memoryBytes).toBeLessThan(s.memoryLimitBytes);
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(s.cpuPercent).toBeLessThanOrEqual(25.5); // ¼ vCPU flavor (plus rounding)
    }
    expect(samples[1].at).toBeGreaterThan(samples[0].at);
  });
});

describe('drift outside the console is repaired', () => {
  it('a container stopped behind the console’s back shows why, then is started again', async () => {
    const { id } = await createContainer(ctx, containerInput({ name: 'drift-stop' }));
    await waitForInstance(ctx, id, 'running', (i) => running(i));
    await engine.getContainer(containerName(id)).kill({ signal: 'SIGKILL' });
    await waitFor('the unexpected exit to be recorded', async () =>
      (await db().instanceEvent.findFirst({ where: { instanceId: id, type: 'exited', message: { contains: 'Exited with code 137' } } })) ?? undefined,
    );
    const inst = await waitForInstance(ctx, id, 'running again', (i) => running(i));
    expect(await httpOk(inst.endpoints[0].hostPort)).toMatchObject({ status: 200 });
  });

  it('a container removed behind the console’s back is made again (one, not two)', async () => {
    const { id } = await createContainer(ctx, containerInput({ name: 'drift-rm' }));
    await waitForInstance(ctx, id, 'running', (i) => running(i));
    const firstRef = (await instanceRow(id)).engineRef;
    await engine.getContainer(containerName(id)).remove({ force: true });
    await waitFor('a new container', async () => {
      const row = await instanceRow(id);
      return row.status === 'running' && row.engineRef !== firstRef && (row.endpoints as unknown[]).length === 1;
    });
    expect(await db().instanceEvent.count({ where: { instanceId: id, type: 'vanished' } })).toBeGreaterThanOrEqual(1);
    expect((await containersOf(engine, CONSOLE)).filter((c) => c.instanceId === id)).toHaveLength(1);
    const now = await getInstance(ctx, id);
    expect(await httpOk(now.endpoints[0].hostPort)).toMatchObject({ status: 200 });
  });

  it('without the event stream, a resync alone finds a container killed behind the console’s back (and writes nothing while all is as recorded)', async () => {
    const { id } = await createContainer(ctx, containerInput({ name: 'drift-quiet' }));
    await waitForInstance(ctx, id, 'running', (i) => running(i));
    // A reconciler that is never started: no event stream, no periodic pass; its resync and pass are called here.
    await stopReconciler(reconciler);
    const quiet = new Reconciler(db(), { owner: `${CONSOLE}-quiet`, log: (m) => logged.push(m) });
    try {
      const events = await db().instanceEvent.count({ where: { instanceId: id } });
      const before = await instanceRow(id);
      await quiet.resync();
      await quiet.tick();
      expect(await db().instanceEvent.count({ where: { instanceId: id } })).toBe(events);
      expect((await instanceRow(id)).updatedAt).toEqual(before.updatedAt);

      await engine.getContainer(containerName(id)).kill({ signal: 'SIGKILL' });
      await waitFor('the engine to say it exited', async () => !(await inspect(id)).State.Running);
      expect(await quiet.resync()).toBeGreaterThanOrEqual(1);
      await quiet.tick();
      expect(await db().instanceEvent.findFirst({ where: { instanceId: id, type: 'exited', message: { contains: 'Exited with code 137' } } })).not.toBeNull();
    } finally {
      reconciler = startReconciler(CONSOLE, { log: (m) => logged.push(m) });
    }
    await waitForInstance(ctx, id, 'running again', (i) => running(i));
  });

  it('a container of this console that no instance owns is swept away', async () => {
    const orphan = await engine.createContainer({
      Image: 'overcast/shell:1',
      name: `overcast-orphan-${CONSOLE}`,
      Labels: { [LABEL_INSTANCE]: 'no-such-instance', [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true', [LABEL_CONSOLE]: CONSOLE },
    });
    await waitFor('the sweep to remove the orphan', async () => !(await containersOf(engine, CONSOLE)).some((c) => c.id === orphan.id), 10_000);
    expect(logged.some((m) => m.includes(`removed orphan ${orphan.id.slice(0, 12)}`))).toBe(true);
  });
});
