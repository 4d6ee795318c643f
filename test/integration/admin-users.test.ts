// Admin → Users (issue 13) through the real /api/v1 route handlers and the real database: the user list (search,
// cursor pagination, organisations and roles, last sign-in), disabling (every session ends at once), making and
// unmaking platform admins (never the last active one, also when two admins demote each other at the same moment),
// one-time password-reset links (hashed, single use, expiry, replacement, bound to their user, end every session),
// and that nobody but a platform admin reaches any of it (404, nothing changes). Only Auth.js's session lookup is
// replaced: each caller has a real server-side session (test/helpers/auth-mock.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { checkCredentials } from '@/lib/auth/credentials';
import { findSessionUser } from '@/lib/auth/principal';
import { verifyPassword } from '@/lib/auth/password';
import * as usersRoute from '@/app/api/v1/admin/users/route';
import * as userRoute from '@/app/api/v1/admin/users/[id]/route';
import * as resetRoute from '@/app/api/v1/admin/users/[id]/password-reset/route';
import * as publicResetRoute from '@/app/api/v1/password-resets/[token]/route';
import * as meRoute from '@/app/api/v1/me/route';
import { loadApiRoutes, routePath, type Method, type RouteHandler } from '../helpers/api-routes';
import { addMember, createTenant, createUser, PASSWORD, tenantWith, uniqueSuffix } from '../fixtures';

// Who is signed in is per request (AsyncLocalStorage), so that calls made at the same moment are each their own caller.
const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
const callers = new AsyncLocalStorage<string | null>();
session.caller = () => callers.getStore() ?? null;

const ORIGIN = 'http://localhost:3000';
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
type Answer = { status: number; body: Record<string, unknown> & { code?: string } };

