// The /api/v1 functions routes as a client sees them (real route handlers, real database; only Auth.js's session
// lookup is replaced): another tenant's function is 404 on every route, exactly like a missing one, and nothing
// changes; viewers read but do not deploy, test or rotate; bad input is a problem with a stable code.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as list from '@/app/api/v1/tenants/[slug]/functions/route';
import * as one from '@/app/api/v1/tenants/[slug]/functions/[id]/route';
import * as deploy from '@/app/api/v1/tenants/[slug]/functions/[id]/deploy/route';
import * as versions from '@/app/api/v1/tenants/[slug]/functions/[id]/versions/route';
import * as version from '@/app/api/v1/tenants/[slug]/functions/[id]/versions/[versionId]/route';
import * as rollback from '@/app/api/v1/tenants/[slug]/functions/[id]/rollback/route';
import * as token from '@/app/api/v1/tenants/[slug]/functions/[id]/token/route';
import * as test from '@/app/api/v1/tenants/[slug]/functions/[id]/test/route';
import * as stats from '@/app/api/v1/tenants/[slug]/functions/[id]/stats/route';
import * as logs from '@/app/api/v1/tenants/[slug]/functions/[id]/logs/route';
import { appsAddress } from '@/lib/admin/apps-address';
import { tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const CODE = 'export default async function (req) { return { status: 200, body: "A" } }';

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P>(as: string, h: Handler<P>, params: P, method = 'GET', body?: unknown, path = '/x') {
  session.userId = as;
  const req = new Request(`http://console.test/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const res = await h(req, { params: Promise.resolve(params) });
  const text = res.status === 204 ? '' : await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text && !res.headers.get('content-type')?.includes('event-stream') ? JSON.parse(text) : text };
}

let fx: { a: Awaited<ReturnType<typeof tenantWith<'member' | 'viewer'>>>; b: Awaited<ReturnType<typeof tenantWith<'owner'>>>; fnId: string; v1: string; v2: string };

beforeAll(async () => {
  const a = await tenantWith({ member: 'member', viewer: 'viewer' });
  const b = await tenantWith({ owner: 'owner' });
  const created = await call(a.people.member.userId, list.POST, { slug: a.tenant.slug }, 'POST', { name: 'secret-fn', code: CODE, access: 'token', env: [{ name: 'K', value: 'v', secret: true }] });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'secret-fn', versionNumber: 1, invokeUrl: `${(await appsAddress()).functionsBaseUrl}/fn/${a.tenant.slug}/secret-fn`, token: expect.any(String) });
  const d = await call(a.people.member.userId, deploy.POST, { slug: a.tenant.slug, id: created.body.id }, 'POST', { code: CODE.replace('"A"', '"A2"') });
  expect(d.status).toBe(201);
  fx = { a, b, fnId: created.body.id, v1: created.body.versionId, v2: d.body.versionId };
});

async function snapshot() {
  const [fn, versionCount, audit] = await Promise.all([
    db().serverlessFunction.findUniqueOrThrow({ where: { id: fx.fnId } }),
    db().functionVersion.count(),
    // Refused attempts are audited too (outcome refused); nothing having changed means no new success.
    db().auditEvent.count({ where: { outcome: 'success' } }),
  ]);
  return { fn, versionCount, audit };
}

describe('another tenant’s function is not found on every route', () => {
  const routes = () =>
    [
      ['GET one', one.GET, 'GET', undefined],
      ['PATCH settings', one.PATCH, 'PATCH', { memoryMib: 256 }],
      ['DELETE', one.DELETE, 'DELETE', undefined],
      ['deploy', deploy.POST, 'POST', { code: CODE }],
      ['versions', versions.GET, 'GET', undefined],
      ['rollback', rollback.POST, 'POST', { versionId: fx.v1 }],
      ['token', token.POST, 'POST', undefined],
      ['test', test.POST, 'POST', { method: 'GET' }],
      ['stats', stats.GET, 'GET', undefined],
      ['logs', logs.GET, 'GET', undefined],
    ] as const;

  it('each answers 404 not_found for B’s owner in B — the same as for a missing id — and writes nothing', async () => {
    for (const [name, handler, method, body] of routes()) {
      const before = await snapshot();
      const theirs = await call(fx.b.people.owner.userId, handler as Handler<{ slug: string; id: string }>, { slug: fx.b.tenant.slug, id: fx.fnId }, method, body);
      const missing = await call(fx.b.people.owner.userId, handler as Handler<{ slug: string; id: string }>, { slug: fx.b.tenant.slug, id: 'c0000000000000000000000000' }, method, body);
      expect(theirs.status, name).toBe(404);
      expect(theirs.body, name).toEqual(missing.body);
      expect(theirs.body, name).toMatchObject({ code: 'not_found', title: 'No such function.' });
      expect(await snapshot(), name).toEqual(before);
    }
  });

  it('B’s owner cannot reach A’s function through A’s slug either (the tenant is not theirs)', async () => {
    const r = await call(fx.b.people.owner.userId, one.GET, { slug: fx.a.tenant.slug, id: fx.fnId });
    expect(r).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('a version id of A’s function is not found under B, and B’s list does not show A’s function', async () => {
    const v = await call(fx.b.people.owner.userId, version.GET, { slug: fx.b.tenant.slug, id: fx.fnId, versionId: fx.v1 });
    expect(v).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const l = await call(fx.b.people.owner.userId, list.GET, { slug: fx.b.tenant.slug });
    expect(l.body.functions).toEqual([]);
  });
});

describe('roles', () => {
  it('a viewer reads the function (secrets masked, no token) but may not deploy, test, roll back, rotate or delete', async () => {
    const viewer = fx.a.people.viewer.userId;
    const p = { slug: fx.a.tenant.slug, id: fx.fnId };
    const got = await call(viewer, one.GET, p);
    expect(got.status).toBe(200);
    expect(got.body.active.env).toEqual([{ name: 'K', value: '••••••••', secret: true }]);
    expect(got.body).not.toHaveProperty('tokenHash');
    const before = await snapshot();
    for (const [h, method, body] of [
      [deploy.POST, 'POST', { code: CODE }],
      [test.POST, 'POST', {}],
      [rollback.POST, 'POST', { versionId: fx.v1 }],
      [token.POST, 'POST', undefined],
      [one.DELETE, 'DELETE', undefined],
      [one.PATCH, 'PATCH', { timeoutMs: 1000 }],
    ] as const) {
      const r = await call(viewer, h as Handler<typeof p>, p, method, body);
      expect(r).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('bad input through the API', () => {
  it('a syntax error is 422 invalid_code with the line and column; code over 256 KiB is 413; bad JSON is 400', async () => {
    const m = fx.a.people.member.userId;
    const p = { slug: fx.a.tenant.slug, id: fx.fnId };
    const before = await snapshot();
    const bad = await call(m, deploy.POST, p, 'POST', { code: 'export default function () {\n\n  return {;\n}' });
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'invalid_code', line: 3, column: expect.any(Number), errors: { code: expect.stringMatching(/^Line 3: SyntaxError/) } });
    const big = await call(m, deploy.POST, p, 'POST', { code: `export default () => 1;//${'x'.repeat(300 * 1024)}` });
    expect(big).toMatchObject({ status: 413, body: { code: 'code_too_large' } });
    const json = await call(m, deploy.POST, p, 'POST', '{not json');
    expect(json).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const name = await call(m, list.POST, { slug: fx.a.tenant.slug }, 'POST', { name: 'Bad_Name', code: CODE });
    expect(name).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: { name: expect.any(String) } } });
    expect(await snapshot()).toEqual(before);
    // The active version is still v2.
    const got = await call(m, one.GET, p);
    expect(got.body.active).toMatchObject({ id: fx.v2, number: 2 });
  });

  it('rollback and token rotation work through the API; the new token replaces the old hash', async () => {
    const m = fx.a.people.member.userId;
    const p = { slug: fx.a.tenant.slug, id: fx.fnId };
    const r = await call(m, rollback.POST, p, 'POST', { versionId: fx.v1 });
    expect(r).toMatchObject({ status: 200, body: { versionNumber: 1 } });
    const vs = await call(m, versions.GET, p);
    expect(vs.body.activeVersionId).toBe(fx.v1);
    const before = (await db().serverlessFunction.findUniqueOrThrow({ where: { id: fx.fnId } })).tokenHash;
    const t = await call(m, token.POST, p, 'POST');
    expect(t).toMatchObject({ status: 201, body: { token: expect.any(String) } });
    expect((await db().serverlessFunction.findUniqueOrThrow({ where: { id: fx.fnId } })).tokenHash).not.toBe(before);
  });

  it('stats answer the figures of the function (none yet) and logs answer an event stream', async () => {
    const m = fx.a.people.member.userId;
    const p = { slug: fx.a.tenant.slug, id: fx.fnId };
    const s = await call(m, stats.GET, p, 'GET', undefined, '/x?minutes=30');
    expect(s).toMatchObject({ status: 200, body: { invocations: 0, errors: 0, p50Ms: null } });
    const bad = await call(m, stats.GET, p, 'GET', undefined, '/x?minutes=0');
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const l = await call(m, logs.GET, p, 'GET', undefined, '/x?tail=10');
    expect(l.status).toBe(200);
    expect(l.type).toMatch(/text\/event-stream/);
    expect(l.body).toContain('event: end');
  });
});
