// Issue 13, API conventions: cursor pagination (lib/api/pagination.ts) through the real route handlers and database.
// A list of 120 instances walked in pages of 50 while new ones are created between the pages gives every row exactly
// once, in order (rows sharing a creation time are ordered by id); filters (status, kind, image, name) narrow it and
// combine with the cursor; bad limits and cursors are clear 400 problems; another tenant's rows never appear and its
// list is a 404 for outsiders; the same scheme serves the functions, members and SSH keys lists.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import * as functionsRoute from '@/app/api/v1/tenants/[slug]/functions/route';
import * as membersRoute from '@/app/api/v1/tenants/[slug]/members/route';
import * as sshKeysRoute from '@/app/api/v1/me/ssh-keys/route';
import { encodeCursor } from '@/lib/api/pagination';
import { createFunction } from '@/lib/functions/create-function';
import { SEED_CODE } from '../helpers/api-seeds';
import { callerOf, callRoute } from '../helpers/route-call';
import { contextFor, createUser, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

type Item = { id: string; name: string; status: string; kind: string };
let slug: string;
let ownerId: string;
let tenantId: string;
let other: { slug: string; ownerId: string; id: string };
let serial = 0;

/** Instances written straight into the database (no engine work): `at` their creation time. */
async function insertInstances(tenant: string, n: number, at: (i: number) => Date, extra: (i: number) => { status?: 'running' | 'stopped'; imageId?: string } = () => ({})) {
  await db().instance.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      tenantId: tenant,
      name: `page-${++serial}`,
      kind: 'container' as const,
      provider: 'docker',
      flavorId: 'docker-nano',
      imageId: extra(i).imageId ?? 'docker-static-web',
      spec: {},
      desiredState: 'stopped' as const,
      status: extra(i).status ?? 'stopped',
      createdAt: at(i),
    })),
  });
}

const list = (query: Record<string, string>, as = ownerId, s = slug) => callRoute(as, instancesRoute.GET, { slug: s }, { query });

beforeAll(async () => {
  await seedCatalog();
  const a = await tenantWith({ owner: 'owner' });
  const b = await tenantWith({ owner: 'owner' });
  slug = a.tenant.slug;
  tenantId = a.tenant.id;
  ownerId = a.people.owner.userId;
  other = { slug: b.tenant.slug, ownerId: b.people.owner.userId, id: b.tenant.id };
  const base = Date.parse('2026-11-01T00:00:00Z');
  // 120 instances; every ten share one creation time, so the id decides between them.
  await insertInstances(tenantId, 120, (i) => new Date(base + Math.floor(i / 10) * 60_000), (i) => ({ status: i % 3 === 0 ? 'running' : 'stopped' }));
  await insertInstances(other.id, 5, () => new Date(base));
});

