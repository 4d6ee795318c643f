// The reconciler with an engine that takes its time. Its lease on an instance lasts as long as its work does: an
// engine call longer than the lease (a VM's graceful stop, a snapshot of a big disk) keeps it, so a second console
// process never acts on the same instance. An engine that says "wait" (no boot slot free) is shown as progress, not
// as an error. A fake driver stands in for the engine here; the real engines are tested in the docker and qemu
// projects (the boot-slot refusal itself in qemu-driver.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { Reconciler } from '@/lib/reconciler/reconciler';
import { driverFor, registerDriver } from '@/lib/providers/registry';
import { EngineError, type Driver, type Observation, type SpecSource } from '@/lib/providers/types';
import { sleep } from '@/lib/sleep';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';

const LEASE_MS = 600;
const CREATE_MS = 2_000;

/** Creates slowly and counts its calls; the container it "makes" runs at once (or waits `waits` times first). */
function slowDriver(real: Driver, waits = 0): Driver & { creates: number } {
  const made = new Set<string>();
  let waitsLeft = waits;
  const fake = {
    id: real.id,
    kind: real.kind,
    label: 'slow fake',
    specOf: (source: SpecSource) => real.specOf(source),
    creates: 0,
    async observe(inst): Promise<Observation> {
      return made.has(inst.id) ? { exists: true, engineRef: `fake-${inst.id}`, status: 'running', endpoints: [] } : { exists: false };
    },
    async create(inst) {
      fake.creates++;
      if (waitsLeft-- > 0) throw new EngineError('Waiting for a boot slot: 1 VM(s) are booting (limit 1)', true, 200);
      if (!waits) await sleep(CREATE_MS);
      made.add(inst.id);
    },
    async start() {},
    async stop() {},
    async restart() {},
    async remove(inst) {
      made.delete(inst.id);
    },
    async listManaged() {
      return [];
    },
    async removeManaged() {},
  } satisfies Driver & { creates: number };
  return fake;
}

let real: Driver;

beforeAll(async () => {
  await seedCatalog();
  real = driverFor('docker');
});

afterAll(() => registerDriver(real));

describe('the reconciler lease', () => {
  it('is held through an engine call longer than the lease: another process does not act, and it is released after', async () => {
    const fake = slowDriver(real);
    registerDriver(fake);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput());
    const a = new Reconciler(db(), { owner: 'console-a', leaseMs: LEASE_MS, log: () => {} });
    const b = new Reconciler(db(), { owner: 'console-b', leaseMs: LEASE_MS, log: () => {} });

    const passA = a.reconcileOne(id);
    // Well past the lease taken at the claim, while the create is still running.
    await sleep(LEASE_MS * 2);
    const held = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(held.leaseOwner).toBe('console-a');
    expect(held.leaseUntil!.getTime()).toBeGreaterThan(Date.now());
    await b.reconcileOne(id);
    expect(fake.creates).toBe(1);

    await passA;
    const done = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(done.status).toBe('running');
    expect(done.leaseOwner).toBeNull();
    expect(fake.creates).toBe(1);
  });

  it('shows an engine that says "wait" as still creating, with why, not as an error; then running', async () => {
    const fake = slowDriver(real, 3);
    registerDriver(fake);
    const { ctx } = await memberOfNewTenant();
    const { id } = await createContainer(ctx, containerInput());
    const r = new Reconciler(db(), { owner: 'console-w', log: () => {} });

    await r.reconcileOne(id);
    const waiting = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([waiting.status, waiting.statusReason, waiting.attempts]).toEqual(['creating', 'Waiting for a boot slot: 1 VM(s) are booting (limit 1)', 0]);
    // Counted from the write (not from now: on a busy machine reading the row back can take longer than 200 ms).
    const untilNext = waiting.nextAttemptAt!.getTime() - waiting.updatedAt.getTime();
    expect(untilNext).toBeGreaterThan(0);
    expect(untilNext).toBeLessThanOrEqual(200);

    for (let i = 0; i < 3; i++) {
      await sleep(200);
      await r.reconcileOne(id);
    }
    const done = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([done.status, done.statusReason]).toEqual(['running', null]);
    expect(fake.creates).toBe(4);
    // One event when the wait began (not one per try), none saying error.
    const events = await db().instanceEvent.findMany({ where: { instanceId: id }, orderBy: { createdAt: 'asc' } });
    expect(events.filter((e) => e.type === 'waiting')).toHaveLength(1);
    expect(events.some((e) => e.type === 'error' || e.toStatus === 'error')).toBe(false);
  });
});
