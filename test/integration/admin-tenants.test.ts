// Admin → Tenants through the API routes (issue 13): the list (search by name, slug and owner email; sort by usage;
// pages and cursors), a tenant's page, its quota (lowering it below use stops new creates with quota_exceeded), the
// platform's default quota (applied by sign-up and by admin-create), create-for-someone (the owner is invited, never
// added), rename, and delete (refused while it holds resources; with force and the typed slug the intent is recorded
// and the tenant is gone for its members at once). Every route is a 404 for anyone but a platform admin, and a
// refused call writes nothing.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import * as list from '@/app/api/v1/admin/tenants/route';
import * as one from '@/app/api/v1/admin/tenants/[id]/route';
import * as quotaRoute from '@/app/api/v1/admin/tenants/[id]/quota/route';
import * as defaults from '@/app/api/v1/admin/settings/quota/route';
import { createContainer } from '@/lib/instances/create-instance';
import { createFunction } from '@/lib/functions/create-function';
import { resolveTenant } from '@/lib/auth/principal';
import { myTenants } from '@/lib/tenants/queries';
import { signUp } from '@/lib/tenants/sign-up';
import { acceptMyInvitation, listMyInvitations } from '@/lib/tenants/invitations';
import { addMember, containerInput, contextFor, createUser, errorOf, memberOfNewTenant, seedCatalog, tenantWith, uniqueSuffix } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const ORIGIN = 'http://localhost:3000';
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P>(as: string | null, h: Handler<P>, params: P, opts: { method?: string; body?: unknown; query?: Record<string, string> } = {}) {
  session.userId = as;
  const url = new URL(`${ORIGIN}/api/v1/admin/x`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await h(req, { params: Promise.resolve(params) });
  return { status: res.status, body: JSON.parse(await res.text()) };
}
const none = {} as Record<string, never>;

let adminId: string;
beforeAll(async () => {
  await seedCatalog();
  await seedPriceCatalogs(db());
  adminId = (await createUser({ isPlatformAdmin: true })).id;
});

async function digest() {
  const [tenants, quotas, memberships, invitations, instances, functions, audit, settings] = await Promise.all([
    db().tenant.findMany({ orderBy: { id: 'asc' } }),
    db().quota.findMany({ orderBy: { tenantId: 'asc' } }),
    db().membership.count(),
    db().invitation.count(),
    db().instance.findMany({ orderBy: { id: 'asc' }, select: { id: true, desiredState: true, generation: true } }),
    db().serverlessFunction.findMany({ orderBy: { id: 'asc' }, select: { id: true, deletedAt: true } }),
    // Refused attempts are audited by design (outcome 'refused'); a change would be a 'success' entry.
    db().auditEvent.count({ where: { outcome: 'success' } }),
    db().setting.findMany({ orderBy: { key: 'asc' } }),
  ]);
  return JSON.stringify({ tenants, quotas, memberships, invitations, instances, functions, audit, settings });
}

describe('the tenants list', () => {
  it('searches by name, slug and owner email, sorts by usage either way, and pages by page number and by cursor', async () => {
    const tag = uniqueSuffix();
    const made = [];
    for (const [i, n] of [2, 0, 1].entries()) {
      const { tenant, people } = await tenantWith({ owner: 'owner' });
      await db().tenant.update({ where: { id: tenant.id }, data: { name: `Zeta ${tag} ${i}` } });
      await db().user.update({ where: { id: people.owner.userId }, data: { email: `owner-${i}-${tag}@example.test` } });
      const ctx = await contextFor(people.owner.userId, tenant.id);
      for (let k = 0; k < n; k++) await createContainer(ctx, containerInput());
      made.push({ tenant, n });
    }
    const byName = await call(adminId, list.GET, none, { query: { q: `zeta ${tag.toUpperCase()}` } });
    expect(byName.status, JSON.stringify(byName.body)).toBe(200);
    expect(byName.body.tenants.map((t: { name: string }) => t.name)).toEqual([0, 1, 2].map((i) => `Zeta ${tag} ${i}`));
    const row0 = byName.body.tenants[0];
    expect(row0).toMatchObject({ instances: 2, vcpus: 0.5, memoryMib: 256, functions: 0, owners: [`owner-0-${tag}@example.test`], status: 'active' });
    expect(row0.month).toMatchObject({ totalMinor: expect.any(Number), currency: expect.any(String) });

    const bySlug = await call(adminId, list.GET, none, { query: { q: made[1].tenant.slug } });
    expect(bySlug.body.tenants.map((t: { id: string }) => t.id)).toEqual([made[1].tenant.id]);
    const byOwner = await call(adminId, list.GET, none, { query: { q: `OWNER-2-${tag}` } });
    expect(byOwner.body.tenants.map((t: { id: string }) => t.id)).toEqual([made[2].tenant.id]);

    const desc = await call(adminId, list.GET, none, { query: { q: tag, sort: '-instances' } });
    expect(desc.body.tenants.map((t: { instances: number }) => t.instances)).toEqual([2, 1, 0]);
    const asc = await call(adminId, list.GET, none, { query: { q: tag, sort: 'instances' } });
    expect(asc.body.tenants.map((t: { instances: number }) => t.instances)).toEqual([0, 1, 2]);

    const p1 = await call(adminId, list.GET, none, { query: { q: tag, sort: '-instances', limit: '2' } });
    expect(p1.body).toMatchObject({ total: 3, page: 1, pages: 2, limit: 2 });
    expect(p1.body.tenants.map((t: { instances: number }) => t.instances)).toEqual([2, 1]);
    const p2 = await call(adminId, list.GET, none, { query: { q: tag, sort: '-instances', limit: '2', page: '2' } });
    expect(p2.body.tenants.map((t: { instances: number }) => t.instances)).toEqual([0]);
    expect(p2.body.nextCursor).toBeNull();
    const viaCursor = await call(adminId, list.GET, none, { query: { q: tag, sort: '-instances', limit: '2', cursor: p1.body.nextCursor } });
    expect(viaCursor.body.tenants).toEqual(p2.body.tenants);
    // A cursor of another order is refused rather than giving a wrong page.
    const wrong = await call(adminId, list.GET, none, { query: { q: tag, sort: 'instances', limit: '2', cursor: p1.body.nextCursor } });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });

    const bads: Record<string, string>[] = [{ sort: 'password' }, { page: '0' }, { limit: '1000' }, { page: 'x' }, { cursor: 'garbage' }, { other: '1' }];
    for (const bad of bads) {
      expect((await call(adminId, list.GET, none, { query: bad })).status, JSON.stringify(bad)).toBe(400);
    }
  });
});

