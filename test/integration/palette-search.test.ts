// Issue 14, the command palette's search (GET …/search): names containing the text, any case, newest first, at most
// 8 of each kind, only live rows of the organisation the session's membership resolves — another tenant's
// instance with the same name never appears, and another organisation's search is a 404 for outsiders.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as searchRoute from '@/app/api/v1/tenants/[slug]/search/route';
import { callerOf, callRoute } from '../helpers/route-call';
import { seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

type Found = { instances: { id: string; name: string }[]; functions: { id: string; name: string }[] };
let a: { slug: string; id: string; viewer: string };
let b: { slug: string; id: string; owner: string };

async function instance(tenantId: string, name: string, deleted = false) {
  return db().instance.create({
    data: { tenantId, name, liveName: deleted ? null : name, kind: 'container', provider: 'docker', flavorId: 'docker-nano', imageId: 'docker-static-web', spec: {}, desiredState: 'stopped', status: 'stopped', deletedAt: deleted ? new Date() : null },
  });
}

beforeAll(async () => {
  await seedCatalog();
  const ta = await tenantWith({ viewer: 'viewer' });
  const tb = await tenantWith({ owner: 'owner' });
  a = { slug: ta.tenant.slug, id: ta.tenant.id, viewer: ta.people.viewer.userId };
  b = { slug: tb.tenant.slug, id: tb.tenant.id, owner: tb.people.owner.userId };
  await instance(a.id, 'Shop-Frontend');
  await instance(a.id, 'shop-backend');
  await instance(a.id, 'shop-old', true);
  for (let i = 0; i < 10; i++) await instance(a.id, `many-${i}`);
  await db().serverlessFunction.create({ data: { tenantId: a.id, name: 'shop-hook', liveName: 'shop-hook' } });
  await instance(b.id, 'shop-secret-of-b');
  await db().serverlessFunction.create({ data: { tenantId: b.id, name: 'shop-fn-of-b', liveName: 'shop-fn-of-b' } });
});

const search = (q: string, as: string, slug: string) => callRoute(as, searchRoute.GET, { slug }, { query: { q } });

describe('palette search', () => {
  it('finds the organisation’s live instances and functions by part of the name, any case', async () => {
    const r = await search('SHOP', a.viewer, a.slug);
    expect(r.status).toBe(200);
    const body = r.body as unknown as Found;
    expect(body.instances.map((i) => i.name).sort()).toEqual(['Shop-Frontend', 'shop-backend']);
    expect(body.functions.map((f) => f.name)).toEqual(['shop-hook']);
  });

  it('never shows another tenant’s rows, and is closed to outsiders', async () => {
    const mine = (await search('of-b', a.viewer, a.slug)).body as unknown as Found;
    expect(mine).toEqual({ instances: [], functions: [] });
    const outsider = await search('shop', b.owner, a.slug);
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
    const theirs = (await search('shop', b.owner, b.slug)).body as unknown as Found;
    expect(theirs.instances.map((i) => i.name)).toEqual(['shop-secret-of-b']);
  });

  it('answers at most 8 of each kind, newest first; a too long text is a 400 on q', async () => {
    const r = (await search('many', a.viewer, a.slug)).body as unknown as Found;
    expect(r.instances.map((i) => i.name)).toEqual(['many-9', 'many-8', 'many-7', 'many-6', 'many-5', 'many-4', 'many-3', 'many-2']);
    const long = await search('x'.repeat(101), a.viewer, a.slug);
    expect([long.status, (long.body.errors as Record<string, string>).q]).toEqual([400, 'Search for at most 100 characters.']);
  });
});
