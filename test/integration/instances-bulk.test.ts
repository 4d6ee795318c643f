// Bulk instance actions (POST /api/v1/tenants/{slug}/instances/actions), through the real route handler and database:
// each id gets its own result, each allowed one is the single action's desired-state write (event + audit entry),
// another organisation's id answers not_found and is left untouched, suspension allows stop/delete only, viewers are
// refused as a whole; and the list's sort.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { listInstances } from '@/lib/instances/queries';
import { POST } from '@/app/api/v1/tenants/[slug]/instances/actions/route';
import { call, sessionCaller } from '../helpers/api-call';
import { containerInput, contextFor, errorOf, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId(): string | null { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = sessionCaller;

let fx: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  await seedCatalog();
  const a = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const b = await tenantWith({ owner: 'owner' });
  const ctxA = await contextFor(a.people.owner.userId, a.tenant.id);
  const ctxB = await contextFor(b.people.owner.userId, b.tenant.id);
  const mk = async (ctx: typeof ctxA, name: string) => (await createContainer(ctx, containerInput({ name, start: true }))).id;
  const [web1, web2, web3] = [await mk(ctxA, 'web-1'), await mk(ctxA, 'web-2'), await mk(ctxA, 'web-3')];
  const foreign = await mk(ctxB, 'b-secret');
  // As the reconciler would leave them: running.
  await db().instance.updateMany({ where: { id: { in: [web1, web2, web3, foreign] } }, data: { status: 'running' } });
  return { a, b, ctxA, web1, web2, web3, foreign };
}

beforeAll(async () => {
  fx = await setUp();
});

const post = (as: string, slug: string, body: unknown) => call(POST, { slug }, { as, method: 'POST', body });
const state = async (id: string) => (await db().instance.findUniqueOrThrow({ where: { id } })).desiredState;

describe('POST /tenants/{slug}/instances/actions', () => {
  it('stops several at once, one result each; another organisation’s id is not_found and untouched', async () => {
    const eventsBefore = await db().instanceEvent.count({ where: { instanceId: fx.web1, type: 'requested' } });
    const foreignBefore = await db().instance.findUniqueOrThrow({ where: { id: fx.foreign } });
    const auditBefore = await db().auditEvent.count({ where: { tenantId: fx.b.tenant.id, outcome: 'success' } });
    const r = await post(fx.a.people.owner.userId, fx.a.tenant.slug, { action: 'stop', ids: [fx.web1, fx.foreign, fx.web2] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      action: 'stop',
      results: [
        { id: fx.web1, ok: true },
        { id: fx.foreign, ok: false, code: 'not_found', message: 'No such instance.' },
        { id: fx.web2, ok: true },
      ],
    });
    expect([await state(fx.web1), await state(fx.web2), await state(fx.web3)]).toEqual(['stopped', 'stopped', 'running']);
    const foreignAfter = await db().instance.findUniqueOrThrow({ where: { id: fx.foreign } });
    expect(foreignAfter).toEqual(foreignBefore);
    expect(await db().auditEvent.count({ where: { tenantId: fx.b.tenant.id, outcome: 'success' } })).toBe(auditBefore);
    // The same trail as two single stops: an event and an audit entry each.
    const audit = await db().auditEvent.findMany({ where: { tenantId: fx.a.tenant.id, action: 'instance.stop', outcome: 'success' } });
    expect(audit.map((e: { targetId: string | null }) => e.targetId).sort()).toEqual([fx.web1, fx.web2].sort());
    expect(await db().instanceEvent.count({ where: { instanceId: fx.web1, type: 'requested' } })).toBe(eventsBefore + 1);
  });

  it('reports a state refusal per id and still acts on the rest', async () => {
    const r = await post(fx.a.people.owner.userId, fx.a.tenant.slug, { action: 'stop', ids: [fx.web1, fx.web3] });
    expect(r.body.results).toEqual([
      { id: fx.web1, ok: false, code: 'invalid_state', message: expect.stringContaining('Cannot stop') },
      { id: fx.web3, ok: true },
    ]);
  });

  it('from the other organisation, A’s ids are all not_found and nothing changes', async () => {
    const before = await db().instance.findMany({ where: { tenantId: fx.a.tenant.id }, orderBy: { id: 'asc' } });
    const r = await post(fx.b.people.owner.userId, fx.b.tenant.slug, { action: 'delete', ids: [fx.web1, fx.web2, fx.web3] });
    expect(r.status).toBe(200);
    expect((r.body.results as { code: string }[]).map((x) => x.code)).toEqual(['not_found', 'not_found', 'not_found']);
    expect(await db().instance.findMany({ where: { tenantId: fx.a.tenant.id }, orderBy: { id: 'asc' } })).toEqual(before);
    // And B's slug in A's session is the gate's 404.
    const gate = await post(fx.a.people.owner.userId, fx.b.tenant.slug, { action: 'delete', ids: [fx.foreign] });
    expect(gate.status).toBe(404);
    expect(await state(fx.foreign)).toBe('running');
  });

  it('refuses a viewer as a whole (403) and bad bodies with a field error, changing nothing', async () => {
    const before = await db().instance.findMany({ where: { tenantId: fx.a.tenant.id }, orderBy: { id: 'asc' } });
    const viewer = await post(fx.a.people.viewer.userId, fx.a.tenant.slug, { action: 'stop', ids: [fx.web3] });
    expect(viewer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    for (const [body, field] of [
      [{ action: 'stop', ids: [] }, 'ids'],
      [{ action: 'stop', ids: [fx.web3, fx.web3] }, 'ids'],
      [{ action: 'explode', ids: [fx.web3] }, 'action'],
      [{ action: 'stop', ids: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 'ids'],
      [{ action: 'stop', ids: [fx.web3], extra: 1 }, 'extra'],
    ] as const) {
      const r = await post(fx.a.people.owner.userId, fx.a.tenant.slug, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'validation_failed' });
      expect(Object.keys((r.body as { errors: object }).errors)).toContain(field);
    }
    expect(await db().instance.findMany({ where: { tenantId: fx.a.tenant.id }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('while suspended: stop and delete go through, start is refused for the whole request', async () => {
    const s = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(s.people.owner.userId, s.tenant.id);
    const one = (await createContainer(ctx, containerInput({ name: 'susp-1', start: true }))).id;
    const two = (await createContainer(ctx, containerInput({ name: 'susp-2', start: true }))).id;
    await db().instance.updateMany({ where: { id: { in: [one, two] } }, data: { status: 'running' } });
    await db().tenant.update({ where: { id: s.tenant.id }, data: { status: 'suspended', suspendedAt: new Date(), suspensionReason: 'unpaid' } });
    const start = await post(s.people.owner.userId, s.tenant.slug, { action: 'restart', ids: [one] });
    expect(start).toMatchObject({ status: 409, body: { code: 'tenant_suspended' } });
    expect(await state(one)).toBe('running');
    const stop = await post(s.people.owner.userId, s.tenant.slug, { action: 'stop', ids: [one] });
    expect(stop.body.results).toEqual([{ id: one, ok: true }]);
    const del = await post(s.people.owner.userId, s.tenant.slug, { action: 'delete', ids: [one, two] });
    expect(del.body.results).toEqual([{ id: one, ok: true }, { id: two, ok: true }]);
    expect([await state(one), await state(two)]).toEqual(['deleted', 'deleted']);
  });
});

describe('the list’s sort (numbered pages)', () => {
  it('orders by name either way, and refuses sort without page numbers', async () => {
    const asc = await listInstances(fx.ctxA, { sort: 'name', page: 1, pageSize: 10 });
    expect(asc.instances.map((i) => i.name)).toEqual(['web-1', 'web-2', 'web-3']);
    const desc = await listInstances(fx.ctxA, { sort: '-name', page: 1, pageSize: 10, q: 'WEB' });
    expect(desc.instances.map((i) => i.name)).toEqual(['web-3', 'web-2', 'web-1']);
    expect(await errorOf(() => listInstances(fx.ctxA, { sort: 'name' }))).toMatchObject({ code: 'validation_failed', fields: { sort: expect.any(String) } });
    expect(await errorOf(() => listInstances(fx.ctxA, { sort: 'secret', page: 1 }))).toMatchObject({ code: 'validation_failed', fields: { sort: expect.any(String) } });
  });
});