describe('a tenant for admins', () => {
  it('shows quota with use, members, instances, functions, the month and recent audit entries', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const inst = await createContainer(ctx, containerInput({ name: 'web-a' }));
    const r = await call(adminId, one.GET, { id: tenant.id });
    expect(r.status).toBe(200);
    expect(r.body.tenant).toMatchObject({ id: tenant.id, slug: tenant.slug, status: 'active' });
    expect(r.body.members.map((m: { role: string }) => m.role).sort()).toEqual(['owner', 'viewer']);
    expect(r.body.instances).toEqual([expect.objectContaining({ id: inst.id, name: 'web-a', kind: 'container' })]);
    expect(r.body.quota.find((q: { key: string }) => q.key === 'instances')).toMatchObject({ used: 1, limit: 10 });
    expect(r.body.month).toMatchObject({ totalMinor: expect.any(Number), forecastMinor: expect.any(Number) });
    expect(r.body.audit.map((a: { action: string }) => a.action)).toContain('instance.created');
    expect((await call(adminId, one.GET, { id: 'no-such-tenant' })).status).toBe(404);
  });
});

describe('quota', () => {
  it('lowered below use: nothing stops, and new creates are refused with quota_exceeded', async () => {
    const { tenant, ctx } = await memberOfNewTenant();
    await db().membership.updateMany({ where: { tenantId: tenant.id }, data: { role: 'owner' } });
    const owner = await contextFor(ctx.user.id, tenant.id);
    await createContainer(owner, containerInput());
    await createContainer(owner, containerInput());
    await createFunction(owner, { name: 'f1', code: 'export default async () => ({ status: 200 })' });

    const set = await call(adminId, quotaRoute.PATCH, { id: tenant.id }, { method: 'PATCH', body: { maxInstances: 1, maxFunctions: 0 } });
    expect(set.status).toBe(200);
    expect(set.body.quota).toMatchObject({ maxInstances: 1, maxFunctions: 0 });
    const shown = await call(adminId, quotaRoute.GET, { id: tenant.id });
    expect(shown.body.quota.find((q: { key: string }) => q.key === 'instances')).toMatchObject({ used: 2, limit: 1 });
    expect(await db().instance.count({ where: { tenantId: tenant.id, desiredState: 'running' } })).toBe(2);

    const refused = await errorOf(() => createContainer(owner, containerInput()));
    expect(refused).toMatchObject({ code: 'quota_exceeded', message: 'Over quota: This would make 3 instances; the quota is 1.' });
    const fnRefused = await errorOf(() => createFunction(owner, { name: 'f2', code: 'export default async () => ({ status: 200 })' }));
    expect(fnRefused.code).toBe('quota_exceeded');
    expect(fnRefused.message).toMatch(/quota/i);

    // Raised again: creates work.
    expect((await call(adminId, quotaRoute.PATCH, { id: tenant.id }, { method: 'PATCH', body: { maxInstances: 5 } })).status).toBe(200);
    await createContainer(owner, containerInput());
  });

  it('the platform default applies to sign-up and admin-create, not to existing tenants', async () => {
    const before = await call(adminId, defaults.GET, none);
    expect(before.body.quota).toMatchObject({ maxInstances: 10, maxVcpus: 8, maxFnLogMib: null });
    const existing = await tenantWith({ owner: 'owner' });
    const set = await call(adminId, defaults.PATCH, none, { method: 'PATCH', body: { maxInstances: 3, maxVcpus: 2, maxFnContainers: 4 } });
    expect(set.status).toBe(200);
    expect(set.body.quota).toMatchObject({ maxInstances: 3, maxVcpus: 2, maxMemoryMib: 16384, maxFnContainers: 4 });

    const signed = await signUp({ name: 'New', email: `new-${uniqueSuffix()}@example.test`, password: 'a long enough password', organisation: `Org ${uniqueSuffix()}` });
    const t1 = await db().tenant.findUniqueOrThrow({ where: { slug: signed.tenantSlug }, include: { quota: true } });
    expect(t1.quota).toMatchObject({ maxInstances: 3, maxVcpus: 2, maxMemoryMib: 16384, maxFnContainers: 4, maxFnLogMib: null });

    const created = await call(adminId, list.POST, none, { method: 'POST', body: { name: 'For Someone', ownerEmail: `someone-${uniqueSuffix()}@example.test` } });
    expect(created.status).toBe(201);
    expect(await db().quota.findUnique({ where: { tenantId: created.body.tenant.id } })).toMatchObject({ maxInstances: 3, maxVcpus: 2, maxFnContainers: 4 });
    expect(await db().quota.findUnique({ where: { tenantId: existing.tenant.id } })).toMatchObject({ maxInstances: 10, maxVcpus: 8 });
    expect(await db().auditEvent.count({ where: { action: 'platform.default_quota_changed', actorId: adminId } })).toBe(1);

    const d = await digest();
    for (const bad of [{ maxInstances: -1 }, { maxInstances: null }, { maxVcpus: '2' }, { nope: 1 }, { maxFnLogMib: 0 }]) {
      expect((await call(adminId, defaults.PATCH, none, { method: 'PATCH', body: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await digest()).toBe(d);
    // Back to the built-in values for the other tests of this file.
    await call(adminId, defaults.PATCH, none, { method: 'PATCH', body: { maxInstances: 10, maxVcpus: 8, maxFnContainers: null } });
  });
});

describe('create for someone, rename', () => {
  it('creates the organisation and invites its owner: an existing user becomes owner only by accepting', async () => {
    const someone = await createUser();
    const slug = `acme-${uniqueSuffix()}`;
    const r = await call(adminId, list.POST, none, { method: 'POST', body: { name: 'Acme', slug, ownerEmail: someone.email.toUpperCase() } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenant: { slug, name: 'Acme' }, invitation: { email: someone.email, role: 'owner', invitePath: expect.stringMatching(/^\/invite\/[\w-]{20,}$/) } });
    const id = r.body.tenant.id as string;
    expect(await db().membership.count({ where: { tenantId: id } })).toBe(0);
    expect(await db().membership.count({ where: { userId: adminId, tenantId: id } })).toBe(0);
    const listed = await call(adminId, list.GET, none, { query: { q: someone.email } });
    expect(listed.body.tenants).toEqual([expect.objectContaining({ id, owners: [], pendingOwners: [someone.email] })]);

    const user = { id: someone.id, email: someone.email, name: someone.name, isPlatformAdmin: false };
    const [inv] = await listMyInvitations(user);
    expect(inv).toMatchObject({ tenantSlug: slug, role: 'owner' });
    await acceptMyInvitation(user, inv.id);
    expect(await db().membership.findFirst({ where: { tenantId: id, userId: someone.id } })).toMatchObject({ role: 'owner' });
    expect(await db().auditEvent.findFirst({ where: { tenantId: id, action: 'tenant.created' } })).toMatchObject({ actorId: adminId, metadata: { via: 'admin', slug } });

    const d = await digest();
    const dup = await call(adminId, list.POST, none, { method: 'POST', body: { name: 'Acme 2', slug, ownerEmail: 'x@example.test' } });
    expect(dup).toMatchObject({ status: 409, body: { code: 'conflict', errors: { slug: expect.any(String) } } });
    for (const bad of [{ name: 'A', ownerEmail: 'x@example.test' }, { name: 'Fine', ownerEmail: 'not-an-email' }, { name: 'Fine', slug: 'admin', ownerEmail: 'x@example.test' }, { name: 'Fine', slug: 'Bad Slug', ownerEmail: 'x@example.test' }, { name: 'Fine', ownerEmail: 'x@example.test', role: 'admin' }]) {
      expect((await call(adminId, list.POST, none, { method: 'POST', body: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await digest()).toBe(d);
  });

  it('renames (the slug stays), audited; bad names refused', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const r = await call(adminId, one.PATCH, { id: tenant.id }, { method: 'PATCH', body: { name: '  Renamed Org ' } });
    expect(r).toMatchObject({ status: 200, body: { tenant: { id: tenant.id, slug: tenant.slug, name: 'Renamed Org' } } });
    expect(await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'tenant.renamed' } })).toMatchObject({ actorId: adminId, metadata: { from: tenant.name, to: 'Renamed Org' } });
    const d = await digest();
    for (const bad of [{ name: 'x' }, { name: 'y'.repeat(65) }, { name: 5 }, { name: 'Ok name', slug: 'new-slug' }]) {
      expect((await call(adminId, one.PATCH, { id: tenant.id }, { method: 'PATCH', body: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(adminId, one.PATCH, { id: 'no-such' }, { method: 'PATCH', body: { name: 'Whatever' } })).status).toBe(404);
    expect(await digest()).toBe(d);
  });
});

describe('delete', () => {
  it('is refused while it holds resources, or without the typed slug; with force it records the intent and the tenant is gone for its members', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', member: 'member' });
    const owner = await contextFor(people.owner.userId, tenant.id);
    const inst = await createContainer(owner, containerInput());
    const fn = await createFunction(owner, { name: 'doomed', code: 'export default async () => ({ status: 200 })' });
    const d = await digest();
    const held = await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { confirm: tenant.slug } });
    expect(held).toMatchObject({ status: 409, body: { code: 'conflict', holdings: { instances: 1, functions: 1 } } });
    expect(held.body.title).toMatch(/still holds 1 instance\(s\) and 1 function\(s\)/);
    const typo = await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { confirm: `${tenant.slug}x`, force: true } });
    expect(typo).toMatchObject({ status: 400, body: { errors: { confirm: expect.stringContaining(tenant.slug) } } });
    expect((await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { force: true } })).status).toBe(400);
    expect(await digest()).toBe(d);

    const ok = await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { confirm: tenant.slug, force: true } });
    expect(ok).toMatchObject({ status: 202, body: { status: 'deleting', holdings: { instances: 1, functions: 1 } } });
    const row = await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(row.deletingAt).toBeInstanceOf(Date);
    expect(row.deletingById).toBe(adminId);
    expect(await db().instance.findUniqueOrThrow({ where: { id: inst.id } })).toMatchObject({ desiredState: 'deleted', generation: 2 });
    expect(await db().serverlessFunction.findUniqueOrThrow({ where: { id: fn.id } })).toMatchObject({ liveName: null, deletedAt: expect.any(Date) });
    expect(await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'tenant.deletion_requested' } })).toMatchObject({ actorId: adminId, metadata: { slug: tenant.slug, force: true } });

    // Gone for its members at once; the admin list shows it as deleting; a second delete or an edit is a 404.
    const member = await db().user.findUniqueOrThrow({ where: { id: people.member.userId } });
    expect(await errorOf(() => resolveTenant({ ...member }, tenant.slug))).toMatchObject({ code: 'not_found' });
    expect((await myTenants(member.id)).map((t) => t.slug)).not.toContain(tenant.slug);
    const listed = await call(adminId, list.GET, none, { query: { q: tenant.slug } });
    expect(listed.body.tenants).toEqual([expect.objectContaining({ id: tenant.id, status: 'deleting', instances: 1, functions: 0 })]);
    expect((await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { confirm: tenant.slug, force: true } })).status).toBe(404);
    expect((await call(adminId, one.PATCH, { id: tenant.id }, { method: 'PATCH', body: { name: 'Back again' } })).status).toBe(404);
    expect((await call(adminId, quotaRoute.PATCH, { id: tenant.id }, { method: 'PATCH', body: { maxInstances: 50 } })).status).toBe(404);
  });

  it('an empty organisation needs only the typed slug', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const r = await call(adminId, one.DELETE, { id: tenant.id }, { method: 'DELETE', body: { confirm: tenant.slug } });
    expect(r).toMatchObject({ status: 202, body: { holdings: { instances: 0, functions: 0 } } });
  });
});

