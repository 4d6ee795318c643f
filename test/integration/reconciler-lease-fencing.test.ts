// Issue 12, finding 9: the reconciler's writes are fenced by its lease and by the generation of the user's request.
// Two reconcilers (two console processes' owners) share the real database; a fake driver whose engine calls wait on
// the test stands in for the engine, so that the takeover and the user's request land exactly while a step is in
// flight. (The decision table's crash-restart rows are in lib/reconciler/plan.test.ts.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { getInstance } from '@/lib/instances/queries';
import { Reconciler } from '@/lib/reconciler/reconciler';
import { driverFor, registerDriver } from '@/lib/providers/registry';
import { EngineError, type Driver, type Observation, type SpecSource } from '@/lib/providers/types';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { waitFor } from '../docker';

// Short enough for a quick test, long enough that a busy machine does not let it lapse between two renewals.
const LEASE_MS = 1_500;

/** A gate an engine call waits on until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

/**
 * Makes containers that stay stopped until started; `hold` makes the next create or start wait for a gate and then
 * fail as the given engine error. Counts its calls.
 */
function gatedDriver(real: Driver) {
  const made = new Map<string, 'stopped' | 'running'>();
  const calls = { create: 0, start: 0, stop: 0, restart: 0 };
  let held: { op: 'create' | 'start' | 'restart'; gate: ReturnType<typeof gate>; error: EngineError | null } | null = null;
  const maybeHold = async (op: 'create' | 'start' | 'restart') => {
    if (held?.op !== op) return;
    const h = held;
    held = null;
    await h.gate.opened;
    if (h.error) throw h.error;
  };
  const fake = {
    id: real.id,
    kind: real.kind,
    label: 'gated fake',
    specOf: (source: SpecSource) => real.specOf(source),
    async observe(inst): Promise<Observation> {
      const s = made.get(inst.id);
      return s ? { exists: true, engineRef: `fake-${inst.id}`, status: s, endpoints: [] } : { exists: false };
    },
    async create(inst) {
      calls.create++;
      await maybeHold('create');
      if (!made.has(inst.id)) made.set(inst.id, 'stopped');
    },
    async start(inst) {
      calls.start++;
      await maybeHold('start');
      made.set(inst.id, 'running');
    },
    async stop(inst) {
      calls.stop++;
      made.set(inst.id, 'stopped');
    },
    async restart(inst) {
      calls.restart++;
      await maybeHold('restart');
      made.set(inst.id, 'running');
    },
    async remove(inst) {
      made.delete(inst.id);
    },
    async listManaged() {
      return [];
    },
    async removeManaged() {},
  } satisfies Driver;
  return {
    driver: fake,
    calls,
    /** The next `op` waits until the returned function is called, then fails with `message` (succeeds without). */
    hold(op: 'create' | 'start' | 'restart', message?: string, transient = false) {
      const g = gate();
      held = { op, gate: g, error: message ? new EngineError(message, transient) : null };
      return g.open;
    },
  };
}

let real: Driver;
const logs: string[] = [];
const reconciler = (owner: string) => new Reconciler(db(), { owner, leaseMs: LEASE_MS, log: (m) => logs.push(`${owner}: ${m}`) });

beforeAll(async () => {
  await seedCatalog();
  real = driverFor('docker');
});
afterEach(() => registerDriver(real));
afterAll(() => registerDriver(real));

