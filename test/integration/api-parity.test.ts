// Issue 13, "everything the console does is in /api/v1": the routes added for the console's actions that had none —
// the organisation (read; rename, as Settings does), sign-up, and accepting an invitation by its link's token — through
// the real handlers and database: they do what the page does, are audited, and another tenant's member, a lower role
// and nobody signed in are refused with nothing changed.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as tenantRoute from '@/app/api/v1/tenants/[slug]/route';
import * as signupRoute from '@/app/api/v1/signup/route';
import * as acceptRoute from '@/app/api/v1/invitations/[token]/accept/route';
import { inviteMember } from '@/lib/tenants/members';
import { checkCredentials } from '@/lib/auth/credentials';
import { callerOf, callRoute } from '../helpers/route-call';
import { contextFor, createUser, tenantWith, uniqueSuffix } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

let a: Awaited<ReturnType<typeof tenantWith<'owner' | 'viewer'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
const successes = (action: string) => db().auditEvent.count({ where: { action, outcome: 'success' } });

beforeAll(async () => {
  a = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  b = await tenantWith({ owner: 'owner' });
});

describe('GET/PATCH /api/v1/tenants/{slug}', () => {
  it('shows the organisation with the caller’s role, and an owner renames it (audited; the slug stays)', async () => {
    const got = await callRoute(a.people.viewer.userId, tenantRoute.GET, { slug: a.tenant.slug });
    expect(got).toMatchObject({ status: 200, body: { id: a.tenant.id, slug: a.tenant.slug, name: a.tenant.name, status: 'active', role: 'viewer' } });
    const renamed = await callRoute(a.people.owner.userId, tenantRoute.PATCH, { slug: a.tenant.slug }, { method: 'PATCH', body: { name: '  Renamed Org ' } });
    expect(renamed).toMatchObject({ status: 200, body: { slug: a.tenant.slug, name: 'Renamed Org', role: 'owner' } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).name).toBe('Renamed Org');
    expect(await successes('tenant.renamed')).toBe(1);
  });

  it('refuses a viewer, another tenant’s owner, nobody, and a bad name — nothing changes', async () => {
    const before = (await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).name;
    const cases = [
      { as: a.people.viewer.userId, body: { name: 'Viewer Was Here' }, want: [403, 'forbidden'] },
      { as: b.people.owner.userId, body: { name: 'Stranger Was Here' }, want: [404, 'not_found'] },
      { as: null, body: { name: 'Nobody Was Here' }, want: [401, 'unauthenticated'] },
      { as: a.people.owner.userId, body: { name: '' }, want: [400, 'validation_failed'] },
      { as: a.people.owner.userId, body: { name: 'Ok', slug: 'hijack' }, want: [400, 'validation_failed'] },
    ];
    for (const c of cases) {
      const r = await callRoute(c.as, tenantRoute.PATCH, { slug: a.tenant.slug }, { method: 'PATCH', body: c.body });
      expect([r.status, r.body.code], JSON.stringify(c.body)).toEqual(c.want);
    }
    expect((await callRoute(b.people.owner.userId, tenantRoute.GET, { slug: a.tenant.slug })).status).toBe(404);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).name).toBe(before);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).slug).toBe(a.tenant.slug);
  });
});

describe('POST /api/v1/signup', () => {
  it('creates the account and its organisation (owner); a taken email or closed sign-up is refused', async () => {
    const email = `signup-${uniqueSuffix()}@example.test`;
    const body = { name: 'New Person', email, password: 'a long enough passphrase', organisation: 'New Person Org' };
    const r = await callRoute(null, signupRoute.POST, {}, { method: 'POST', body });
    expect(r.status).toBe(201);
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { tenant: true } } } });
    expect(r.body).toEqual({ userId: user.id, tenantSlug: user.memberships[0]!.tenant.slug });
    expect(user.memberships.map((m) => m.role)).toEqual(['owner']);
    expect((await checkCredentials({ email, password: body.password }, { address: '198.18.9.1', userAgent: 't' })).ok).toBe(true);

    const users = await db().user.count();
    expect((await callRoute(null, signupRoute.POST, {}, { method: 'POST', body })).status).toBe(409);
    expect((await callRoute(null, signupRoute.POST, {}, { method: 'POST', body: { ...body, email: `x-${email}`, isPlatformAdmin: true } })).body.code).toBe('validation_failed');
    await db().setting.upsert({ where: { key: 'signup.enabled' }, create: { key: 'signup.enabled', value: false }, update: { value: false } });
    try {
      const closed = await callRoute(null, signupRoute.POST, {}, { method: 'POST', body: { ...body, email: `y-${email}` } });
      expect([closed.status, closed.body.code]).toEqual([403, 'signup_disabled']);
    } finally {
      await db().setting.deleteMany({ where: { key: 'signup.enabled' } });
    }
    expect(await db().user.count()).toBe(users);
  });
});

describe('POST /api/v1/invitations/{token}/accept', () => {
  it('a new email’s link creates the account and membership once; an existing account must be signed in as itself', async () => {
    const ctx = await contextFor(b.people.owner.userId, b.tenant.id);
    const email = `invitee-${uniqueSuffix()}@example.test`;
    const inv = await inviteMember(ctx, { email, role: 'member' });
    const accept = (as: string | null, token: string, body: unknown = { name: 'Invitee', password: 'a long enough passphrase' }) =>
      callRoute(as, acceptRoute.POST, { token }, { method: 'POST', body });
    expect((await accept(null, 'not-a-token')).status).toBe(404);
    const r = await accept(null, inv.token);
    expect(r).toMatchObject({ status: 200, body: { tenantSlug: b.tenant.slug, email, createdAccount: true } });
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships.map((m) => [m.tenantId, m.role])).toEqual([[b.tenant.id, 'member']]);
    // Spent: a second use is a 404 and makes nothing.
    expect((await accept(null, inv.token)).status).toBe(404);
    expect(await db().user.count({ where: { email } })).toBe(1);

    // An invitation for an existing account: nobody signed in, or someone else, cannot take it.
    const existing = await createUser({});
    const inv2 = await inviteMember(ctx, { email: existing.email, role: 'viewer' });
    expect((await accept(null, inv2.token, {})).body.code).toBe('unauthenticated');
    expect((await accept(a.people.owner.userId, inv2.token, {})).body.code).toBe('unauthenticated');
    expect(await db().membership.count({ where: { userId: existing.id } })).toBe(0);
    const own = await accept(existing.id, inv2.token, {});
    expect(own).toMatchObject({ status: 200, body: { tenantSlug: b.tenant.slug, createdAccount: false } });
    expect(await db().membership.count({ where: { userId: existing.id, tenantId: b.tenant.id, role: 'viewer' } })).toBe(1);
  });
});