describe('suspend and reactivate', () => {
  it('needs a typed reason (field errors, nothing changes); records the intent for its instances only; shows since when and why; reactivation starts nothing', async () => {
    const a = await tenantWith({ owner: 'owner' });
    const b = await tenantWith({ owner: 'owner' });
    const aOwner = await contextFor(a.people.owner.userId, a.tenant.id);
    const bOwner = await contextFor(b.people.owner.userId, b.tenant.id);
    const aInst = await createContainer(aOwner, containerInput());
    const bInst = await createContainer(bOwner, containerInput());
    const id = { id: a.tenant.id };

    const d = await digest();
    for (const [body, field] of [
      [{ status: 'suspended' }, 'reason'],
      [{ status: 'suspended', reason: '' }, 'reason'],
      [{ status: 'suspended', reason: '  no ' }, 'reason'],
      [{ status: 'suspended', reason: 'x'.repeat(501) }, 'reason'],
      [{ status: 'suspended', reason: 42 }, 'reason'],
      [{ status: 'paused', reason: 'Some reason' }, 'status'],
      [{ status: 'suspended', reason: 'Some reason', extra: 1 }, 'extra'],
    ] as const) {
      const r = await call(adminId, one.PATCH, id, { method: 'PATCH', body });
      expect(r, JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: { [field]: expect.any(String) } } });
    }
    expect(await digest()).toBe(d);

    const r = await call(adminId, one.PATCH, id, { method: 'PATCH', body: { status: 'suspended', reason: '  Payment overdue  ' } });
    expect(r).toMatchObject({ status: 200, body: { status: 'suspended', instancesStopping: 1 } });
    expect(await db().instance.findUniqueOrThrow({ where: { id: aInst.id } })).toMatchObject({ desiredState: 'stopped', generation: 2 });
    // Another tenant's instance is left as it was.
    expect(await db().instance.findUniqueOrThrow({ where: { id: bInst.id } })).toMatchObject({ desiredState: 'running', generation: 1 });
    expect(await db().auditEvent.findFirst({ where: { tenantId: a.tenant.id, action: 'tenant.suspended' } })).toMatchObject({ actorId: adminId, metadata: { reason: 'Payment overdue', instancesStopping: 1 } });
    expect(await db().auditEvent.count({ where: { tenantId: b.tenant.id, action: { startsWith: 'tenant.' } } })).toBe(0);

    const listed = await call(adminId, list.GET, none, { query: { q: a.tenant.slug } });
    expect(listed.body.tenants).toEqual([expect.objectContaining({ id: a.tenant.id, status: 'suspended', suspension: { at: expect.any(String), reason: 'Payment overdue' } })]);
    expect((await call(adminId, one.GET, id)).body.tenant).toMatchObject({ status: 'suspended', suspension: { reason: 'Payment overdue' } });

    // Twice is a conflict, not a second entry.
    const again = await call(adminId, one.PATCH, id, { method: 'PATCH', body: { status: 'suspended', reason: 'Still overdue' } });
    expect(again).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
    // Renaming still works on the same route while suspended.
    expect(await call(adminId, one.PATCH, id, { method: 'PATCH', body: { name: 'Renamed While Suspended' } })).toMatchObject({ status: 200, body: { tenant: { name: 'Renamed While Suspended' } } });

    expect((await call(adminId, one.PATCH, id, { method: 'PATCH', body: { status: 'active' } })).body).toMatchObject({ code: 'validation_failed', errors: { reason: expect.any(String) } });
    const back = await call(adminId, one.PATCH, id, { method: 'PATCH', body: { status: 'active', reason: 'Paid' } });
    expect(back).toMatchObject({ status: 200, body: { status: 'active', instancesStopping: 0 } });
    expect(await db().instance.findUniqueOrThrow({ where: { id: aInst.id } })).toMatchObject({ desiredState: 'stopped', generation: 2 });
    expect(await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).toMatchObject({ status: 'active', suspendedAt: null, suspensionReason: null });
    expect(await db().auditEvent.findFirst({ where: { tenantId: a.tenant.id, action: 'tenant.reactivated' } })).toMatchObject({ actorId: adminId, metadata: { reason: 'Paid' } });
    expect((await call(adminId, one.PATCH, { id: 'no-such' }, { method: 'PATCH', body: { status: 'suspended', reason: 'Whatever' } })).status).toBe(404);
  });
});

