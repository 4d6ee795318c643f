// Tenant isolation and roles for instances, through the same calls the API routes and pages make
// (lib/auth/session.ts's tenantContext, then lib/instances/*): another tenant's instance is "not found" — exactly
// like an id that does not exist — for reading, every action and the logs, and never listed; viewers only read.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { tenantContext } from '@/lib/auth/session';
import { createContainer } from '@/lib/instances/create-instance';
import { getInstance, listInstances } from '@/lib/instances/queries';
import { INSTANCE_ACTIONS, requestInstanceAction } from '@/lib/instances/operate';
import { logStream } from '@/lib/instances/logs';
import { SECRET_MASK } from '@/lib/instances/spec';
import { containerInput, createUser, errorOf, instanceCounts, seedCatalog, tenantWith } from '../fixtures';

// The signed-in user, as Auth.js would report it; everything below auth() is the console's real code.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
/** What a request by `userId` to /t/<slug>/… resolves to. */
function contextAs(userId: string, slug: string) {
  session.userId = userId;
  return tenantContext(slug);
}

let fx: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  await seedCatalog();
  const a = await tenantWith({ owner: 'owner', member: 'member', viewer: 'viewer' });
  const b = await tenantWith({ owner: 'owner' });
  const asMemberA = await contextAs(a.people.member.userId, a.tenant.slug);
  const inst = await createContainer(asMemberA, containerInput({ name: 'private-app', env: [{ name: 'API_KEY', value: 'hunter2', secret: true }, { name: 'MODE', value: 'prod' }] }));
  const asOwnerB = await contextAs(b.people.owner.userId, b.tenant.slug);
  const instB = await createContainer(asOwnerB, containerInput({ name: 'b-app' }));
  return { a, b, inst, instB };
}

beforeAll(async () => {
  fx = await setUp();
});
beforeEach(() => {
  session.userId = null;
});

const snapshot = async (id: string) => {
  const row = await db().instance.findUniqueOrThrow({ where: { id } });
  return { desiredState: row.desiredState, pendingAction: row.pendingAction, updatedAt: row.updatedAt.toISOString(), counts: await instanceCounts() };
};

describe('another tenant’s instance does not exist for you', () => {
  it('tenant B’s owner, in B, gets not_found for A’s instance — the same answer as for an id that does not exist', async () => {
    const ctxB = await contextAs(fx.b.people.owner.userId, fx.b.tenant.slug);
    const missing = await errorOf(() => getInstance(ctxB, 'c00000000000000000000000'));
    expect(missing).toMatchObject({ code: 'not_found', message: 'No such instance.' });
    expect(await errorOf(() => getInstance(ctxB, fx.inst.id))).toEqual(missing);
  });

  it.each(INSTANCE_ACTIONS)('B’s owner cannot %s A’s instance (not_found, nothing written)', async (action) => {
    const ctxB = await contextAs(fx.b.people.owner.userId, fx.b.tenant.slug);
    const before = await snapshot(fx.inst.id);
    const err = await errorOf(() => requestInstanceAction(ctxB, fx.inst.id, { action }));
    expect(err).toMatchObject({ code: 'not_found', message: 'No such instance.' });
    expect(await snapshot(fx.inst.id)).toEqual(before);
  });

  it('B’s owner cannot read A’s logs (not_found before any engine call)', async () => {
    const ctxB = await contextAs(fx.b.people.owner.userId, fx.b.tenant.slug);
    const err = await errorOf(() => logStream(ctxB, fx.inst.id, { follow: true, tail: 10, signal: new AbortController().signal }));
    expect(err).toMatchObject({ code: 'not_found', message: 'No such instance.' });
  });

  it('listInstances never shows another tenant’s instance, whatever the filters and page', async () => {
    const ctxB = await contextAs(fx.b.people.owner.userId, fx.b.tenant.slug);
    for (const query of [{}, { status: 'pending' }, { kind: 'container' }, { page: '1', pageSize: '100' }, { page: '2', pageSize: '1' }]) {
      const list = await listInstances(ctxB, query);
      expect(list.instances.map((i) => i.id), JSON.stringify(query)).not.toContain(fx.inst.id);
    }
    expect((await listInstances(ctxB, {})).instances.map((i) => i.id)).toEqual([fx.instB.id]);
    expect((await listInstances(ctxB, {})).total).toBe(1);
    const ctxA = await contextAs(fx.a.people.viewer.userId, fx.a.tenant.slug);
    expect((await listInstances(ctxA, {})).instances.map((i) => i.id)).toEqual([fx.inst.id]);
  });

  it('B’s owner addressing tenant A by its slug gets not_found for the tenant itself (API and pages alike)', async () => {
    const err = await errorOf(() => contextAs(fx.b.people.owner.userId, fx.a.tenant.slug));
    expect(err).toMatchObject({ code: 'not_found', message: 'No such tenant.' });
    // Signed out is not the same: it asks to sign in.
    session.userId = null;
    expect((await errorOf(() => tenantContext(fx.a.tenant.slug))).code).toBe('unauthenticated');
  });

  it('a platform admin (not a member) may see A’s instance', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const ctx = await contextAs(admin.id, fx.a.tenant.slug);
    expect(ctx.principal.role).toBeNull();
    expect((await getInstance(ctx, fx.inst.id)).name).toBe('private-app');
  });
});

