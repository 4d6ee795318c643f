// Issue 12 finding 1 (cross-site request forgery) through the real /api/v1 route handlers and the real database:
// a write that carries the session cookie but comes from another site (Origin evil, `null` or missing) or sends a
// body a foreign page can send (text/plain, a form) is refused with a stable problem and writes nothing; the same
// write from the console's own page with JSON still works. Every state-changing route in the app is covered (the
// list is read from app/api/v1, not written by hand). Only Auth.js's session lookup is replaced.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as members from '@/app/api/v1/tenants/[slug]/members/route';
import * as budget from '@/app/api/v1/tenants/[slug]/budget/route';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { tenantWith, uniqueSuffix } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const CONSOLE = 'http://console.test';
const COOKIE = 'authjs.session-token=stands-for-a-real-one';
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

async function call<P>(h: Handler<P>, params: P, method: string, headers: Record<string, string>, body?: string) {
  const req = new Request(`${CONSOLE}/api/v1/x`, { method, headers: { host: 'console.test', cookie: COOKIE, ...headers }, body });
  const res = await h(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

let fx: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
const state = async () => ({
  members: await db().membership.count({ where: { tenantId: fx.tenant.id } }),
  invitations: await db().invitation.count({ where: { tenantId: fx.tenant.id } }),
  budget: await db().budget.findUnique({ where: { tenantId: fx.tenant.id } }),
  audit: await db().auditEvent.count({ where: { tenantId: fx.tenant.id } }),
});

beforeAll(async () => {
  await seedPriceCatalogs(db());
  fx = await tenantWith({ owner: 'owner' });
});

describe('forged writes with the victim’s session cookie change nothing', () => {
  const attack = JSON.stringify({ email: `attacker-${uniqueSuffix()}@evil.example`, role: 'owner' });
  const cases: { headers: Record<string, string>; want: [number, string]; reason: string }[] = [
    { headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, want: [403, 'cross_site_request'], reason: 'evil Origin, text/plain (fetch no-cors)' },
    { headers: { origin: 'http://localhost:40001', 'content-type': 'text/plain' }, want: [403, 'cross_site_request'], reason: 'a tenant app on another port' },
    { headers: { origin: 'null', 'content-type': 'application/json' }, want: [403, 'cross_site_request'], reason: 'Origin null' },
    { headers: { 'content-type': 'application/json' }, want: [403, 'cross_site_request'], reason: 'no Origin, no Sec-Fetch-Site' },
    { headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, want: [403, 'cross_site_request'], reason: 'no Origin, cross-site form' },
    { headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, want: [403, 'cross_site_request'], reason: 'evil Origin, JSON (needs a preflight a browser would not pass, refused anyway)' },
    { headers: { origin: CONSOLE, 'content-type': 'text/plain' }, want: [415, 'unsupported_media_type'], reason: 'right Origin, text/plain' },
    { headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, want: [415, 'unsupported_media_type'], reason: 'same-origin form post' },
  ];

  for (const c of cases) {
    it(`POST members: ${c.reason} → ${c.want.join(' ')}`, async () => {
      session.userId = fx.people.owner.userId;
      const before = await state();
      const res = await call(members.POST, { slug: fx.tenant.slug }, 'POST', c.headers, attack);
      expect([res.status, res.body?.code]).toEqual(c.want);
      expect(res.type).toBe('application/problem+json');
      expect(await state()).toEqual(before);
    });
    it(`PUT budget: ${c.reason} → ${c.want.join(' ')}`, async () => {
      session.userId = fx.people.owner.userId;
      const before = await state();
      const body = c.headers['content-type']?.includes('form') ? 'amount=1&blockCreates=true' : JSON.stringify({ amount: 1, blockCreates: true });
      const res = await call(budget.PUT, { slug: fx.tenant.slug }, 'PUT', c.headers, body);
      expect([res.status, res.body?.code]).toEqual(c.want);
      expect(await state()).toEqual(before);
    });
  }

  it('the same requests from the console’s own page, as JSON, still work', async () => {
    session.userId = fx.people.owner.userId;
    const put = await call(budget.PUT, { slug: fx.tenant.slug }, 'PUT', { origin: CONSOLE, 'content-type': 'application/json' }, JSON.stringify({ amount: 7, blockCreates: false }));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await state()).budget?.amountMinor).toBe(700);
    const viaFetchMetadata = await call(members.POST, { slug: fx.tenant.slug }, 'POST', { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, JSON.stringify({ email: `friend-${uniqueSuffix()}@example.test`, role: 'viewer' }));
    expect(viaFetchMetadata.status).toBe(201);
  });
});

/** Every route.ts under app/api/v1 with its state-changing methods. */
function writeRoutes(): { file: string; method: string }[] {
  const root = path.resolve('app/api/v1');
  const out: { file: string; method: string }[] = [];
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    if (path.basename(rel) !== 'route.ts') continue;
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      if (new RegExp(`export (const|async function) ${m}\\b`).test(text)) out.push({ file: rel, method: m });
    }
  }
  return out;
}

describe('every state-changing /api/v1 route refuses a cross-site request with the session cookie', () => {
  const routes = writeRoutes();
  it('finds the routes', () => expect(routes.length).toBeGreaterThan(20));
  for (const r of routes) {
    it(`${r.method} ${r.file}`, async () => {
      // A platform admin: had the request reached the handler, it could have done anything.
      session.userId = (await db().user.create({ data: { email: `pa-${uniqueSuffix()}@example.test`, name: 'PA', passwordHash: 'x', isPlatformAdmin: true } })).id;
      const mod = (await import(`@/app/api/v1/${r.file.replace(/\.ts$/, '')}`)) as Record<string, Handler<Record<string, string>>>;
      const params = new Proxy({}, { get: () => 'whatever' }) as Record<string, string>;
      const res = await call(mod[r.method]!, params, r.method, { origin: 'http://evil.example', 'content-type': 'text/plain' }, '{}');
      expect([res.status, res.body?.code]).toEqual([403, 'cross_site_request']);
    });
  }
});