describe('only platform admins', () => {
  it('every route is a 404 for an owner of the tenant, a user of another, and nobody signed in gets 401; nothing changes', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const stranger = await createUser();
    await addMember((await tenantWith({ owner: 'owner' })).tenant.id, stranger.id, 'admin');
    const d = await digest();
    const id = { id: tenant.id };
    const attempts = [
      () => [list.GET, none, {}] as const,
      () => [list.POST, none, { method: 'POST', body: { name: 'Mine now', ownerEmail: 'me@example.test' } }] as const,
      () => [one.GET, id, {}] as const,
      () => [one.PATCH, id, { method: 'PATCH', body: { name: 'Hijacked' } }] as const,
      () => [one.PATCH, id, { method: 'PATCH', body: { status: 'suspended', reason: 'I do not like them' } }] as const,
      () => [one.DELETE, id, { method: 'DELETE', body: { confirm: tenant.slug, force: true } }] as const,
      () => [quotaRoute.GET, id, {}] as const,
      () => [quotaRoute.PATCH, id, { method: 'PATCH', body: { maxInstances: 1000 } }] as const,
      () => [defaults.GET, none, {}] as const,
      () => [defaults.PATCH, none, { method: 'PATCH', body: { maxInstances: 1000 } }] as const,
    ];
    for (const who of [people.owner.userId, stranger.id]) {
      for (const a of attempts) {
        const [h, p, o] = a();
        const r = await call(who, h as Handler<typeof p>, p, o);
        expect(r.status, `${o && 'method' in o ? o.method : 'GET'} as ${who === stranger.id ? 'stranger' : 'owner'}`).toBe(404);
      }
    }
    for (const a of attempts) {
      const [h, p, o] = a();
      expect((await call(null, h as Handler<typeof p>, p, o)).status).toBe(401);
    }
    expect(await digest()).toBe(d);
  });
});