describe('finding 9: reconciler writes are fenced by its lease', () => {
  it('a pass whose lease was taken over by another owner writes nothing (its failed step does not overwrite the new owner’s result)', async () => {
    const fake = gatedDriver(real);
    registerDriver(fake.driver);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput());
    const a = reconciler('console-a');
    const b = reconciler('console-b');

    // A's create hangs (an engine call that outlives the lease, while A's process stalls and cannot renew).
    const release = fake.hold('create', 'Could not create the container: the engine timed out', true);
    const passA = a.reconcileOne(id);
    await waitFor('A to be creating', async () => fake.calls.create === 1);
    // A's lease ran out and B claimed it, as B's claim does after expiry; B does the work and settles the instance.
    await db().instance.update({ where: { id }, data: { leaseOwner: 'console-b', leaseUntil: new Date(Date.now() + LEASE_MS) } });
    await b.reconcileOne(id);
    const settled = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([settled.status, settled.statusReason, settled.leaseOwner]).toEqual(['running', null, null]);
    const eventsBefore = await db().instanceEvent.count({ where: { instanceId: id } });

    // A wakes up: its create fails. It must not record that failure over B's result.
    release();
    await passA;
    const after = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(settled);
    expect(await db().instanceEvent.count({ where: { instanceId: id } })).toBe(eventsBefore);
    expect(fake.calls).toMatchObject({ create: 2, start: 1 }); // A did nothing more on the engine either
  });

  it('a pass that loses its lease (its renewal fails) stops: it takes no further engine action on an instance now someone else’s', async () => {
    const fake = gatedDriver(real);
    registerDriver(fake.driver);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput());
    const a = reconciler('console-a');
    const b = reconciler('console-b');

    const release = fake.hold('create');
    const passA = a.reconcileOne(id);
    await waitFor('A to be creating', async () => fake.calls.create === 1);
    // B claims the instance after A stalled past its lease; A's next renewal finds it gone.
    await db().instance.update({ where: { id }, data: { leaseOwner: 'console-b', leaseUntil: new Date(Date.now() + 10_000) } });
    // (Before the fix nothing noticed: then this gives up after five lease periods and the test goes on to show why
    // it matters.)
    const noticed = await waitFor('A to notice that its lease is lost', async () => logs.some((m) => m.startsWith(`console-a: instance ${id}: lease taken over`)), LEASE_MS * 5, 20).catch(() => false);
    const before = await db().instance.findUniqueOrThrow({ where: { id } });

    // A's create returns: before the fix it went on to start the container, under B's lease.
    release();
    await passA;
    expect(fake.calls).toMatchObject({ create: 1, start: 0 });
    expect(await db().instance.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(noticed).toBe(true);

    // B, the holder, carries on.
    await b.reconcileOne(id);
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).status).toBe('running');
    expect(fake.calls.start).toBe(1);
  });

  it('a user’s stop request made while a step is in flight is not overwritten by that step’s failure, and is carried out at once', async () => {
    const fake = gatedDriver(real);
    registerDriver(fake.driver);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput({ start: false }));
    const a = reconciler('console-a');
    await a.reconcileOne(id);
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).status).toBe('stopped');

    // The user starts it; the engine's start hangs, and meanwhile the user asks for a stop.
    await requestInstanceAction(ctx, id, { action: 'start' });
    const release = fake.hold('start', 'Could not start the container: no such file or directory');
    const passA = a.reconcileOne(id);
    await waitFor('A to be starting', async () => fake.calls.start === 1);
    await requestInstanceAction(ctx, id, { action: 'stop' });
    const requested = await db().instance.findUniqueOrThrow({ where: { id } });
    release();
    await passA;

    // The stop request stands as the user left it: due now, no failure counted, no error shown for the old start.
    const row = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ desiredState: 'stopped', attempts: 0, nextAttemptAt: requested.nextAttemptAt, generation: 3 });
    expect(row.status).not.toBe('error');
    expect(await db().instanceEvent.count({ where: { instanceId: id, type: 'error' } })).toBe(0);

    // So the next pass picks it up at once and settles it.
    expect(await a.tick()).toBeGreaterThanOrEqual(1);
    const done = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([done.status, done.statusReason, done.observedGeneration]).toEqual(['stopped', null, 3]);
    const shown = await getInstance(ctx, id);
    expect([shown.generation, shown.observedGeneration]).toEqual([3, 3]);
  });

  it('a restart asked for again while the first is in flight is not cleared by the first: both are done', async () => {
    const fake = gatedDriver(real);
    registerDriver(fake.driver);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput());
    const a = reconciler('console-a');
    await a.reconcileOne(id);
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).status).toBe('running');

    await requestInstanceAction(ctx, id, { action: 'restart' });
    const release = fake.hold('restart');
    const passA = a.reconcileOne(id);
    await waitFor('the first restart to be under way', async () => fake.calls.restart === 1);
    await requestInstanceAction(ctx, id, { action: 'restart' });
    release();
    await passA;
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).pendingAction).toBe('restart');

    await a.tick();
    expect(fake.calls.restart).toBe(2);
    const done = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([done.status, done.pendingAction, done.generation, done.observedGeneration]).toEqual(['running', null, 3, 3]);
  });
});