describe('cursor pagination of a list', () => {
  it('walks 120 instances in pages of 50 with inserts in between: each exactly once, newest first', async () => {
    const expected = (await db().instance.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })).map((r) => r.id);
    expect(expected).toHaveLength(120);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await list({ limit: '50', ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      const items = r.body.items as Item[];
      // The older key holds the same page (the console's own pages read it).
      expect((r.body.instances as Item[]).map((i) => i.id)).toEqual(items.map((i) => i.id));
      seen.push(...items.map((i) => i.id));
      cursor = r.body.nextCursor as string | null;
      pages++;
      // New instances arrive between the pages (newer than everything listed): they shift nothing.
      await insertInstances(tenantId, 3, () => new Date());
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(120);
    // A fresh walk starts with the newest, those inserted meanwhile included.
    const first = await list({ limit: '5' });
    expect((first.body.items as Item[]).map((i) => i.name)).toEqual(expect.arrayContaining([`page-${serial}`]));
    expect(first.body.total).toBe(129);
  });

  it('defaults to 50 a page and gives null as the last page’s nextCursor', async () => {
    const r = await list({ status: 'running' });
    expect((r.body.items as Item[]).length).toBe(40);
    expect(r.body.nextCursor).toBeNull();
    const all = await list({});
    expect((all.body.items as Item[]).length).toBe(50);
    expect(all.body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by status, kind, image and name, and the filters combine with the cursor', async () => {
    const running: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await list({ status: 'running', limit: '15', ...(cursor ? { cursor } : {}) });
      expect((r.body.items as Item[]).every((i) => i.status === 'running')).toBe(true);
      running.push(...(r.body.items as Item[]).map((i) => i.id));
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    expect(running).toHaveLength(40);
    expect(new Set(running).size).toBe(40);

    expect(((await list({ kind: 'vm' })).body.items as Item[]).length).toBe(0);
    expect((await list({ kind: 'container', limit: '200' })).body.total).toBe(129);
    expect((await list({ image: 'docker-static-web' })).body.total).toBe(129);
    expect((await list({ image: 'no-such-image' })).body.total).toBe(0);
    // Name: any part, any case.
    const byName = await list({ q: 'PAGE-1' });
    expect((byName.body.items as Item[]).every((i) => i.name.startsWith('page-1'))).toBe(true);
    const seven = ((await list({ q: 'page-7', limit: '200' })).body.items as Item[]).map((i) => i.name).sort();
    expect(seven).toEqual(['page-7', ...Array.from({ length: 10 }, (_, i) => `page-7${i}`)].sort());
    // Page numbers remain for the console's own list, and exclude a cursor.
    const numbered = await list({ page: '2', pageSize: '20' });
    expect(numbered.body).toMatchObject({ page: 2, pageSize: 20 });
    expect((numbered.body.items as Item[]).length).toBe(20);
  });

  it('refuses a bad limit or cursor with a clear 400 problem', async () => {
    for (const limit of ['0', '201', 'ten', '1.5', '-3']) {
      const r = await list({ limit });
      expect([r.status, r.body.code], limit).toEqual([400, 'validation_failed']);
      expect((r.body.errors as Record<string, string>).limit).toMatch(/1 to 200/);
    }
    const forged = Buffer.from(JSON.stringify({ k: 1, i: 'x' })).toString('base64url');
    for (const cursor of ['garbage!', 'bm90IGpzb24', forged, encodeCursor('not a date', 'x'), encodeCursor(new Date(), 'x', 'another-order')]) {
      const r = await list({ cursor });
      expect([r.status, r.body.code], cursor).toEqual([400, 'invalid_cursor']);
      expect(r.body.title).toMatch(/cursor/);
    }
    const both = await list({ page: '1', cursor: encodeCursor(new Date(), 'x') });
    expect([both.status, both.body.code]).toEqual([400, 'validation_failed']);
    expect((await list({ status: 'sleeping' })).status).toBe(400);
  });

  it('never shows another tenant’s rows, whatever the cursor; outsiders get 404', async () => {
    const mine = (await list({ limit: '200' })).body.items as Item[];
    const theirs = await db().instance.findMany({ where: { tenantId: other.id }, select: { id: true, createdAt: true } });
    expect(mine.some((i) => theirs.some((t) => t.id === i.id))).toBe(false);
    // A cursor naming the other tenant's row is only a position: it still lists this tenant's rows only.
    const c = encodeCursor(new Date(theirs[0]!.createdAt.getTime() + 1), theirs[0]!.id);
    const after = (await list({ cursor: c, limit: '200' })).body.items as Item[];
    expect(after.every((i) => mine.some((m) => m.id === i.id))).toBe(true);
    expect((await list({ limit: '200' }, other.ownerId, other.slug)).body.items as Item[]).toHaveLength(5);
    const outsider = await list({}, other.ownerId, slug);
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
  });
});

describe('the same scheme on other lists', () => {
  it('functions: filtered by name and status, paged by cursor', async () => {
    const ctx = await contextFor(ownerId, tenantId);
    for (let i = 0; i < 7; i++) await createFunction(ctx, { name: `fn-page-${i}`, code: SEED_CODE });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await callRoute(ownerId, functionsRoute.GET, { slug }, { query: { limit: '3', ...(cursor ? { cursor } : {}) } });
      expect(r.status).toBe(200);
      names.push(...(r.body.items as Item[]).map((i) => i.name));
      expect(r.body.functions).toEqual(r.body.items);
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `fn-page-${6 - i}`));
    const fns = (q: Record<string, string>) => callRoute(ownerId, functionsRoute.GET, { slug }, { query: q });
    expect(((await fns({ q: 'PAGE-3' })).body.items as Item[]).map((i) => i.name)).toEqual(['fn-page-3']);
    expect(((await fns({ status: 'ready' })).body.items as Item[]).length).toBe(7);
    expect(((await fns({ status: 'not_deployed' })).body.items as Item[]).length).toBe(0);
    expect((await fns({ status: 'maybe' })).body.code).toBe('validation_failed');
    expect((await fns({ cursor: 'x' })).body.code).toBe('invalid_cursor');
    expect((await callRoute(other.ownerId, functionsRoute.GET, { slug }, {})).status).toBe(404);
  });

  it('members and SSH keys: lists read whole in lib/ are paged the same way', async () => {
    for (let i = 0; i < 4; i++) {
      const u = await createUser({});
      await db().membership.create({ data: { tenantId, userId: u.id, role: 'viewer' } });
    }
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await callRoute(ownerId, membersRoute.GET, { slug }, { query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(r.status).toBe(200);
      expect(r.body.invitations).toEqual([]);
      ids.push(...(r.body.members as Item[]).map((m) => m.id));
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    const expected = (await db().membership.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((m) => m.id);
    expect(ids).toEqual(expected);
    expect((await callRoute(ownerId, membersRoute.GET, { slug }, { query: { limit: '500' } })).status).toBe(400);
    expect((await callRoute(other.ownerId, membersRoute.GET, { slug }, {})).status).toBe(404);

    const keys = await callRoute(ownerId, sshKeysRoute.GET, {}, { query: { limit: '10' } });
    expect(keys.body).toMatchObject({ items: [], sshKeys: [], nextCursor: null });
    expect((await callRoute(ownerId, sshKeysRoute.GET, {}, { query: { cursor: '%%%' } })).body.code).toBe('invalid_cursor');
    expect((await callRoute(ownerId, sshKeysRoute.GET, {}, { query: { color: 'red' } })).body.code).toBe('validation_failed');
  });
});
