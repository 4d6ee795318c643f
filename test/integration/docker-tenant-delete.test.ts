// Deleting an organisation on the real Docker Engine (issue 13): a tenant with a running container and a function
// that was invoked is deleted by a platform admin with force and the typed slug. Crash-safe: the request only records
// the intent (no reconciler runs at that moment: the container is still there, the function already answers 404);
// one pass of the deletion loop then removes the function's containers and stops half-way (its instance is still
// being deleted) — as if the console stopped there; a fresh reconciler ("after the restart") finishes: no container,
// no network, no database row of the tenant remains; only the audit trail, which records the deletion.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { LABEL_TENANT, tenantNetworkName } from '@/lib/providers/docker/names';
import { LABEL_FN_TENANT, functionNetworkName } from '@/lib/providers/functions/names';
import { createContainer } from '@/lib/instances/create-instance';
import { createFunction } from '@/lib/functions/create-function';
import { flushRecorder } from '@/lib/functions/recorder';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { meterPass } from '@/lib/billing/meter';
import { requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { reapDeletingTenants } from '@/lib/admin/tenant-deletion';
import { containerInput, contextFor, createUser, tenantWith } from '../fixtures';
import { httpOk, ownConsoleId, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';
import { call, functionsEngine } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
const eng = functionsEngine();

/** Every row that names the tenant, per table (the audit trail is checked apart). */
async function rowsOf(tenantId: string) {
  const where = { where: { tenantId } };
  const [tenant, memberships, quota, invitations, instances, instanceEvents, snapshots, functions, versions, invocations, logs, logUsage, usage, usageDaily, invoices] = await Promise.all([
    db().tenant.count({ where: { id: tenantId } }),
    db().membership.count(where),
    db().quota.count(where),
    db().invitation.count(where),
    db().instance.count(where),
    db().instanceEvent.count(where),
    db().instanceSnapshot.count(where),
    db().serverlessFunction.count(where),
    db().functionVersion.count(where),
    db().functionInvocation.count(where),
    db().functionLog.count(where),
    db().functionLogUsage.count(where),
    db().usageRecord.count(where),
    db().usageDaily.count(where),
    db().invoice.count(where),
  ]);
  return { tenant, memberships, quota, invitations, instances, instanceEvents, snapshots, functions, versions, invocations, logs, logUsage, usage, usageDaily, invoices };
}

async function engineObjectsOf(tenantId: string) {
  const containers = await engine.listContainers({ all: true, filters: { label: [`${LABEL_TENANT}=${tenantId}`] } });
  const fnContainers = await engine.listContainers({ all: true, filters: { label: [`${LABEL_FN_TENANT}=${tenantId}`] } });
  const networks = await engine.listNetworks({ filters: { name: [tenantNetworkName(tenantId)] } });
  return { containers: containers.length, fnContainers: fnContainers.length, networks: networks.filter((n) => n.Name === tenantNetworkName(tenantId)).length };
}

describe('deleting an organisation that holds a running container and an invoked function', () => {
  it('leaves no container, network or row of it behind, across a restart half-way', { timeout: 120_000 }, async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    eng.tenantIds.push(tenant.id);
    const ctx = await contextFor(people.owner.userId, tenant.id);
    eng.reconciler = startReconciler(CONSOLE);
    const { id: instanceId } = await createContainer(ctx, containerInput({ name: 'web' }));
    const inst = await waitForInstance(ctx, instanceId, 'running', (i) => i.status === 'running' && i.endpoints.length === 1, 60_000);
    expect(await httpOk(inst.endpoints[0].hostPort)).toMatchObject({ status: 200 });

    await eng.pool.stemsReady();
    await createFunction(ctx, { name: 'hello', code: `export default async () => ({ body: 'hi' })` });
    const fnUrl = invokeUrl(tenant.slug, 'hello', eng.gw.url);
    expect((await call(fnUrl)).body).toBe('hi');
    expect(eng.pool.tenantContainers(tenant.id)).toBe(1);
    const fnAddresses = eng.pool.snapshot().versions.flatMap((v) => v.addresses);
    expect(fnAddresses).toHaveLength(1);
    await flushRecorder();
    await meterPass(db(), { now: new Date(), tenantId: tenant.id });
    const before = await rowsOf(tenant.id);
    expect(before).toMatchObject({ tenant: 1, instances: 1, functions: 1, invocations: 1 });
    expect(before.usage).toBeGreaterThan(0);
    expect(await engineObjectsOf(tenant.id)).toMatchObject({ containers: 1, networks: 1 });

    // The console "crashes" right after the request: only the intent is recorded.
    await stopReconciler(eng.reconciler);
    eng.reconciler = undefined;
    const r = await requestTenantDeletion({ id: admin.id, email: admin.email, name: admin.name, isPlatformAdmin: true }, tenant.id, { confirm: tenant.slug, force: true });
    expect(r).toEqual({ status: 'deleting', holdings: { instances: 1, functions: 1 } });
    expect(await engineObjectsOf(tenant.id)).toMatchObject({ containers: 1, networks: 1 });
    expect((await call(fnUrl)).json).toMatchObject({ status: 404, code: 'function_not_found' });

    // Half-way: one pass removes the function's containers, and waits for the reconciler to delete the instance.
    const half = await reapDeletingTenants(db(), () => {});
    expect(half).toEqual({ pending: 1, finished: [] });
    expect(eng.pool.tenantContainers(tenant.id)).toBe(0);
    expect(await engineObjectsOf(tenant.id)).toMatchObject({ containers: 1, networks: 1 });
    expect((await rowsOf(tenant.id)).tenant).toBe(1);

    // "After the restart": a new reconciler finishes the job.
    eng.reconciler = startReconciler(`${CONSOLE}-restarted`, { tenantDeletionMs: 200 });
    await waitFor('the tenant’s rows to be gone', async () => (await db().tenant.count({ where: { id: tenant.id } })) === 0, 60_000);
    expect(await engineObjectsOf(tenant.id)).toEqual({ containers: 0, fnContainers: 0, networks: 0 });
    // The function container that served the invocation is gone from the engine too (it carried no tenant label: a
    // stem cell that took the code).
    const fnNet = await engine.getNetwork(functionNetworkName()).inspect();
    expect(Object.values(fnNet.Containers ?? {}).map((c) => (c as { IPv4Address: string }).IPv4Address.split('/')[0])).not.toContain(fnAddresses[0]);
    expect(Object.values(await rowsOf(tenant.id)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(tenant.id)).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, 0])));
    const audit = await db().auditEvent.findFirst({ where: { action: 'tenant.deleted', targetId: tenant.id } });
    expect(audit).toMatchObject({ tenantId: null, actorId: admin.id, metadata: { slug: tenant.slug } });
    // Earlier entries stay, detached from the tenant (the foreign key clears it).
    expect(await db().auditEvent.count({ where: { action: 'tenant.deletion_requested', targetId: tenant.id, tenantId: null } })).toBe(1);
    expect(await db().membership.count({ where: { userId: people.owner.userId } })).toBe(0);
  });
});