describe('roles inside the tenant', () => {
  it('a viewer reads the instance, its list and its logs', async () => {
    const ctx = await contextAs(fx.a.people.viewer.userId, fx.a.tenant.slug);
    expect(ctx.principal.role).toBe('viewer');
    const detail = await getInstance(ctx, fx.inst.id);
    expect(detail).toMatchObject({ id: fx.inst.id, name: 'private-app', status: 'pending' });
    expect((await listInstances(ctx, {})).total).toBe(1);
    const abort = new AbortController();
    abort.abort();
    const stream = await logStream(ctx, fx.inst.id, { follow: false, tail: 10, signal: abort.signal });
    expect(stream).toBeInstanceOf(ReadableStream);
  });

  it.each(INSTANCE_ACTIONS)('a viewer cannot %s (forbidden, nothing written)', async (action) => {
    const ctx = await contextAs(fx.a.people.viewer.userId, fx.a.tenant.slug);
    const before = await snapshot(fx.inst.id);
    expect(await errorOf(() => requestInstanceAction(ctx, fx.inst.id, { action }))).toMatchObject({ code: 'forbidden' });
    expect(await snapshot(fx.inst.id)).toEqual(before);
  });

  it('a viewer cannot create', async () => {
    const ctx = await contextAs(fx.a.people.viewer.userId, fx.a.tenant.slug);
    const before = await instanceCounts();
    expect(await errorOf(() => createContainer(ctx, containerInput()))).toMatchObject({ code: 'forbidden' });
    expect(await instanceCounts()).toEqual(before);
  });

  it('secret values never leave the server: masked for the viewer and for the member who set them', async () => {
    for (const who of [fx.a.people.viewer.userId, fx.a.people.member.userId]) {
      const ctx = await contextAs(who, fx.a.tenant.slug);
      const detail = await getInstance(ctx, fx.inst.id);
      expect(detail.spec.env).toEqual([
        { name: 'API_KEY', value: SECRET_MASK, secret: true },
        { name: 'MODE', value: 'prod', secret: false },
      ]);
      expect(JSON.stringify(detail)).not.toContain('hunter2');
      expect(JSON.stringify(await listInstances(ctx, {}))).not.toContain('hunter2');
    }
  });

  it('a member of A may act on it (the refusals above are about tenant and role, not the action)', async () => {
    const ctx = await contextAs(fx.a.people.member.userId, fx.a.tenant.slug);
    await requestInstanceAction(ctx, fx.inst.id, { action: 'stop' });
    const row = await db().instance.findUniqueOrThrow({ where: { id: fx.inst.id } });
    expect(row.desiredState).toBe('stopped');
    const events = await db().instanceEvent.findMany({ where: { instanceId: fx.inst.id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/^Created by /), expect.stringMatching(/^Stop requested by /)]);
  });
});
