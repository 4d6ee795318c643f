// The volumes API through its real route handlers (no engine: the reconciler does not run here): every volume route
// answers 404 to a member of another organisation, for the volume and for its snapshots, and changes nothing; one
// tenant's volume cannot be attached to another's instance; bad input is a 400 problem naming the field; delete while
// attached is a 409 with a clear message; a viewer can read but not create.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { removeVolume } from '@/lib/providers/volumes/store';
import { loadApiRoutes, routePath, type ApiRoute, type Method, type RouteHandler } from '../helpers/api-routes';
import { containerInput, contextFor, createUser, seedCatalog, tenantWith } from '../fixtures';
import { requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { reapDeletingTenants } from '@/lib/admin/tenant-deletion';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { meterPass } from '@/lib/billing/meter';
import { computeBill } from '@/lib/billing/bill';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const ORIGIN = 'http://localhost:3000';
let routes: ApiRoute[];
let a: { slug: string; owner: string; viewer: string; tenantId: string };
let b: { slug: string; owner: string; tenantId: string };
const volumeIds: string[] = [];

beforeAll(async () => {
  await seedCatalog();
  await seedPriceCatalogs(db());
  routes = await loadApiRoutes();
  const ta = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const tb = await tenantWith({ owner: 'owner' });
  a = { slug: ta.tenant.slug, owner: ta.people.owner.userId, viewer: ta.people.viewer.userId, tenantId: ta.tenant.id };
  b = { slug: tb.tenant.slug, owner: tb.people.owner.userId, tenantId: tb.tenant.id };
});

afterAll(async () => {
  for (const id of volumeIds) await removeVolume(id).catch(() => undefined);
});

async function call(userId: string, method: Method, pattern: string, params: Record<string, string>, body?: unknown) {
  const route = routes.find((r) => r.pattern === pattern)!;
  session.userId = userId;
  const headers: Record<string, string> = { origin: ORIGIN };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`${ORIGIN}${routePath(route, params)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await (route.handlers[method] as RouteHandler)(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Every table row that a volume route could change, as one comparable value. */
async function volumeState() {
  const [volumes, attachments, snapshots] = await Promise.all([
    db().volume.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, sizeGib: true, status: true, deletedAt: true } }),
    db().volumeAttachment.findMany({ orderBy: { volumeId: 'asc' } }),
    db().volumeSnapshot.findMany({ orderBy: { id: 'asc' }, select: { id: true, deletedAt: true } }),
  ]);
  return JSON.stringify({ volumes, attachments, snapshots });
}

describe('volumes API', () => {
  let volumeId: string;
  let snapshotId: string;
  let instanceA: string;
  let instanceB: string;

  it('create (201), list, get; a snapshot (201)', async () => {
    const made = await call(a.owner, 'POST', 'tenants/[slug]/volumes', { slug: a.slug }, { name: 'api-vol', sizeGib: 2 });
    expect(made.status).toBe(201);
    volumeId = made.json!.id as string;
    volumeIds.push(volumeId);
    const list = await call(a.viewer, 'GET', 'tenants/[slug]/volumes', { slug: a.slug });
    expect(list.status).toBe(200);
    expect(list.json!.volumes).toMatchObject([{ id: volumeId, name: 'api-vol', sizeGib: 2, status: 'available', attachedTo: null, usedBytes: null }]);
    const snap = await call(a.owner, 'POST', 'tenants/[slug]/volumes/[volumeId]/snapshots', { slug: a.slug, volumeId }, { name: 'first' });
    expect(snap.status).toBe(201);
    snapshotId = snap.json!.id as string;
    instanceA = (await createContainer(await contextFor(a.owner, a.tenantId), containerInput({ name: 'api-a', start: false }))).id;
    instanceB = (await createContainer(await contextFor(b.owner, b.tenantId), containerInput({ name: 'api-b', start: false }))).id;
  });

  it('another organisation’s member gets 404 on every volume route, and nothing changes', async () => {
    const before = await volumeState();
    const p = { slug: b.slug, volumeId };
    const ps = { ...p, snapshotId };
    const tries: [Method, string, Record<string, string>, unknown?][] = [
      ['GET', 'tenants/[slug]/volumes/[volumeId]', p],
      ['PATCH', 'tenants/[slug]/volumes/[volumeId]', p, { sizeGib: 3 }],
      ['DELETE', 'tenants/[slug]/volumes/[volumeId]', p],
      ['POST', 'tenants/[slug]/volumes/[volumeId]/attach', p, { instanceId: instanceB, mountPath: '/data' }],
      ['POST', 'tenants/[slug]/volumes/[volumeId]/detach', p],
      ['GET', 'tenants/[slug]/volumes/[volumeId]/snapshots', p],
      ['POST', 'tenants/[slug]/volumes/[volumeId]/snapshots', p, { name: 'theirs' }],
      ['DELETE', 'tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]', ps],
      ['POST', 'tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]/restore', ps],
      ['GET', 'tenants/[slug]/instances/[id]/volumes', { slug: b.slug, id: instanceA }],
    ];
    for (const [method, pattern, params, body] of tries) {
      const r = await call(b.owner, method, pattern, params, body);
      expect(r.status, `${method} ${pattern}`).toBe(404);
      expect(r.json!.code, `${method} ${pattern}`).toBe('not_found');
    }
    // The other organisation's own slug with A's ids, and A's slug with B's user: 404 too.
    expect((await call(b.owner, 'GET', 'tenants/[slug]/volumes/[volumeId]', { slug: a.slug, volumeId })).status).toBe(404);
    expect((await call(b.owner, 'GET', 'tenants/[slug]/volumes', { slug: b.slug })).json!.volumes).toEqual([]);
    expect(await volumeState()).toBe(before);
  });

  it('A cannot attach its volume to B’s instance (404, naming the field)', async () => {
    const before = await volumeState();
    const r = await call(a.owner, 'POST', 'tenants/[slug]/volumes/[volumeId]/attach', { slug: a.slug, volumeId }, { instanceId: instanceB, mountPath: '/data' });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'not_found', errors: { instanceId: expect.any(String) } });
    expect(await volumeState()).toBe(before);
  });

  it('bad input: 400 naming the field, nothing written', async () => {
    const before = await volumeState();
    const bad: [string, Record<string, string>, unknown, string][] = [
      ['tenants/[slug]/volumes', { slug: a.slug }, { name: 'Bad Name', sizeGib: 1 }, 'name'],
      ['tenants/[slug]/volumes', { slug: a.slug }, { name: 'big', sizeGib: 100000 }, 'sizeGib'],
      ['tenants/[slug]/volumes', { slug: a.slug }, { name: 'zero', sizeGib: 0 }, 'sizeGib'],
      ['tenants/[slug]/volumes/[volumeId]/attach', { slug: a.slug, volumeId }, { instanceId: instanceA, mountPath: '/../../etc' }, 'mountPath'],
      ['tenants/[slug]/volumes/[volumeId]/attach', { slug: a.slug, volumeId }, { instanceId: instanceA, mountPath: '/var/lib/docker/../x' }, 'mountPath'],
      ['tenants/[slug]/volumes/[volumeId]/attach', { slug: a.slug, volumeId }, { instanceId: instanceA, mountPath: '/data', hostPath: '/etc' }, 'hostPath'],
    ];
    for (const [pattern, params, body, field] of bad) {
      const r = await call(a.owner, 'POST', pattern, params, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((r.json!.errors ?? {}) as object), JSON.stringify(body)).toContain(field);
    }
    expect(await volumeState()).toBe(before);
  });

  it('delete while attached: 409 with a clear message; a viewer may not create', async () => {
    expect((await call(a.owner, 'POST', 'tenants/[slug]/volumes/[volumeId]/attach', { slug: a.slug, volumeId }, { instanceId: instanceA, mountPath: '/data' })).status).toBe(202);
    const del = await call(a.owner, 'DELETE', 'tenants/[slug]/volumes/[volumeId]', { slug: a.slug, volumeId });
    expect(del.status).toBe(409);
    expect(del.json).toMatchObject({ code: 'invalid_state', title: expect.stringMatching(/attached to api-a: detach it before deleting it/) });
    const attached = await call(a.viewer, 'GET', 'tenants/[slug]/instances/[id]/volumes', { slug: a.slug, id: instanceA });
    expect(attached.json!.volumes).toMatchObject([{ id: volumeId, mountPath: '/data', readOnly: false }]);
    const viewer = await call(a.viewer, 'POST', 'tenants/[slug]/volumes', { slug: a.slug }, { name: 'nope', sizeGib: 1 });
    expect(viewer.status).toBe(403);
    expect((await call(a.owner, 'POST', 'tenants/[slug]/volumes/[volumeId]/detach', { slug: a.slug, volumeId })).status).toBe(202);
    expect((await call(a.owner, 'DELETE', 'tenants/[slug]/volumes/[volumeId]', { slug: a.slug, volumeId })).status).toBe(204);
    expect((await call(a.owner, 'GET', 'tenants/[slug]/volumes/[volumeId]', { slug: a.slug, volumeId })).status).toBe(404);
  });
});

describe('volumes are metered and billed per GiB-month', () => {
  it('a 10 GiB volume that existed for 3 hours: 108,000 GiB-seconds, one bill line named after it, priced from the catalog', async () => {
    const made = await call(a.owner, 'POST', 'tenants/[slug]/volumes', { slug: a.slug }, { name: 'billed', sizeGib: 10 });
    const id = made.json!.id as string;
    const now = new Date();
    const hourStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    // Made three hours before the start of this hour (the month may have just begun: then start at its beginning).
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const createdAt = new Date(Math.max(monthStart.getTime(), hourStart.getTime() - 3 * 3_600_000));
    await db().volume.update({ where: { id }, data: { createdAt } });
    await meterPass(db(), { now: hourStart, tenantId: a.tenantId });
    const sum = await db().usageRecord.aggregate({ where: { tenantId: a.tenantId, provider: 'volumes', flavor: id }, _sum: { quantity: true } });
    const seconds = (hourStart.getTime() - createdAt.getTime()) / 1000;
    expect(Number(sum._sum.quantity)).toBe(seconds * 10);
    // Metering again writes the same hours, never adds.
    await meterPass(db(), { now: hourStart, tenantId: a.tenantId });
    const again = await db().usageRecord.aggregate({ where: { tenantId: a.tenantId, provider: 'volumes', flavor: id }, _sum: { quantity: true } });
    expect(Number(again._sum.quantity)).toBe(seconds * 10);
    if (seconds === 0) return;
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const bill = await computeBill(db(), a.tenantId, month);
    const line = bill.lines.find((l) => l.description === 'volume billed: disk');
    expect(line, JSON.stringify(bill.lines)).toMatchObject({ unit: 'disk_gib_month', provider: 'volumes' });
    expect(bill.unpriced).toEqual([]);
  });
});

describe('deleting an organisation with volumes', () => {
  it('goes through: its volumes, their snapshots and attachments go with it', async () => {
    const t = await tenantWith({ owner: 'owner' });
    const made = await call(t.people.owner.userId, 'POST', 'tenants/[slug]/volumes', { slug: t.tenant.slug }, { name: 'doomed-vol', sizeGib: 1 });
    expect(made.status).toBe(201);
    volumeIds.push(made.json!.id as string);
    expect((await call(t.people.owner.userId, 'POST', 'tenants/[slug]/volumes/[volumeId]/snapshots', { slug: t.tenant.slug, volumeId: made.json!.id as string }, { name: 's1' })).status).toBe(201);
    const admin = await createUser({ isPlatformAdmin: true });
    await requestTenantDeletion({ id: admin.id, email: admin.email, name: admin.name, isPlatformAdmin: true }, t.tenant.id, { confirm: t.tenant.slug, force: true });
    const report = await reapDeletingTenants(db(), () => {});
    expect(report.finished).toContain(t.tenant.id);
    expect(await db().tenant.count({ where: { id: t.tenant.id } })).toBe(0);
    expect(await db().volume.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect(await db().volumeSnapshot.count({ where: { tenantId: t.tenant.id } })).toBe(0);
  });
});
