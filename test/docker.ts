// Helpers for the tests that run containers on a real Docker Engine. The Docker Engine is shared with other test
// runs and consoles on the machine: every test file stamps its containers with its own console id, and cleans up
// only what carries that id (and the networks of the tenants it made).
import { env } from '@/lib/env';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { expect } from 'vitest';
import { db } from '@/lib/db/client';
import { meterPass } from '@/lib/billing/meter';
import { Reconciler, type ReconcilerOptions } from '@/lib/reconciler/reconciler';
import { setRunningReconciler } from '@/lib/reconciler/runtime';
import { getInstance, type InstanceDetail } from '@/lib/instances/queries';
import type { TenantContext } from '@/lib/auth/context';
import { LABEL_CONSOLE, LABEL_INSTANCE, tenantNetworkName } from '@/lib/providers/docker/names';
import { ensureTenantNetwork } from '@/lib/providers/docker/network';

/**
 * A console id of its own for this test file (lib/providers/docker/names.ts reads it from the environment at each
 * call): its containers are labelled with it, and its reconciler's sweep and event stream see only those.
 */
export function ownConsoleId(): string {
  const id = `it-${randomBytes(4).toString('hex')}`;
  process.env.OVERCAST_CONSOLE_ID = id;
  return id;
}

/** A console's reconciler in this process, quick to react, and woken by domain calls as in the console. */
export function startReconciler(owner: string, opts: Partial<ReconcilerOptions> = {}): Reconciler {
  const r = new Reconciler(db(), { owner, tickMs: 100, resyncMs: 1_000, sweepMs: 1_000, log: () => {}, ...opts });
  r.start();
  setRunningReconciler(r);
  return r;
}

export async function stopReconciler(r: Reconciler | undefined): Promise<void> {
  await r?.stop();
  setRunningReconciler(undefined);
}

/** Polls `probe` until it returns something other than undefined/false; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string | (() => string), probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()} (last: ${describe(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function describe(v: unknown): string {
  if (v instanceof Error) return v.message;
  return JSON.stringify(v)?.slice(0, 500) ?? String(v);
}

/** Waits until the instance, as the console shows it (getInstance), satisfies `ok`. */
export function waitForInstance(ctx: TenantContext, id: string, what: string, ok: (i: InstanceDetail) => boolean, timeoutMs = 20_000) {
  let seen: Pick<InstanceDetail, 'status' | 'statusReason' | 'desiredState'> | undefined;
  return waitFor(
    () => `instance ${id} to be ${what} (seen: ${JSON.stringify(seen)})`,
    async () => {
      const i = await getInstance(ctx, id);
      seen = { status: i.status, statusReason: i.statusReason, desiredState: i.desiredState };
      return ok(i) && i;
    },
    timeoutMs,
  );
}

/** The containers of this console on an engine, by instance id. */
export async function containersOf(engine: Docker, consoleId: string) {
  const list = await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${consoleId}`] } });
  return list.map((c) => ({ id: c.Id, instanceId: c.Labels[LABEL_INSTANCE], state: c.State, name: c.Names[0] }));
}

/** Makes a tenant's network as the driver does (in a /24 of the console's own range, see subnets.ts). */
export async function provideTenantNetwork(engine: Docker, tenantId: string): Promise<void> {
  await ensureTenantNetwork(tenantId, engine);
}

/** Removes this console's containers and the given tenants' networks; never anything else on the engine. */
export async function removeOwnObjects(engine: Docker, consoleId: string, tenantIds: string[]): Promise<void> {
  const containers = await containersOf(engine, consoleId);
  await Promise.all(containers.map((c) => engine.getContainer(c.id).remove({ force: true, v: true }).catch(() => {})));
  await Promise.all(tenantIds.map((t) => engine.getNetwork(tenantNetworkName(t)).remove().catch(() => {})));
}

/** GET a published port on the apps address (OVERCAST_APPS_HOST): status and body, or the network error's code. */
export async function httpGet(port: number, timeoutMs = 3_000): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const res = await fetch(`http://${env().OVERCAST_APPS_HOST}:${port}/`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    const e = err as { cause?: { code?: string }; name?: string; message: string };
    return { error: e.cause?.code ?? e.name ?? e.message };
  }
}

/**
 * GET a published port until it answers 200 (up to 15 s): "running" means the engine started the container, and
 * the server inside may take a moment more to listen (until then the port resets the connection).
 */
export function httpOk(port: number): Promise<{ status: number; body: string }> {
  return waitFor(`port ${port} to answer 200`, async () => {
    const res = await httpGet(port);
    return 'status' in res && res.status === 200 ? res : false;
  }, 15_000, 200);
}

/** The instance's stored row with what toDriverInstance needs. */
export function instanceRow(id: string) {
  return db().instance.findUniqueOrThrow({ where: { id }, include: { flavor: true, image: true } });
}

/** Asserts that an engine holds exactly one container per instance id given, and none of this console besides. */
export async function expectOneContainerEach(engine: Docker, consoleId: string, instanceIds: string[]) {
  const containers = await containersOf(engine, consoleId);
  expect(containers.map((c) => c.instanceId).sort()).toEqual([...instanceIds].sort());
  return containers;
}

/** Runs a command in a container (as `docker exec` does) and returns its exit code and output. */
export async function execIn(engine: Docker, container: string, cmd: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const exec = await engine.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => new Writable({ write: (chunk, _enc, done) => ((out[key] += String(chunk)), done()) });
  engine.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
  await new Promise((resolve) => stream.once('end', resolve));
  // The output can end a moment before the engine records the exit.
  const { ExitCode } = await waitFor('the exec to finish', async () => {
    const info = await exec.inspect();
    return !info.Running && info;
  }, 5_000, 20);
  return { code: ExitCode ?? -1, ...out };
}

/** What lib/billing metered for one instance and meter (runtime seconds, disk GiB-seconds) up to `now`. */
export async function meteredQuantity(tenantId: string, instanceId: string, meter: string, now: Date): Promise<number> {
  await meterPass(db(), { now, tenantId });
  const r = await db().usageRecord.aggregate({ where: { instanceId, meter }, _sum: { quantity: true } });
  return Number(r._sum.quantity ?? 0);
}
