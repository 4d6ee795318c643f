// The quota through the API (issue 12 finding 4: the functions' limits are shown and settable): GET
// /api/v1/tenants/{slug}/quota for owners and admins of the organisation, PATCH /api/v1/admin/tenants/{id}/quota for
// platform admins — bad input refused with nothing written, null restoring the console's default.
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as quota from '@/app/api/v1/tenants/[slug]/quota/route';
import * as adminQuota from '@/app/api/v1/admin/tenants/[id]/quota/route';
import { createUser, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P>(as: string, h: Handler<P>, params: P, method = 'GET', body?: unknown) {
  session.userId = as;
  const req = new Request('http://console.test/api/v1/x', {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await h(req, { params: Promise.resolve(params) });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

describe('quota API', () => {
  it('shows every limit with its use — the functions’ ones too — to owners, not to viewers', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
    const r = await call(people.owner.userId, quota.GET, { slug: tenant.slug });
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries((r.body.quota as { key: string }[]).map((q) => [q.key, q]));
    expect(Object.keys(byKey).sort()).toEqual(['diskGib', 'functionContainers', 'functionLogBytes', 'functionRequestsPerSecond', 'functions', 'instances', 'memoryMib', 'registryBytes', 'vcpus']);
    expect(byKey.functionLogBytes).toMatchObject({ used: 0, limit: 64 * 1024 * 1024, unit: 'bytes', isDefault: true });
    expect(byKey.functionContainers).toMatchObject({ used: 0, limit: 8, isDefault: true });
    expect(byKey.functionRequestsPerSecond).toMatchObject({ used: null, limit: 200, unit: 'per_second', isDefault: true });
    expect((await call(people.viewer.userId, quota.GET, { slug: tenant.slug })).status).toBe(403);
  });

  it('lets platform admins set the functions’ limits (null = the default again); refuses bad input and other users, writing nothing', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const admin = await createUser({ isPlatformAdmin: true });
    const set = await call(admin.id, adminQuota.PATCH, { id: tenant.id }, 'PATCH', { maxFnLogMib: 5, maxFnContainers: 3, maxFnRequestsPerSecond: 50 });
    expect(set.status).toBe(200);
    const shown = (await call(people.owner.userId, quota.GET, { slug: tenant.slug })).body.quota as { key: string; limit: number; isDefault: boolean }[];
    expect(shown.find((q) => q.key === 'functionLogBytes')).toMatchObject({ limit: 5 * 1024 * 1024, isDefault: false });
    expect(shown.find((q) => q.key === 'functionContainers')).toMatchObject({ limit: 3, isDefault: false });
    expect(shown.find((q) => q.key === 'functionRequestsPerSecond')).toMatchObject({ limit: 50, isDefault: false });
    const audit = await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'tenant.quota_changed' } });
    expect(audit?.metadata).toEqual({ maxFnLogMib: 5, maxFnContainers: 3, maxFnRequestsPerSecond: 50 });

    const before = await db().quota.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    for (const bad of [{ maxFnLogMib: 0 }, { maxFnContainers: -1 }, { maxFnRequestsPerSecond: true }, { maxFnLogMib: '5' }, { maxFnLogMib: 1.5 }, { maxInstances: null }, { other: 1 }, { maxFnLogMib: 1e12 }]) {
      const r = await call(admin.id, adminQuota.PATCH, { id: tenant.id }, 'PATCH', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
    expect((await call(people.owner.userId, adminQuota.PATCH, { id: tenant.id }, 'PATCH', { maxFnLogMib: 1000 })).status).toBe(404);
    expect((await call(admin.id, adminQuota.PATCH, { id: 'no-such-tenant' }, 'PATCH', { maxFnLogMib: 1 })).status).toBe(404);
    expect(await db().quota.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toEqual(before);

    expect((await call(admin.id, adminQuota.PATCH, { id: tenant.id }, 'PATCH', { maxFnLogMib: null })).status).toBe(200);
    expect((await db().quota.findUniqueOrThrow({ where: { tenantId: tenant.id } })).maxFnLogMib).toBeNull();
  });
});
