// The audit log (issue 13): what is recorded — successes with the client address, writes the authorization layer
// refused, failures, sign-ins — and how it is read: the admin log and an organisation's log through their routes
// (filters, newest first, cursor pages, CSV that a spreadsheet cannot run), who may read which, and retention.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { route } from '@/lib/http';
import { runFormAction } from '@/lib/actions';
import { authorize, tenantContext } from '@/lib/auth/session';
import { checkCredentials } from '@/lib/auth/credentials';
import { parseTrustedProxies, pinClientAddress, type TrustedProxies } from '@/lib/server/client-address';
import { pruneAuditLog } from '@/lib/audit/retention';
import * as adminAudit from '@/app/api/v1/admin/audit/route';
import * as tenantAudit from '@/app/api/v1/tenants/[slug]/audit/route';
import * as retention from '@/app/api/v1/admin/settings/audit/route';
import * as adminQuota from '@/app/api/v1/admin/tenants/[id]/quota/route';
import * as budget from '@/app/api/v1/tenants/[slug]/budget/route';
import * as instance from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import { PASSWORD, createTenant, createUser, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
const CONSOLE = 'http://console.test';

async function call<P>(
  as: string | null,
  h: Handler<P>,
  params: P,
  opts: { method?: string; path?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  session.userId = as;
  const method = opts.method ?? 'GET';
  const req = new Request(`${CONSOLE}${opts.path ?? '/api/v1/x'}`, {
    method,
    headers: {
      host: 'console.test',
      ...(method === 'GET' ? {} : { origin: CONSOLE, 'content-type': 'application/json' }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await h(req, { params: Promise.resolve(params) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, headers: res.headers, text, body: type.includes('json') ? JSON.parse(text) : null };
}

type Entry = { id: string; at: string; action: string; outcome: string; clientAddress: string | null; tenant: { slug: string } | null; actor: { email: string | null } | null; targetId: string | null; metadata: Record<string, unknown> };

/** Audit rows written directly, one minute apart going back from `start`, for the read-side tests. */
async function seedEntries(rows: { tenantId: string | null; actorId?: string | null; action: string; targetId?: string; outcome?: 'success' | 'refused' | 'failed'; metadata?: object }[], start = new Date()) {
  for (const [i, r] of rows.entries()) {
    await db().auditEvent.create({
      data: {
        tenantId: r.tenantId,
        actorId: r.actorId ?? null,
        action: r.action,
        targetType: 'test',
        targetId: r.targetId ?? null,
        outcome: r.outcome ?? 'success',
        metadata: r.metadata ?? {},
        createdAt: new Date(start.getTime() - i * 60_000),
      },
    });
  }
}

let admin: { id: string; email: string };
beforeAll(async () => {
  admin = await createUser({ isPlatformAdmin: true });
});

describe('recording', () => {
  it('records a success with its actor, tenant and the client address the web server pinned', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const r = await call(admin.id, adminQuota.PATCH, { id: tenant.id }, { method: 'PATCH', body: { maxInstances: 7 }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(r.status).toBe(200);
    const e = await db().auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'tenant.quota_changed' } });
    expect(e).toMatchObject({ actorId: admin.id, outcome: 'success', clientAddress: '203.0.113.9', targetType: 'tenant', targetId: tenant.id });
  });

  it('records writes refused by role, suspension, membership, the admin gate and the CSRF guard — not bad ids, not reads, not nobody', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
    const { tenant: other, people: stranger } = await tenantWith({ owner: 'owner' });
    const refusedBefore = await db().auditEvent.count({ where: { outcome: 'refused' } });
    const xff = { 'x-forwarded-for': '198.51.100.20' };

    // A viewer may not remove the budget (billing.manage): 403, recorded in the organisation's log.
    const path = `/api/v1/tenants/${tenant.slug}/budget`;
    expect((await call(people.viewer.userId, budget.DELETE, { slug: tenant.slug }, { method: 'DELETE', path, headers: xff })).status).toBe(403);
    const byRole = await db().auditEvent.findFirstOrThrow({ where: { actorId: people.viewer.userId, outcome: 'refused' } });
    expect(byRole).toMatchObject({
      tenantId: tenant.id,
      action: 'DELETE /api/v1/tenants/{slug}/budget',
      targetType: 'request',
      targetId: path,
      clientAddress: '198.51.100.20',
      metadata: { method: 'DELETE', code: 'forbidden', reason: 'role', policyAction: 'billing.manage' },
    });

    // An owner of another organisation: 404 to them, recorded as refused (not_member) in the admin log only.
    expect((await call(stranger.owner.userId, budget.DELETE, { slug: tenant.slug }, { method: 'DELETE', path })).status).toBe(404);
    const notMember = await db().auditEvent.findFirstOrThrow({ where: { actorId: stranger.owner.userId, outcome: 'refused' } });
    expect(notMember).toMatchObject({ tenantId: null, metadata: { code: 'not_found', reason: 'not_member' } });

    // A non-admin on an admin write: 404 (the admin area is not advertised), recorded as not_admin.
    expect((await call(people.owner.userId, adminQuota.PATCH, { id: other.id }, { method: 'PATCH', path: `/api/v1/admin/tenants/${other.id}/quota`, body: { maxInstances: 99 } })).status).toBe(404);
    const notAdmin = await db().auditEvent.findFirstOrThrow({ where: { actorId: people.owner.userId, outcome: 'refused' } });
    expect(notAdmin).toMatchObject({ tenantId: null, action: 'PATCH /api/v1/admin/tenants/{id}/quota', metadata: { code: 'not_found', reason: 'not_admin' } });
    expect((await db().quota.findUniqueOrThrow({ where: { tenantId: other.id } })).maxInstances).not.toBe(99);

    // A suspended organisation: its owner's write is refused (tenant_suspended) and recorded in its log.
    await db().tenant.update({ where: { id: other.id }, data: { status: 'suspended' } });
    expect((await call(stranger.owner.userId, budget.DELETE, { slug: other.slug }, { method: 'DELETE' })).status).toBe(409);
    expect(await db().auditEvent.findFirst({ where: { tenantId: other.id, outcome: 'refused', metadata: { path: ['reason'], equals: 'suspended' } } })).not.toBeNull();

    // A cross-site write carrying the victim's session cookie: refused by the CSRF guard, recorded against the victim.
    const csrf = await call(people.owner.userId, budget.DELETE, { slug: tenant.slug }, { method: 'DELETE', headers: { origin: 'http://evil.example', cookie: 'authjs.session-token=x' } });
    expect(csrf.body.code).toBe('cross_site_request');
    expect(await db().auditEvent.count({ where: { actorId: people.owner.userId, outcome: 'refused', metadata: { path: ['code'], equals: 'cross_site_request' } } })).toBe(1);

    const counted = await db().auditEvent.count({ where: { outcome: 'refused' } });
    // Not recorded: an unknown id (owner, own tenant), a read the role does not allow, a write from nobody.
    expect((await call(people.owner.userId, instance.DELETE, { slug: tenant.slug, id: 'no-such-instance' }, { method: 'DELETE' })).status).toBe(404);
    expect((await call(people.viewer.userId, tenantAudit.GET, { slug: tenant.slug })).status).toBe(403);
    expect((await call(null, budget.DELETE, { slug: tenant.slug }, { method: 'DELETE' })).status).toBe(401);
    expect(await db().auditEvent.count({ where: { outcome: 'refused' } })).toBe(counted);
    expect(counted - refusedBefore).toBe(5);
  });

  it('records a form action the authorization layer refused, like an API write', async () => {
    const { tenant, people } = await tenantWith({ viewer: 'viewer' });
    session.userId = people.viewer.userId;
    const fd = new FormData();
    fd.set('amount', '10');
    const state = await runFormAction(fd, async () => authorize(await tenantContext(tenant.slug), 'billing.manage'));
    expect(state).toMatchObject({ ok: false, message: 'Your role in this organisation does not allow that.' });
    const e = await db().auditEvent.findFirstOrThrow({ where: { actorId: people.viewer.userId } });
    expect(e).toMatchObject({ tenantId: tenant.id, outcome: 'refused', action: 'form', metadata: { method: 'POST', code: 'forbidden', policyAction: 'billing.manage' } });
  });

  it('records a write that failed on the console’s side, with the error id the server logged', async () => {
    const user = await createUser();
    const boom = route(async () => {
      throw new Error('engine on fire');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await call(user.id, boom, {}, { method: 'POST', path: '/api/v1/things' });
    errors.mockRestore();
    expect(r.status).toBe(500);
    const e = await db().auditEvent.findFirstOrThrow({ where: { actorId: user.id } });
    expect(e).toMatchObject({ outcome: 'failed', action: 'POST /api/v1/things', metadata: { code: 'internal', errorId: r.body.errorId } });
  });

  it('records sign-ins: success, wrong password and unknown email, with the address', async () => {
    const user = await createUser();
    const address = '192.0.2.44';
    expect((await checkCredentials({ email: user.email, password: 'wrong' }, { address })).ok).toBe(false);
    expect((await checkCredentials({ email: `nobody-${user.id}@example.test`, password: 'x' }, { address })).ok).toBe(false);
    expect((await checkCredentials({ email: user.email, password: PASSWORD }, { address })).ok).toBe(true);
    const rows = await db().auditEvent.findMany({ where: { action: 'user.sign_in', clientAddress: address }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.actorId, r.outcome])).toEqual([
      [user.id, 'refused'],
      [null, 'refused'],
      [user.id, 'success'],
    ]);
    expect(rows.every((r) => r.tenantId === null)).toBe(true);
  });
});

describe('client address: behind a trusted proxy vs reached directly', () => {
  let server: http.Server;
  let proxies: TrustedProxies = null;
  let base = '';
  beforeAll(async () => {
    // The console's web server in miniature (scripts/web-server.ts): pin the address, then hand the request to a route.
    server = http.createServer(async (req, res) => {
      pinClientAddress(req, proxies);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const id = req.url!.split('/')[5]!;
      const answer = await adminQuota.PATCH(new Request(`${CONSOLE}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({ id }) });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function patchFrom(tenantId: string, xff: string) {
    session.userId = admin.id;
    const res = await fetch(`${base}/api/v1/admin/tenants/${tenantId}/quota`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': xff },
      body: JSON.stringify({ maxInstances: 5 }),
    });
    expect(res.status).toBe(200);
    return (await db().auditEvent.findFirstOrThrow({ where: { tenantId, action: 'tenant.quota_changed' }, orderBy: { createdAt: 'desc' } })).clientAddress;
  }

  it('believes X-Forwarded-For only from a listed proxy, and then only its rightmost untrusted hop', async () => {
    const t = await createTenant();
    proxies = null;
    expect(await patchFrom(t.id, '198.51.100.7')).toBe('127.0.0.1');
    proxies = parseTrustedProxies('127.0.0.1');
    expect(await patchFrom(t.id, '198.51.100.7')).toBe('198.51.100.7');
    // A client that writes its own X-Forwarded-For in front of the proxy's entry does not choose its address.
    expect(await patchFrom(t.id, '10.9.9.9, 198.51.100.8')).toBe('198.51.100.8');
    proxies = parseTrustedProxies('10.0.0.0/8');
    expect(await patchFrom(t.id, '198.51.100.9')).toBe('127.0.0.1');
  });
});

describe('reading: the admin log', () => {
  it('filters by tenant, actor, action, outcome and time; newest first; cursor pages without gaps or repeats', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const other = await createTenant();
    const start = new Date(Date.UTC(2031, 0, 10, 12, 0, 0));
    await seedEntries(
      [
        ...Array.from({ length: 7 }, (_, i) => ({ tenantId: tenant.id, actorId: people.owner.userId, action: `instance.start`, targetId: `i${i}` })),
        { tenantId: tenant.id, actorId: admin.id, action: 'tenant.suspended' },
        { tenantId: other.id, actorId: admin.id, action: 'tenant.suspended' },
        { tenantId: tenant.id, actorId: people.owner.userId, action: 'DELETE /api/v1/x', outcome: 'refused' },
      ],
      start,
    );
    const q = (s: string) => call(admin.id, adminAudit.GET, {}, { path: `/api/v1/admin/audit?${s}` });

    const all = await q(`tenant=${tenant.slug}`);
    expect(all.status).toBe(200);
    const entries = all.body.entries as Entry[];
    expect(entries).toHaveLength(9);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
    expect(entries.every((e) => e.tenant?.slug === tenant.slug)).toBe(true);

    expect(((await q(`tenant=${tenant.id}&action=tenant.`)).body.entries as Entry[]).map((e) => e.action)).toEqual(['tenant.suspended']);
    expect(((await q(`action=tenant.suspended&actor=${admin.email.toUpperCase()}&from=2031-01-10&to=2031-01-10`)).body.entries as Entry[]).length).toBe(2);
    expect(((await q(`tenant=${tenant.slug}&outcome=refused`)).body.entries as Entry[]).map((e) => e.action)).toEqual(['DELETE /api/v1/x']);
    expect(((await q(`tenant=${tenant.slug}&actor=${people.owner.userId}&from=2031-01-10T11:57Z&to=2031-01-10T12:00:00Z`)).body.entries as Entry[]).map((e) => e.targetId)).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect((await q(`tenant=no-such-tenant`)).body.entries).toEqual([]);
    expect((await q(`actor=nobody@example.test`)).body.entries).toEqual([]);

    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; ; pages++) {
      const p = await q(`tenant=${tenant.slug}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(p.body.entries as Entry[]).map((e) => e.id));
      if (!p.body.nextCursor) {
        expect(pages).toBe(2);
        break;
      }
      cursor = p.body.nextCursor;
    }
    expect(seen).toEqual(entries.map((e) => e.id));

    for (const bad of ['cursor=garbage', 'from=yesterday', 'limit=0', 'limit=1000', 'outcome=maybe', 'format=xml', 'tenantt=x']) {
      const r = await q(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.code).toBe(bad.startsWith('cursor=') ? 'invalid_cursor' : 'validation_failed');
    }
  });

  it('exports CSV with every matching entry, escaped, and nothing a spreadsheet would run', async () => {
    const tenant = await createTenant();
    await seedEntries([
      { tenantId: tenant.id, action: '@SUM(A1)', targetId: '=HYPERLINK("http://evil.example","click")', metadata: { note: 'a,b "c"\nline' } },
      { tenantId: tenant.id, action: '-2+3', targetId: '+cmd' },
      ...Array.from({ length: 600 }, (_, i) => ({ tenantId: tenant.id, action: 'bulk.entry', targetId: `t${i}` })),
    ]);
    const r = await call(admin.id, adminAudit.GET, {}, { path: `/api/v1/admin/audit?tenant=${tenant.slug}&format=csv` });
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-platform-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe('time,tenant,actor,action,target_type,target_id,outcome,client_address,details,via');
    expect(lines[1]).toContain(`,${tenant.slug},,'@SUM(A1),test,"'=HYPERLINK(""http://evil.example"",""click"")",success,,"{""note"":""a,b \\""c\\""\\nline""}"`);
    expect(lines[2]).toContain(`,'-2+3,test,'+cmd,success,`);
    // 600 more than one page of the stream (500): all of them, and nothing else.
    expect(lines.filter((l) => l.includes(',bulk.entry,')).length).toBe(600);
    expect(lines.at(-1)).toBe('');
    expect(lines.length).toBe(1 + 602 + 1);
    // No cell of any line starts with a formula character.
    for (const line of lines.slice(1, -1)) expect(line.split(',').some((c) => /^[=+\-@]/.test(c)), line).toBe(false);
  });

  it('is for platform admins only', async () => {
    const { people } = await tenantWith({ owner: 'owner' });
    expect((await call(people.owner.userId, adminAudit.GET, {})).status).toBe(404);
    expect((await call(null, adminAudit.GET, {})).status).toBe(401);
  });
});

describe('reading: an organisation’s log', () => {
  it('shows owners and admins their organisation’s entries only — never another’s, never platform-level ones', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', admin: 'admin', member: 'member', viewer: 'viewer' });
    const { tenant: other, people: strangers } = await tenantWith({ owner: 'owner' });
    await seedEntries([
      { tenantId: tenant.id, actorId: people.member.userId, action: 'instance.created' },
      { tenantId: other.id, actorId: strangers.owner.userId, action: 'instance.created' },
      { tenantId: null, actorId: admin.id, action: 'platform.signup_disabled' },
      { tenantId: tenant.id, actorId: admin.id, action: 'tenant.quota_changed' },
    ]);
    const path = (q = '') => `/api/v1/tenants/${tenant.slug}/audit${q}`;
    for (const who of [people.owner.userId, people.admin.userId, admin.id]) {
      const r = await call(who, tenantAudit.GET, { slug: tenant.slug }, { path: path() });
      expect(r.status).toBe(200);
      const entries = r.body.entries as Entry[];
      expect(entries.map((e) => e.action).sort()).toEqual(['instance.created', 'tenant.quota_changed']);
      expect(entries.every((e) => e.tenant?.slug === tenant.slug)).toBe(true);
    }
    // The admin's change to the organisation is shown with who made it.
    const own = (await call(people.owner.userId, tenantAudit.GET, { slug: tenant.slug }, { path: path('?action=tenant.') })).body.entries as Entry[];
    expect(own.map((e) => e.actor?.email)).toEqual([admin.email]);
    // Members and viewers: 403; another organisation's owner: 404; nobody: 401.
    expect((await call(people.member.userId, tenantAudit.GET, { slug: tenant.slug })).status).toBe(403);
    expect((await call(people.viewer.userId, tenantAudit.GET, { slug: tenant.slug })).status).toBe(403);
    expect((await call(strangers.owner.userId, tenantAudit.GET, { slug: tenant.slug })).status).toBe(404);
    expect((await call(null, tenantAudit.GET, { slug: tenant.slug })).status).toBe(401);
    // The tenant comes from the URL: asking for another one is refused, not obeyed.
    const sneaky = await call(people.owner.userId, tenantAudit.GET, { slug: tenant.slug }, { path: path(`?tenant=${other.slug}`) });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.errors).toEqual({ tenant: 'Unknown field.' });
    // An actor filter naming someone of the other organisation finds nothing here.
    expect((await call(people.owner.userId, tenantAudit.GET, { slug: tenant.slug }, { path: path(`?actor=${strangers.owner.userId}`) })).body.entries).toEqual([]);
    // CSV too.
    const csv = await call(people.owner.userId, tenantAudit.GET, { slug: tenant.slug }, { path: path('?format=csv') });
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv.text).not.toContain(other.slug);
    expect(csv.text).not.toContain('platform.signup_disabled');
  });
});

describe('retention', () => {
  it('is a platform setting (default 365 days) that admins set through the API, audited; bad values and other users refused', async () => {
    const { people } = await tenantWith({ owner: 'owner' });
    expect((await call(admin.id, retention.GET, {})).body).toEqual({ retentionDays: 365 });
    for (const bad of [{ retentionDays: 0 }, { retentionDays: '30' }, { retentionDays: 1.5 }, { retentionDays: 4000 }, {}, { retentionDays: 30, other: 1 }]) {
      const r = await call(admin.id, retention.PUT, {}, { method: 'PUT', body: bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(people.owner.userId, retention.PUT, {}, { method: 'PUT', body: { retentionDays: 1 } })).status).toBe(404);
    expect((await call(admin.id, retention.GET, {})).body).toEqual({ retentionDays: 365 });
    const ok = await call(admin.id, retention.PUT, {}, { method: 'PUT', body: { retentionDays: 30 } });
    expect(ok.body).toEqual({ retentionDays: 30 });
    expect(await db().auditEvent.findFirst({ where: { action: 'platform.audit_retention_changed', actorId: admin.id } })).toMatchObject({ tenantId: null, metadata: { from: 365, to: 30 } });
  });

  it('the job deletes entries older than the setting and only those', async () => {
    const tenant = await createTenant();
    const now = new Date();
    const day = 86_400_000;
    await seedEntries([{ tenantId: tenant.id, action: 'keep.recent' }], new Date(now.getTime() - 29 * day));
    await seedEntries([{ tenantId: tenant.id, action: 'keep.edge' }], new Date(now.getTime() - 30 * day + 60_000));
    await seedEntries(Array.from({ length: 3 }, () => ({ tenantId: tenant.id, action: 'drop.old' })), new Date(now.getTime() - 31 * day));
    await seedEntries([{ tenantId: tenant.id, action: 'drop.ancient' }], new Date(now.getTime() - 400 * day));
    const removed = await pruneAuditLog(now, 30);
    expect(removed).toBeGreaterThanOrEqual(4);
    expect((await db().auditEvent.findMany({ where: { tenantId: tenant.id } })).map((e) => e.action).sort()).toEqual(['keep.edge', 'keep.recent']);
    // The setting is what the job uses when not told otherwise (30 days, from the test above).
    await seedEntries([{ tenantId: tenant.id, action: 'drop.again' }], new Date(now.getTime() - 31 * day));
    await pruneAuditLog(now);
    expect(await db().auditEvent.count({ where: { tenantId: tenant.id } })).toBe(2);
  });
});