/** Calls a route handler as `as` (null: nobody signed in), as the console's own page would (CSRF guard passes). */
async function call<P>(as: string | null, h: Handler<P>, params: P, opts: { method?: string; query?: string; body?: unknown } = {}): Promise<Answer> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { origin: ORIGIN };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`${ORIGIN}/api/v1/x${opts.query ?? ''}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await callers.run(as, () => h(req, { params: Promise.resolve(params) }));
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}
const list = (as: string, query: string) => call(as, usersRoute.GET, {}, { query });
const patch = (as: string | null, id: string, body: unknown) => call(as, userRoute.PATCH, { id }, { method: 'PATCH', body });
const makeReset = (as: string | null, id: string) => call(as, resetRoute.POST, { id }, { method: 'POST' });
const redeem = (token: string, password: unknown) => call(null, publicResetRoute.POST, { token }, { method: 'POST', body: { password } });

let n = 0;
/** Signs in as Auth.js does, from its own address each time (the sign-in rate limit is not under test here). */
async function signIn(email: string, password = PASSWORD) {
  return checkCredentials({ email, password }, { address: `198.18.7.${++n % 250}`, userAgent: `browser-${n}` });
}
async function signedIn(email: string, password = PASSWORD) {
  const o = await signIn(email, password);
  if (!o.ok) throw new Error(`sign-in refused: ${o.reason}`);
  return o;
}
const audits = (action: string, targetId: string) => db().auditEvent.count({ where: { action, targetId } });
const activeAdmins = () => db().user.count({ where: { isPlatformAdmin: true, disabledAt: null } });

let admin: { id: string; email: string };
beforeAll(async () => {
  admin = await createUser({ isPlatformAdmin: true, email: `root-${uniqueSuffix()}@example.test`, name: 'Root Admin' });
});

describe('the user list', () => {
  it('shows every user with organisations, roles, status, admin flag and last sign-in; search and cursor pages', async () => {
    const tag = `lst${uniqueSuffix()}`;
    const t1 = await createTenant({ name: `Org ${tag} one` });
    const t2 = await createTenant({ name: `Org ${tag} two` });
    const made: { id: string; email: string }[] = [];
    for (let i = 0; i < 7; i++) made.push(await createUser({ email: `${tag}-${i}@example.test`, name: `Person ${i}` }));
    await addMember(t1.id, made[0]!.id, 'owner');
    await addMember(t2.id, made[0]!.id, 'viewer');
    await addMember(t2.id, made[1]!.id, 'member');
    // Found by name too, in any case.
    const zed = await createUser({ email: `zed-${uniqueSuffix()}@example.test`, name: `Zed ${tag.toUpperCase()} Quux` });

    // Last sign-in: none yet, then the time of a password sign-in (a column set at sign-in, not a session touch).
    const all = await list(admin.id, `?q=${tag}&limit=100`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(8);
    const users = all.body.users as { id: string; email: string; lastSignInAt: string | null; organisations: unknown[]; status: string; isPlatformAdmin: boolean; liveSessions: number }[];
    expect(users.map((u) => u.id).sort()).toEqual([...made.map((u) => u.id), zed.id].sort());
    expect(users.every((u) => u.lastSignInAt === null && u.status === 'active' && u.isPlatformAdmin === false)).toBe(true);
    expect(users.find((u) => u.id === made[0]!.id)!.organisations).toEqual([
      { tenantId: t1.id, name: t1.name, slug: t1.slug, status: 'active', role: 'owner' },
      { tenantId: t2.id, name: t2.name, slug: t2.slug, status: 'active', role: 'viewer' },
    ]);

    const before = Date.now();
    await signedIn(made[2]!.email);
    await signedIn(made[2]!.email);
    const one = (await list(admin.id, `?q=${made[2]!.email.toUpperCase()}`)).body.users as typeof users;
    expect(one).toHaveLength(1);
    expect(Date.parse(one[0]!.lastSignInAt!)).toBeGreaterThanOrEqual(before - 5);
    expect(one[0]!.liveSessions).toBe(2);

    const byName = (await list(admin.id, `?q=${encodeURIComponent(`zed ${tag}`)}`)).body;
    expect((byName.users as typeof users).map((u) => u.id)).toEqual([zed.id]);

    // Cursor pages of 3: every user once, newest first, the same order as one big page; the last page says so.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await list(admin.id, `?q=${tag}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      const ids = (page.body.users as typeof users).map((u) => u.id);
      expect(ids.length).toBeLessThanOrEqual(3);
      seen.push(...ids);
      cursor = page.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(users.map((u) => u.id));
    // A user created after the first page was fetched does not shift the later pages.
    const first = await list(admin.id, `?q=${tag}&limit=4`);
    await createUser({ email: `${tag}-late@example.test` });
    const second = await list(admin.id, `?q=${tag}&limit=4&cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
    expect([...(first.body.users as typeof users), ...(second.body.users as typeof users)].map((u) => u.id)).toEqual(users.map((u) => u.id));

    // Bad input: a clear 400 on the field.
    for (const q of ['?cursor=not-a-cursor', `?cursor=${Buffer.from('["x","y"]').toString('base64url')}`]) {
      const r = await list(admin.id, q);
      expect([r.status, r.body.code], q).toEqual([400, 'invalid_cursor']);
    }
    for (const q of ['?limit=0', '?limit=201', '?limit=ten', '?color=red']) {
      const r = await list(admin.id, q);
      expect([r.status, r.body.code], q).toEqual([400, 'validation_failed']);
    }
  });

  it('one user: organisations, live sessions and a pending reset link', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const u = await db().user.findUniqueOrThrow({ where: { id: people.owner.userId } });
    await signedIn(u.email);
    const r = await call(admin.id, userRoute.GET, { id: u.id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: u.id, email: u.email, status: 'active', liveSessions: 1, pendingPasswordReset: null });
    expect(r.body.organisations).toEqual([{ tenantId: tenant.id, name: tenant.name, slug: tenant.slug, status: 'active', role: 'owner' }]);
    await makeReset(admin.id, u.id);
    expect((await call(admin.id, userRoute.GET, { id: u.id })).body.pendingPasswordReset).toMatchObject({ expiresAt: expect.any(String) });
    expect((await call(admin.id, userRoute.GET, { id: 'c000000000000000000000000' })).status).toBe(404);
  });
});

describe('nobody but a platform admin reaches Admin → Users', () => {
  it('every admin/users route and method answers 404 to a tenant owner and a plain user, 401 to nobody; nothing changes', async () => {
    const routes = (await loadApiRoutes()).filter((r) => r.pattern.startsWith('admin/users'));
    expect(routes.map((r) => r.pattern).sort()).toEqual([
      'admin/users',
      'admin/users/[id]',
      'admin/users/[id]/password-reset',
      'admin/users/[id]/tokens',
      'admin/users/[id]/tokens/[tokenId]',
    ]);
    const { people } = await tenantWith({ owner: 'owner', admin: 'admin' });
    const plain = await createUser();
    const target = await createUser();
    const bodies: Partial<Record<Method, unknown>> = { PATCH: { disabled: true, isPlatformAdmin: true } };
    const snapshot = async () => ({
      target: await db().user.findUniqueOrThrow({ where: { id: target.id }, select: { disabledAt: true, isPlatformAdmin: true, passwordHash: true } }),
      callers: await db().user.count({ where: { id: { in: [people.owner.userId, people.admin.userId, plain.id] }, isPlatformAdmin: true } }),
      resets: await db().passwordReset.count(),
      revokedTokens: await db().apiToken.count({ where: { revokedAt: { not: null } } }),
      // Refused attempts are audited by design (outcome 'refused'); a change would be a 'success' entry.
      audit: await db().auditEvent.count({ where: { outcome: 'success' } }),
    });
    const before = await snapshot();
    let calls = 0;
    for (const route of routes) {
      for (const [method, handler] of Object.entries(route.handlers) as [Method, RouteHandler][]) {
        for (const [who, as, want] of [
          ['tenant owner', people.owner.userId, [404, 'not_found']],
          ['tenant admin', people.admin.userId, [404, 'not_found']],
          ['plain user', plain.id, [404, 'not_found']],
          ['nobody', null, [401, 'unauthenticated']],
        ] as const) {
          // Aimed at the target, and at the caller themselves (a self-promotion is refused the same way).
          for (const id of [target.id, as ?? target.id]) {
            const r = await call(as, handler as Handler<Record<string, string>>, { id }, { method, body: bodies[method] });
            expect([r.status, r.body.code], `${method} ${routePath(route, { id })} as ${who}`).toEqual(want);
            calls++;
          }
        }
      }
    }
    // GET+GET+PATCH+POST (users, user, reset) and GET+DELETE (a user's API tokens), × 4 callers × 2 targets.
    expect(calls).toBe(6 * 4 * 2);
    expect(await snapshot()).toEqual(before);
  });
});

describe('disabling a user', () => {
  it('ends every session at once (pages, API) and refuses sign-in; re-enabling lets them sign in again', async () => {
    const u = await createUser();
    const a = await signedIn(u.email);
    const b = await signedIn(u.email);
    expect((await call(u.id, meRoute.GET, {})).status).toBe(200);

    const r = await patch(admin.id, u.id, { disabled: true });
    expect([r.status, r.body]).toEqual([200, { id: u.id, disabled: true, isPlatformAdmin: false }]);
    expect(await findSessionUser(u.id, a.sessionId)).toBeNull();
    expect(await findSessionUser(u.id, b.sessionId)).toBeNull();
    expect((await call(u.id, meRoute.GET, {})).status).toBe(401);
    expect(await signIn(u.email)).toEqual({ ok: false, reason: 'disabled' });
    expect((await list(admin.id, `?q=${u.email}`)).body.users).toMatchObject([{ id: u.id, status: 'disabled', liveSessions: 0 }]);
    // Disabling twice changes nothing and writes no second audit entry.
    expect((await patch(admin.id, u.id, { disabled: true })).status).toBe(200);
    expect(await audits('user.disabled', u.id)).toBe(1);

    expect((await patch(admin.id, u.id, { disabled: false })).body).toMatchObject({ disabled: false });
    expect(await findSessionUser(u.id, a.sessionId)).toBeNull(); // old sessions stay ended
    expect((await signIn(u.email)).ok).toBe(true);
    expect(await audits('user.enabled', u.id)).toBe(1);
  });

  it('refuses to disable yourself, bad bodies and unknown users; nothing written', async () => {
    const u = await createUser();
    const auditBefore = await db().auditEvent.count();
    expect([(await patch(admin.id, admin.id, { disabled: true })).body.code]).toEqual(['invalid_state']);
    for (const body of [{}, { disabled: 'yes' }, { isPlatformAdmin: 1 }, { disabled: true, role: 'owner' }, null, []]) {
      const r = await patch(admin.id, u.id, body);
      expect([r.status, r.body.code], JSON.stringify(body)).toEqual([400, 'validation_failed']);
    }
    expect((await patch(admin.id, 'c000000000000000000000000', { disabled: true })).status).toBe(404);
    expect(await db().auditEvent.count()).toBe(auditBefore);
    expect(await db().user.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ disabledAt: null, isPlatformAdmin: false });
  });
});

describe('platform admins', () => {
  it('make and unmake: the rights follow at once, audited', async () => {
    const u = await createUser();
    expect((await list(u.id, '')).status).toBe(404);
    expect((await patch(admin.id, u.id, { isPlatformAdmin: true })).body).toMatchObject({ isPlatformAdmin: true });
    expect((await list(u.id, '')).status).toBe(200);
    expect((await patch(admin.id, u.id, { isPlatformAdmin: false })).body).toMatchObject({ isPlatformAdmin: false });
    expect((await list(u.id, '')).status).toBe(404);
    expect(await audits('user.platform_admin_granted', u.id)).toBe(1);
    expect(await audits('user.platform_admin_revoked', u.id)).toBe(1);
  });

  it('never the last active platform admin: giving up your own rights or disabling, refused with last_platform_admin', async () => {
    // This file's database is its own (emptied for it): make `admin` the only platform admin.
    await db().user.updateMany({ where: { id: { not: admin.id } }, data: { isPlatformAdmin: false } });
    expect(await activeAdmins()).toBe(1);
    const r = await patch(admin.id, admin.id, { isPlatformAdmin: false });
    expect([r.status, r.body.code, (r.body.errors as Record<string, string>).isPlatformAdmin]).toEqual([
      409,
      'last_platform_admin',
      'The console must keep at least one active platform admin.',
    ]);
    // A disabled admin does not count: still the last active one.
    const dormant = await createUser({ isPlatformAdmin: true });
    await patch(admin.id, dormant.id, { disabled: true });
    expect((await patch(admin.id, admin.id, { isPlatformAdmin: false })).body.code).toBe('last_platform_admin');
    // With another active admin, giving up your rights works (and the admin area is gone for you at once).
    await patch(admin.id, dormant.id, { disabled: false });
    expect((await patch(admin.id, admin.id, { isPlatformAdmin: false })).status).toBe(200);
    expect((await list(admin.id, '')).status).toBe(404);
    expect((await patch(dormant.id, dormant.id, { isPlatformAdmin: false })).body.code).toBe('last_platform_admin');
    expect((await patch(dormant.id, admin.id, { isPlatformAdmin: true })).status).toBe(200);
    expect(await activeAdmins()).toBe(2);
    await db().user.update({ where: { id: dormant.id }, data: { isPlatformAdmin: false } });
  });

  it('two admins demoting or disabling each other at the same moment never leave none', async () => {
    await db().user.updateMany({ where: { id: { not: admin.id } }, data: { isPlatformAdmin: false } });
    const rounds: { kind: string; statuses: string[] }[] = [];
    for (let round = 0; round < 6; round++) {
      const a = await createUser({ isPlatformAdmin: true });
      const b = await createUser({ isPlatformAdmin: true });
      // Only a and b are admins in this round.
      await db().user.update({ where: { id: admin.id }, data: { isPlatformAdmin: false } });
      const kind = (['each other', 'themselves', 'disable each other'] as const)[round % 3];
      const results =
        kind === 'each other'
          ? await Promise.all([patch(a.id, b.id, { isPlatformAdmin: false }), patch(b.id, a.id, { isPlatformAdmin: false })])
          : kind === 'themselves'
            ? await Promise.all([patch(a.id, a.id, { isPlatformAdmin: false }), patch(b.id, b.id, { isPlatformAdmin: false })])
            : await Promise.all([patch(a.id, b.id, { disabled: true }), patch(b.id, a.id, { disabled: true })]);
      const statuses = results.map((r) => `${r.status} ${r.body.code ?? ''}`.trim()).sort();
      rounds.push({ kind, statuses });
      expect(await db().user.count({ where: { id: { in: [a.id, b.id] }, isPlatformAdmin: true, disabledAt: null } }), `${kind}: ${statuses}`).toBe(1);
      // Exactly one change went through; the other was refused: its actor was no longer an admin (404), or was
      // signed out by being disabled (401), or it would have removed the last one (409).
      expect(statuses.filter((s) => s === '200'), `${kind}: ${statuses}`).toHaveLength(1);
      expect(statuses.find((s) => s !== '200'), `${kind}: ${statuses}`).toMatch(/^(401 unauthenticated|404 not_found|409 last_platform_admin)$/);
      await db().user.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { isPlatformAdmin: false } });
      await db().user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    }
    expect(rounds.filter((r) => r.kind === 'themselves').every((r) => r.statuses.includes('409 last_platform_admin'))).toBe(true);
  });
});

describe('password reset links', () => {
  it('made by an admin (hashed, 24 h), used once: sets the password, ends every session, audited', async () => {
    const u = await createUser();
    const s = await signedIn(u.email);
    expect((await call(u.id, meRoute.GET, {})).status).toBe(200);
    const made = await makeReset(admin.id, u.id);
    expect(made.status).toBe(201);
    const { token, url, path, expiresAt } = made.body as { token: string; url: string; path: string; expiresAt: string };
    expect(path).toBe(`/reset-password/${token}`);
    expect(url).toBe(`${ORIGIN}/reset-password/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // Only the hash is stored; nothing in the row is the token.
    const row = await db().passwordReset.findFirstOrThrow({ where: { userId: u.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await audits('user.password_reset_link_created', u.id)).toBe(1);

    expect((await call(null, publicResetRoute.GET, { token })).body).toMatchObject({ email: u.email });
    // Sign-up's password rules: too short is refused, and the link still works afterwards.
    expect([(await redeem(token, 'short')).body.code, (await redeem(token, 'short')).body.errors]).toEqual(['validation_failed', { password: 'Use at least 12 characters.' }]);
    const fresh = 'a brand new passphrase 42';
    const r = await redeem(token, fresh);
    expect([r.status, r.body]).toEqual([200, { email: u.email }]);

    expect(await findSessionUser(u.id, s.sessionId)).toBeNull();
    expect((await call(u.id, meRoute.GET, {})).status).toBe(401);
    const hash = (await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash;
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, fresh)).toBe(true);
    expect(await signIn(u.email)).toEqual({ ok: false, reason: 'invalid' });
    expect((await signIn(u.email, fresh)).ok).toBe(true);
    expect(await db().auditEvent.count({ where: { action: 'user.password_reset', targetId: u.id, actorId: u.id } })).toBe(1);

    // Single use: the second time (GET or POST) it is gone, and the password stays.
    expect([(await redeem(token, 'yet another passphrase')).status, (await call(null, publicResetRoute.GET, { token })).status]).toEqual([404, 404]);
    expect(await verifyPassword((await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash, fresh)).toBe(true);
  });

  it('a wrong, expired or replaced link does nothing; two submits of one link set one password', async () => {
    const u = await createUser();
    const s = await signedIn(u.email);
    const hashBefore = (await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash;
    const unchanged = async () => {
      expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(hashBefore);
      expect(await findSessionUser(u.id, s.sessionId)).not.toBeNull();
    };
    const first = (await makeReset(admin.id, u.id)).body.token as string;
    for (const wrong of ['x', `${first.slice(0, -1)}${first.endsWith('A') ? 'B' : 'A'}`, 'A'.repeat(43), createHash('sha256').update(first).digest('hex')]) {
      expect([(await redeem(wrong, 'a brand new passphrase')).status, (await call(null, publicResetRoute.GET, { token: wrong })).status]).toEqual([404, 404]);
    }
    await unchanged();
    // A newer link replaces the older one.
    const second = (await makeReset(admin.id, u.id)).body.token as string;
    expect((await redeem(first, 'a brand new passphrase')).status).toBe(404);
    await unchanged();
    // Expired: refused, even a millisecond past its end.
    await db().passwordReset.updateMany({ where: { userId: u.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await redeem(second, 'a brand new passphrase')).status).toBe(404);
    await unchanged();

    // Two submits of one link at once: exactly one sets its password.
    const third = (await makeReset(admin.id, u.id)).body.token as string;
    const [x, y] = await Promise.all([redeem(third, 'first of two passphrases'), redeem(third, 'second of two passphrases')]);
    expect([x.status, y.status].sort()).toEqual([200, 404]);
    const winner = x.status === 200 ? 'first of two passphrases' : 'second of two passphrases';
    expect(await verifyPassword((await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash, winner)).toBe(true);
    expect(await db().auditEvent.count({ where: { action: 'user.password_reset', targetId: u.id } })).toBe(1);
  });

  it('a link resets only its own user', async () => {
    const alice = await createUser();
    const bob = await createUser();
    const bobSession = await signedIn(bob.email);
    const bobHash = (await db().user.findUniqueOrThrow({ where: { id: bob.id } })).passwordHash;
    const forAlice = (await makeReset(admin.id, alice.id)).body.token as string;
    const forBob = (await makeReset(admin.id, bob.id)).body.token as string;
    expect((await call(null, publicResetRoute.GET, { token: forAlice })).body).toMatchObject({ email: alice.email });
    // Alice's link sets Alice's password, whatever else is sent along.
    const r = await call(null, publicResetRoute.POST, { token: forAlice }, { method: 'POST', body: { password: 'alice chose this one', userId: bob.id } });
    expect([r.status, r.body.code]).toEqual([400, 'validation_failed']);
    expect((await redeem(forAlice, 'alice chose this one')).body).toEqual({ email: alice.email });
    expect((await db().user.findUniqueOrThrow({ where: { id: bob.id } })).passwordHash).toBe(bobHash);
    expect(await findSessionUser(bob.id, bobSession.sessionId)).not.toBeNull();
    expect((await signIn(bob.email, 'alice chose this one')).ok).toBe(false);
    // Bob's own link is untouched by Alice's use.
    expect((await call(null, publicResetRoute.GET, { token: forBob })).body).toMatchObject({ email: bob.email });
  });
});
