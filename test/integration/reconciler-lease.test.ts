// The reconciler's lease on an instance lasts as long as its work does: an engine call longer than the lease (a VM's
// graceful stop, a snapshot of a big disk) keeps it, so a second console process never acts on the same instance.
// A slow fake driver stands in for the engine here; the real engines are tested in the docker and qemu projects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { Reconciler } from '@/lib/reconciler/reconciler';
import { driverFor, registerDriver } from '@/lib/providers/registry';
import type { Driver, Observation } from '@/lib/providers/types';
import { sleep } from '@/lib/sleep';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';

const LEASE_MS = 600;
const CREATE_MS = 2_000;

/** Creates slowly and counts its calls; the container it "makes" runs at once. */
function slowDriver(real: Driver): Driver & { creates: number } {
  const made = new Set<string>();
  const fake = {
    id: real.id,
    kind: real.kind,
    label: 'slow fake',
    capabilities: new Set(),
    creates: 0,
    async observe(inst): Promise<Observation> {
      return made.has(inst.id) ? { exists: true, engineRef: `fake-${inst.id}`, status: 'running', endpoints: [] } : { exists: false };
    },
    async create(inst) {
      fake.creates++;
      await sleep(CREATE_MS);
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
});
