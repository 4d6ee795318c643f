// Quota and name uniqueness under concurrency (lib/instances/create-instance.ts) against the real database: many
// creates at once never overshoot a tenant's quota nor make two instances of one name. On PostgreSQL the creates
// really run side by side (a pool of several connections); the embedded database serialises them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';

// Set before the first db() call of this file, so that PostgreSQL gets enough connections for real parallelism.
const previousPool = process.env.OVERCAST_DB_POOL_SIZE;
process.env.OVERCAST_DB_POOL_SIZE = '12';
afterAll(() => {
  if (previousPool === undefined) delete process.env.OVERCAST_DB_POOL_SIZE;
  else process.env.OVERCAST_DB_POOL_SIZE = previousPool;
});

beforeAll(seedCatalog);

function outcomes(results: PromiseSettledResult<unknown>[]) {
  const codes = results.map((r) => (r.status === 'fulfilled' ? 'created' : (r.reason as { code?: string }).code ?? String(r.reason)));
  return codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
}

describe('quota under concurrency', () => {
  it('50 parallel creates against a quota of 10 instances create exactly 10', async () => {
    const { tenant, ctx } = await memberOfNewTenant({ maxInstances: 10, maxVcpus: 100, maxMemoryMib: 100_000 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => createContainer(ctx, containerInput({ name: `burst-${i}` }))));

    expect(outcomes(results)).toEqual({ created: 10, quota_exceeded: 40 });
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'quota_exceeded', fields: { flavorId: expect.stringMatching(/quota is 10/) } });
    }
    const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(10);
    expect((await db().instance.findMany({ where: { tenantId: tenant.id }, select: { id: true } })).map((i) => i.id).sort()).toEqual(created.sort());
    // One "requested" event and one audit entry per created instance, none for the refused ones.
    expect(await db().instanceEvent.count({ where: { tenantId: tenant.id } })).toBe(10);
    expect(await db().auditEvent.count({ where: { tenantId: tenant.id, action: 'instance.created' } })).toBe(10);

    if (inject('databaseKind') === 'postgres') {
      // The creates were not serialised by the client: the pool opened several connections to the server.
      const [{ n }] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      expect(Number(n)).toBeGreaterThan(1);
    }
  });

  it('the memory quota holds too, and one tenant’s burst does not eat into another’s quota', async () => {
    // c1.small is 256 MiB: 1024 MiB fit four of them, whatever the instance count allows.
    const small = await memberOfNewTenant({ maxInstances: 50, maxVcpus: 100, maxMemoryMib: 1024 });
    const other = await memberOfNewTenant({ maxInstances: 3 });
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => createContainer(small.ctx, containerInput({ name: `mem-${i}`, flavorId: 'docker-small' }))),
      ...Array.from({ length: 3 }, (_, i) => createContainer(other.ctx, containerInput({ name: `other-${i}` }))),
    ]);
    expect(outcomes(results.slice(0, 20))).toEqual({ created: 4, quota_exceeded: 16 });
    expect(outcomes(results.slice(20))).toEqual({ created: 3 });
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason.message).toMatch(/1280 MiB of memory; the quota is 1024 MiB/);
  });

  it('20 parallel creates of one name make one instance; the others get a conflict on the name', async () => {
    const { tenant, ctx } = await memberOfNewTenant({ maxInstances: 50, maxVcpus: 100, maxMemoryMib: 100_000 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => createContainer(ctx, containerInput({ name: 'same-name' }))));
    expect(outcomes(results)).toEqual({ created: 1, conflict: 19 });
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ fields: { name: 'This name is already used in this organisation.' } });
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await db().instanceEvent.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});
