// Suspending an organisation on the real Docker Engine (issue 13, "suspension means what it says"): tenant A has a
// running container and two invoked functions (one public, one private), tenant B the same kind of workload. A
// platform admin suspends A with a reason: the intent is recorded at once (every running instance asked to stop), the
// reconciler stops A's container and removes its warm function containers, the gateway answers 403 tenant_suspended
// for both of A's functions, and A's compute stops accruing (metered by lib/billing) while B's goes on. A's members
// are refused creates, starts, deploys and invocations (409 tenant_suspended) but may stop and delete. Reactivation
// starts nothing; then a start works again. B's workloads run throughout.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { createFunction } from '@/lib/functions/create-function';
import { deployFunction } from '@/lib/functions/deploy';
import { deleteFunction } from '@/lib/functions/delete-function';
import { testInvokeFunction } from '@/lib/functions/observe';
import { flushRecorder } from '@/lib/functions/recorder';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { METERS } from '@/lib/billing/meter';
import { setTenantStatus } from '@/lib/admin/tenants';
import { enforceSuspensions } from '@/lib/admin/tenant-suspension';
import type { SessionUser } from '@/lib/auth/context';
import { containerInput, contextFor, createUser, errorOf, tenantWith } from '../fixtures';
import { httpGet, httpOk, meteredQuantity, ownConsoleId, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';
import { call, functionsEngine } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
const eng = functionsEngine();
const HOUR = 3_600_000;

async function containerState(instanceId: string): Promise<string | undefined> {
  const row = await db().instance.findUniqueOrThrow({ where: { id: instanceId } });
  if (!row.engineRef) return undefined;
  return (await engine.getContainer(row.engineRef).inspect()).State.Status;
}

const HELLO = `export default async () => ({ body: 'hi' })`;

describe('suspending an organisation with a running container and warm functions', () => {
  it('stops them, refuses new work, stops compute billing, leaves another tenant alone; reactivation starts nothing', { timeout: 180_000 }, async () => {
    const adminRow = await createUser({ isPlatformAdmin: true });
    const admin: SessionUser = { id: adminRow.id, email: adminRow.email, name: adminRow.name, isPlatformAdmin: true };
    const a = await tenantWith({ owner: 'owner', member: 'member' });
    const b = await tenantWith({ owner: 'owner' });
    eng.tenantIds.push(a.tenant.id, b.tenant.id);
    const owner = await contextFor(a.people.owner.userId, a.tenant.id);
    const bOwner = await contextFor(b.people.owner.userId, b.tenant.id);
    eng.reconciler = startReconciler(CONSOLE, { tenantDeletionMs: 200 });

    // A: a running web container and a second one (to be deleted while suspended); B: a running web container.
    const { id: webId } = await createContainer(owner, containerInput({ name: 'web' }));
    const { id: spareId } = await createContainer(owner, containerInput({ name: 'spare' }));
    const { id: bWebId } = await createContainer(bOwner, containerInput({ name: 'b-web' }));
    const web = await waitForInstance(owner, webId, 'running', (i) => i.status === 'running' && i.endpoints.length === 1, 60_000);
    await waitForInstance(owner, spareId, 'running', (i) => i.status === 'running', 60_000);
    const bWeb = await waitForInstance(bOwner, bWebId, 'running', (i) => i.status === 'running' && i.endpoints.length === 1, 60_000);
    expect(await httpOk(web.endpoints[0].hostPort)).toMatchObject({ status: 200 });

    // Functions: A's public and private ones and B's, each invoked once (warm containers).
    await eng.pool.stemsReady();
    const pub = await createFunction(owner, { name: 'hello', code: HELLO });
    const priv = await createFunction(owner, { name: 'secret', code: HELLO, access: 'token' });
    await createFunction(bOwner, { name: 'hello', code: HELLO });
    const pubUrl = invokeUrl(a.tenant.slug, 'hello', eng.gw.url);
    const privUrl = invokeUrl(a.tenant.slug, 'secret', eng.gw.url);
    const bUrl = invokeUrl(b.tenant.slug, 'hello', eng.gw.url);
    expect((await call(pubUrl)).body).toBe('hi');
    expect((await call(privUrl, { headers: { authorization: `Bearer ${priv.token}` } })).body).toBe('hi');
    expect((await call(bUrl)).body).toBe('hi');
    expect(eng.pool.tenantContainers(a.tenant.id)).toBeGreaterThanOrEqual(1);
    expect(eng.pool.tenantContainers(b.tenant.id)).toBe(1);
    await flushRecorder();
    const invocationsBefore = await db().functionInvocation.count({ where: { tenantId: a.tenant.id } });

    // The reason is required: refused without one, and nothing changes.
    expect(await errorOf(() => setTenantStatus(admin, a.tenant.id, { status: 'suspended' }))).toMatchObject({ code: 'validation_failed', fields: { reason: expect.any(String) } });
    expect(await errorOf(() => setTenantStatus(admin, a.tenant.id, { status: 'suspended', reason: ' x ' }))).toMatchObject({ code: 'validation_failed', fields: { reason: expect.stringContaining('at least 3') } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).status).toBe('active');

    // Suspend. The intent is in the database when the call returns.
    const r = await setTenantStatus(admin, a.tenant.id, { status: 'suspended', reason: 'Unpaid invoices since October' });
    expect(r).toEqual({ status: 'suspended', instancesStopping: 2 });
    expect(await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).toMatchObject({
      status: 'suspended',
      suspendedById: admin.id,
      suspensionReason: 'Unpaid invoices since October',
      suspendedAt: expect.any(Date),
    });
    expect(await db().instance.findMany({ where: { tenantId: a.tenant.id }, select: { desiredState: true } })).toEqual([{ desiredState: 'stopped' }, { desiredState: 'stopped' }]);
    expect(await db().auditEvent.findFirst({ where: { tenantId: a.tenant.id, action: 'tenant.suspended' } })).toMatchObject({
      actorId: admin.id,
      outcome: 'success',
      metadata: { reason: 'Unpaid invoices since October', instancesStopping: 2, functions: 2 },
    });

    // The functions are refused at once, public and private (with or without the token), and do not run.
    expect(await call(pubUrl)).toMatchObject({ status: 403, json: { code: 'tenant_suspended' } });
    expect(await call(privUrl, { headers: { authorization: `Bearer ${priv.token}` } })).toMatchObject({ status: 403, json: { code: 'tenant_suspended' } });
    expect(await call(privUrl)).toMatchObject({ status: 403, json: { code: 'tenant_suspended' } });

    // The reconciler stops the container on the engine; the tenant loop removes the warm function containers.
    await waitForInstance(owner, webId, 'stopped', (i) => i.status === 'stopped', 60_000);
    await waitForInstance(owner, spareId, 'stopped', (i) => i.status === 'stopped', 60_000);
    expect(await containerState(webId)).toBe('exited');
    expect(await httpGet(web.endpoints[0].hostPort, 1_000)).toHaveProperty('error');
    await waitFor('A’s function containers to be removed', async () => eng.pool.tenantContainers(a.tenant.id) === 0, 30_000);
    await flushRecorder();
    expect(await db().functionInvocation.count({ where: { tenantId: a.tenant.id } })).toBe(invocationsBefore);

    // Tenant B runs on: its container, its function.
    expect(await containerState(bWebId)).toBe('running');
    expect(await httpOk(bWeb.endpoints[0].hostPort)).toMatchObject({ status: 200 });
    expect((await call(bUrl)).body).toBe('hi');
    expect(eng.pool.tenantContainers(b.tenant.id)).toBe(1);

    // Billing: an hour later A's container has accrued no more running time; B's has accrued that hour.
    const now = new Date();
    const aNow = await meteredQuantity(a.tenant.id, webId, METERS.runtime, now);
    const bNow = await meteredQuantity(b.tenant.id, bWebId, METERS.runtime, now);
    expect(aNow).toBeGreaterThan(0);
    const later = new Date(now.getTime() + HOUR);
    expect(await meteredQuantity(a.tenant.id, webId, METERS.runtime, later)).toBe(aNow);
    expect(await meteredQuantity(b.tenant.id, bWebId, METERS.runtime, later)).toBeGreaterThanOrEqual(bNow + 3_599);

    // Refused while suspended, with the stable code, for members and the owner alike.
    const member = await contextFor(a.people.member.userId, a.tenant.id);
    for (const [what, attempt] of [
      ['create a container', () => createContainer(member, containerInput({ name: 'new' }))],
      ['start', () => requestInstanceAction(member, webId, { action: 'start' })],
      ['create a function', () => createFunction(member, { name: 'again', code: HELLO })],
      ['deploy', () => deployFunction(member, pub.id, { code: `export default async () => ({ body: 'v2' })` })],
      ['invoke from the console', () => testInvokeFunction(member, pub.id, { method: 'GET', path: '/' })],
    ] as const) {
      const err = await errorOf(attempt);
      expect(err.code, what).toBe('tenant_suspended');
      expect(err.message, what).toContain('suspended');
    }
    // A platform admin reactivates before starting anything too.
    const adminCtx = { ...member, user: admin, principal: { userId: admin.id, isPlatformAdmin: true, role: null } };
    expect((await errorOf(() => requestInstanceAction(adminCtx, webId, { action: 'start' }))).code).toBe('tenant_suspended');

    // Deleting is allowed: an instance and a function.
    await requestInstanceAction(member, spareId, { action: 'delete' });
    await deleteFunction(member, priv.id);
    await waitFor('the spare instance to be deleted', async () => (await db().instance.findUniqueOrThrow({ where: { id: spareId } })).status === 'deleted', 60_000);

    // Stopping is allowed: a start that committed just after the suspension (simulated with the reconciler paused)
    // can be stopped by a member; if nobody does, the tenant loop stops it again.
    await stopReconciler(eng.reconciler);
    eng.reconciler = undefined;
    await db().instance.update({ where: { id: webId }, data: { desiredState: 'running', generation: { increment: 1 } } });
    await requestInstanceAction(member, webId, { action: 'stop' });
    expect((await db().instance.findUniqueOrThrow({ where: { id: webId } })).desiredState).toBe('stopped');
    await db().instance.update({ where: { id: webId }, data: { desiredState: 'running', generation: { increment: 1 } } });
    const pass = await enforceSuspensions(db(), () => {});
    expect(pass.restopped).toBe(1);
    expect((await db().instance.findUniqueOrThrow({ where: { id: webId } })).desiredState).toBe('stopped');

    // Reactivate (a reason again): nothing starts by itself.
    expect(await errorOf(() => setTenantStatus(admin, a.tenant.id, { status: 'active' }))).toMatchObject({ code: 'validation_failed', fields: { reason: expect.any(String) } });
    expect(await setTenantStatus(admin, a.tenant.id, { status: 'active', reason: 'Paid in full' })).toEqual({ status: 'active', instancesStopping: 0 });
    expect(await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).toMatchObject({ status: 'active', suspendedAt: null, suspensionReason: null });
    expect(await db().auditEvent.findFirst({ where: { tenantId: a.tenant.id, action: 'tenant.reactivated' } })).toMatchObject({ actorId: admin.id, metadata: { reason: 'Paid in full' } });
    eng.reconciler = startReconciler(`${CONSOLE}-2`, { tenantDeletionMs: 200 });
    await eng.reconciler!.tick();
    await enforceSuspensions(db(), () => {});
    expect(await db().instance.findUniqueOrThrow({ where: { id: webId } })).toMatchObject({ desiredState: 'stopped', status: 'stopped' });
    expect(await containerState(webId)).toBe('exited');
    expect(eng.pool.tenantContainers(a.tenant.id)).toBe(0);

    // … and members may start again; the function answers again.
    await requestInstanceAction(await contextFor(a.people.member.userId, a.tenant.id), webId, { action: 'start' });
    const back = await waitForInstance(owner, webId, 'running again', (i) => i.status === 'running' && i.endpoints.length === 1, 60_000);
    expect(await httpOk(back.endpoints[0].hostPort)).toMatchObject({ status: 200 });
    expect((await call(pubUrl)).body).toBe('hi');
    expect(await containerState(bWebId)).toBe('running');
  });
});
