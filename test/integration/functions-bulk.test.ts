// Bulk function actions (POST /api/v1/tenants/{slug}/functions/actions), through the real route handler and database:
// each id gets its own result and the single delete's audit entry, another organisation's id answers not_found and is
// left untouched, a viewer is refused as a whole, bad bodies are field errors, and a suspended organisation may still
// delete.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createFunction } from '@/lib/functions/create-function';
import { POST } from '@/app/api/v1/tenants/[slug]/functions/actions/route';
import { call, sessionCaller } from '../helpers/api-call';
import { contextFor, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId(): string | null { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = sessionCaller;

const CODE = 'export default async () => ({ status: 200, body: "ok" })';
let fx: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const a = await tenantWith({ owner: 'owner', member: 'member', viewer: 'viewer' });
  const b = await tenantWith({ owner: 'owner' });
  const ctxA = await contextFor(a.people.owner.userId, a.tenant.id);
  const ctxB = await contextFor(b.people.owner.userId, b.tenant.id);
  const mk = async (ctx: typeof ctxA, name: string) => (await createFunction(ctx, { name, code: CODE })).id;
  const [f1, f2, f3, f4] = [await mk(ctxA, 'fn-1'), await mk(ctxA, 'fn-2'), await mk(ctxA, 'fn-3'), await mk(ctxA, 'fn-4')];
  const foreign = await mk(ctxB, 'b-secret');
  return { a, b, f1, f2, f3, f4, foreign };
}

beforeAll(async () => {
  fx = await setUp();
});

const post = (as: string, slug: string, body: unknown) => call(POST, { slug }, { as, method: 'POST', body });
const deletedAt = async (id: string) => (await db().serverlessFunction.findUniqueOrThrow({ where: { id } })).deletedAt;
const liveOf = (tenantId: string) => db().serverlessFunction.findMany({ where: { tenantId, deletedAt: null }, orderBy: { id: 'asc' } });

describe('POST /tenants/{slug}/functions/actions', () => {
  it('deletes several at once, one result and one audit entry each; another organisation’s id is not_found and untouched', async () => {
    const foreignBefore = await db().serverlessFunction.findUniqueOrThrow({ where: { id: fx.foreign } });
    const auditB = await db().auditEvent.count({ where: { tenantId: fx.b.tenant.id, outcome: 'success' } });
    const r = await post(fx.a.people.member.userId, fx.a.tenant.slug, { action: 'delete', ids: [fx.f1, fx.foreign, fx.f2] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      action: 'delete',
      results: [
        { id: fx.f1, ok: true },
        { id: fx.foreign, ok: false, code: 'not_found', message: expect.any(String) },
        { id: fx.f2, ok: true },
      ],
    });
    expect(await deletedAt(fx.f1)).toBeInstanceOf(Date);
    expect(await deletedAt(fx.f2)).toBeInstanceOf(Date);
    expect(await deletedAt(fx.f3)).toBeNull();
    expect(await db().serverlessFunction.findUniqueOrThrow({ where: { id: fx.foreign } })).toEqual(foreignBefore);
    expect(await db().auditEvent.count({ where: { tenantId: fx.b.tenant.id, outcome: 'success' } })).toBe(auditB);
    const audit = await db().auditEvent.findMany({ where: { tenantId: fx.a.tenant.id, action: 'function.deleted', outcome: 'success' } });
    expect(audit.map((e: { targetId: string | null }) => e.targetId).sort()).toEqual([fx.f1, fx.f2].sort());
    expect(audit.every((e: { actorId: string | null }) => e.actorId === fx.a.people.member.userId)).toBe(true);
  });

  it('an id already deleted is not_found the second time; the rest still go through', async () => {
    const r = await post(fx.a.people.owner.userId, fx.a.tenant.slug, { action: 'delete', ids: [fx.f1, fx.f3] });
    expect(r.body.results).toEqual([
      { id: fx.f1, ok: false, code: 'not_found', message: expect.any(String) },
      { id: fx.f3, ok: true },
    ]);
  });

  it('from the other organisation, A’s ids are all not_found and nothing changes; B’s slug in A’s session is 404', async () => {
    const before = await liveOf(fx.a.tenant.id);
    const r = await post(fx.b.people.owner.userId, fx.b.tenant.slug, { action: 'delete', ids: [fx.f4] });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([{ id: fx.f4, ok: false, code: 'not_found', message: expect.any(String) }]);
    expect(await liveOf(fx.a.tenant.id)).toEqual(before);
    const gate = await post(fx.a.people.owner.userId, fx.b.tenant.slug, { action: 'delete', ids: [fx.foreign] });
    expect(gate).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await deletedAt(fx.foreign)).toBeNull();
  });

  it('refuses a viewer as a whole (403) and bad bodies with a field error, changing nothing', async () => {
    const before = await liveOf(fx.a.tenant.id);
    const viewer = await post(fx.a.people.viewer.userId, fx.a.tenant.slug, { action: 'delete', ids: [fx.f4] });
    expect(viewer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    for (const [body, field] of [
      [{ action: 'delete', ids: [] }, 'ids'],
      [{ action: 'delete', ids: [fx.f4, fx.f4] }, 'ids'],
      [{ action: 'deploy', ids: [fx.f4] }, 'action'],
      [{ action: 'delete', ids: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 'ids'],
      [{ action: 'delete', ids: [fx.f4], extra: 1 }, 'extra'],
      [{ action: 'delete' }, 'ids'],
    ] as const) {
      const r = await post(fx.a.people.owner.userId, fx.a.tenant.slug, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'validation_failed' });
      expect(Object.keys((r.body as { errors: object }).errors)).toContain(field);
    }
    expect(await liveOf(fx.a.tenant.id)).toEqual(before);
  });

  it('a suspended organisation may still delete its functions', async () => {
    const s = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(s.people.owner.userId, s.tenant.id);
    const one = (await createFunction(ctx, { name: 'susp-1', code: CODE })).id;
    const two = (await createFunction(ctx, { name: 'susp-2', code: CODE })).id;
    await db().tenant.update({ where: { id: s.tenant.id }, data: { status: 'suspended', suspendedAt: new Date(), suspensionReason: 'unpaid' } });
    const del = await post(s.people.owner.userId, s.tenant.slug, { action: 'delete', ids: [one, two] });
    expect(del).toMatchObject({ status: 200, body: { action: 'delete', results: [{ id: one, ok: true }, { id: two, ok: true }] } });
    expect(await deletedAt(one)).toBeInstanceOf(Date);
    expect(await deletedAt(two)).toBeInstanceOf(Date);
  });
});
