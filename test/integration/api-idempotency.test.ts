// Issue 13, API conventions: `Idempotency-Key` on creates (lib/api/idempotency.ts) through the real route handlers and
// database. The same key and body twice → one resource and the same answer (replayed, marked); another body → 422;
// a request still running → 409; a malformed key → 400 and nothing made; an error releases the key; keys are per user,
// tenant and route (someone else's same key makes their own resource; an outsider learns nothing); they expire after
// 24 h; and stored answers holding a secret shown once (a function's token, an invitation link) are sealed at rest.
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import * as functionsRoute from '@/app/api/v1/tenants/[slug]/functions/route';
import * as membersRoute from '@/app/api/v1/tenants/[slug]/members/route';
import * as sshKeysRoute from '@/app/api/v1/me/ssh-keys/route';
import * as adminTenantsRoute from '@/app/api/v1/admin/tenants/route';
import { canonicalJson, idempotent, pruneIdempotencyKeys } from '@/lib/api/idempotency';
import { AppError } from '@/lib/errors';
import { SEED_CODE } from '../helpers/api-seeds';
import { callerOf, callRoute, ORIGIN } from '../helpers/route-call';
import { containerInput, createUser, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

let a: Awaited<ReturnType<typeof tenantWith<'owner' | 'member' | 'viewer'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;

const PATH = (slug: string) => `/api/v1/tenants/${slug}/instances`;
function create(as: string, slug: string, body: unknown, key?: string) {
  return callRoute(as, instancesRoute.POST, { slug }, { method: 'POST', path: PATH(slug), body, headers: key === undefined ? {} : { 'idempotency-key': key } });
}
const instancesOf = (tenantId: string) => db().instance.count({ where: { tenantId } });

beforeAll(async () => {
  await seedCatalog();
  a = await tenantWith({ owner: 'owner', member: 'member', viewer: 'viewer' });
  b = await tenantWith({ owner: 'owner' });
  await db().quota.updateMany({ where: { tenantId: { in: [a.tenant.id, b.tenant.id] } }, data: { maxInstances: 50, maxVcpus: 50, maxMemoryMib: 100_000 } });
});

describe('Idempotency-Key on a create', () => {
  it('the same key and body twice: one instance, the same status and body, the second marked as replayed', async () => {
    const body = containerInput({ start: false });
    const before = await instancesOf(a.tenant.id);
    const first = await create(a.people.owner.userId, a.tenant.slug, body, 'key-one');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await create(a.people.owner.userId, a.tenant.slug, body, 'key-one');
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // The same body with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await create(a.people.owner.userId, a.tenant.slug, reordered, 'key-one')).body).toEqual(first.body);
    expect(await instancesOf(a.tenant.id)).toBe(before + 1);
    // Without a key, each request is its own create.
    await create(a.people.owner.userId, a.tenant.slug, containerInput({ start: false }));
    expect(await instancesOf(a.tenant.id)).toBe(before + 2);
  });

  it('the same key with another body is 422 idempotency_key_reused, and nothing is made', async () => {
    const before = await instancesOf(a.tenant.id);
    await create(a.people.owner.userId, a.tenant.slug, containerInput({ name: 'reuse-1', start: false }), 'key-reuse');
    const again = await create(a.people.owner.userId, a.tenant.slug, containerInput({ name: 'reuse-2', start: false }), 'key-reuse');
    expect([again.status, again.body.code]).toEqual([422, 'idempotency_key_reused']);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await instancesOf(a.tenant.id)).toBe(before + 1);
  });

  it('a malformed key is 400 invalid_idempotency_key and makes nothing', async () => {
    const before = await instancesOf(a.tenant.id);
    for (const key of ['', 'with space', 'x'.repeat(256), 'caf\u00e9', 'tab\there']) {
      const r = await create(a.people.owner.userId, a.tenant.slug, containerInput({ start: false }), key);
      expect([r.status, r.body.code], JSON.stringify(key)).toEqual([400, 'invalid_idempotency_key']);
    }
    expect(await instancesOf(a.tenant.id)).toBe(before);
    expect((await create(a.people.owner.userId, a.tenant.slug, containerInput({ start: false }), 'x'.repeat(255))).status).toBe(202);
  });

  it('while the first request still runs, the second is 409 idempotency_in_progress; it then replays', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const req = () => new Request(`${ORIGIN}/api/v1/slow`, { method: 'POST', headers: { 'idempotency-key': 'slow' } });
    const owner = { userId: a.people.owner.userId, tenantId: a.tenant.id };
    let runs = 0;
    const first = idempotent(req(), owner, { n: 1 }, async () => {
      runs++;
      await gate;
      return Response.json({ made: runs }, { status: 201 });
    });
    // The key is written before the work starts.
    const deadline = Date.now() + 10_000;
    while (!(await db().idempotencyKey.findFirst({ where: { key: 'slow' } })) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const err = await idempotent(req(), owner, { n: 1 }, async () => Response.json({ made: ++runs }, { status: 201 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('idempotency_in_progress');
    expect((err as AppError).status).toBe(409);
    release();
    expect(await (await first).json()).toEqual({ made: 1 });
    const replay = await idempotent(req(), owner, { n: 1 }, async () => Response.json({ made: ++runs }, { status: 201 }));
    expect([replay.status, await replay.json(), replay.headers.get('idempotent-replayed')]).toEqual([201, { made: 1 }, 'true']);
    expect(runs).toBe(1);
  });

  it('two identical requests at the same moment make one instance', async () => {
    const body = containerInput({ start: false });
    const before = await instancesOf(a.tenant.id);
    const answers = await Promise.all([0, 1, 2].map(() => create(a.people.owner.userId, a.tenant.slug, body, 'key-race')));
    const ok = answers.filter((r) => r.status === 202);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of answers) expect([202, 409]).toContain(r.status);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    expect(await instancesOf(a.tenant.id)).toBe(before + 1);
  });

  it('an error answer releases the key: a retry with it runs again', async () => {
    const before = await instancesOf(a.tenant.id);
    const bad = await create(a.people.owner.userId, a.tenant.slug, containerInput({ imageId: 'no-such-image', start: false }), 'key-retry');
    expect(bad.status).toBe(400);
    const good = await create(a.people.owner.userId, a.tenant.slug, containerInput({ start: false }), 'key-retry');
    expect(good.status).toBe(202);
    expect(await instancesOf(a.tenant.id)).toBe(before + 1);
    // A 5xx (here: the handler throws) also leaves no key behind.
    const owner = { userId: a.people.owner.userId, tenantId: a.tenant.id };
    const req = () => new Request(`${ORIGIN}/api/v1/boom`, { method: 'POST', headers: { 'idempotency-key': 'boom' } });
    await expect(idempotent(req(), owner, {}, async () => Promise.reject(new Error('engine on fire')))).rejects.toThrow('engine on fire');
    expect(await db().idempotencyKey.count({ where: { key: 'boom' } })).toBe(0);
    expect((await idempotent(req(), owner, {}, async () => Response.json({ ok: true }, { status: 201 }))).status).toBe(201);
  });

  it('keys are per user and tenant: another member’s or tenant’s same key makes their own resource; an outsider gets 404', async () => {
    const body = containerInput({ start: false });
    const mine = await create(a.people.owner.userId, a.tenant.slug, body, 'shared-key');
    const colleague = await create(a.people.member.userId, a.tenant.slug, { ...body, name: `${body.name}-m` }, 'shared-key');
    const otherTenant = await create(b.people.owner.userId, b.tenant.slug, body, 'shared-key');
    expect([mine.status, colleague.status, otherTenant.status]).toEqual([202, 202, 202]);
    expect(new Set([mine.body.id, colleague.body.id, otherTenant.body.id]).size).toBe(3);
    expect(colleague.headers.get('idempotent-replayed')).toBeNull();
    expect((await db().instance.findUniqueOrThrow({ where: { id: otherTenant.body.id as string } })).tenantId).toBe(b.tenant.id);
    // Tenant B's owner sending A's key to A's organisation: a 404 like any outsider, not A's stored answer.
    const before = await instancesOf(a.tenant.id);
    const outsider = await create(b.people.owner.userId, a.tenant.slug, body, 'shared-key');
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
    expect(JSON.stringify(outsider.body)).not.toContain(String(mine.body.id));
    // A viewer with the owner's key is refused by role and learns nothing either.
    const viewer = await create(a.people.viewer.userId, a.tenant.slug, body, 'shared-key');
    expect([viewer.status, viewer.body.code]).toEqual([403, 'forbidden']);
    expect(await instancesOf(a.tenant.id)).toBe(before);
  });

  it('keys expire after 24 h: an old one is made again, and the hourly pass removes them', async () => {
    const body = containerInput({ start: false });
    const first = await create(a.people.owner.userId, a.tenant.slug, body, 'key-old');
    await db().idempotencyKey.updateMany({ where: { key: 'key-old' }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const later = await create(a.people.owner.userId, a.tenant.slug, { ...body, name: `${body.name}-2` }, 'key-old');
    expect(later.status).toBe(202);
    expect(later.body.id).not.toBe(first.body.id);
    await db().idempotencyKey.updateMany({ where: { key: 'key-old' }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await pruneIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await db().idempotencyKey.count({ where: { key: 'key-old' } })).toBe(0);
  });
});

describe('the other creates', () => {
  it('a private function: one function, the token shown once is replayed, and sealed at rest', async () => {
    const body = { name: 'idem-fn', code: SEED_CODE, access: 'token' };
    const call = () => callRoute(a.people.owner.userId, functionsRoute.POST, { slug: a.tenant.slug }, { method: 'POST', path: `/api/v1/tenants/${a.tenant.slug}/functions`, body, headers: { 'idempotency-key': 'fn-1' } });
    const first = await call();
    expect(first.status).toBe(201);
    const token = first.body.token as string;
    expect(token).toEqual(expect.any(String));
    const second = await call();
    expect([second.status, second.body.token, second.headers.get('idempotent-replayed')]).toEqual([201, token, 'true']);
    expect(await db().serverlessFunction.count({ where: { tenantId: a.tenant.id, name: 'idem-fn' } })).toBe(1);
    const row = await db().idempotencyKey.findFirstOrThrow({ where: { key: 'fn-1' } });
    expect(row.responseBody).not.toContain(token);
    expect(row.responseBody).not.toContain('idem-fn');
  });

  it('an invitation, an SSH key and an admin-created organisation: one each', async () => {
    const invite = () =>
      callRoute(a.people.owner.userId, membersRoute.POST, { slug: a.tenant.slug }, { method: 'POST', path: `/api/v1/tenants/${a.tenant.slug}/members`, body: { email: 'idem-invitee@example.test', role: 'member' }, headers: { 'idempotency-key': 'inv-1' } });
    const i1 = await invite();
    const i2 = await invite();
    expect(i1.status).toBe(201);
    expect(i2.body).toEqual(i1.body);
    expect(await db().invitation.count({ where: { tenantId: a.tenant.id, email: 'idem-invitee@example.test' } })).toBe(1);

    const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const str = (x: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, x.length]), x]);
    const publicKey = `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} idem@test`;
    const user = await createUser({});
    const key = () => callRoute(user.id, sshKeysRoute.POST, {}, { method: 'POST', path: '/api/v1/me/ssh-keys', body: { name: 'k', publicKey }, headers: { 'idempotency-key': 'ssh-1' } });
    const k1 = await key();
    const k2 = await key();
    expect([k1.status, k2.status, k2.body.id]).toEqual([201, 201, k1.body.id]);
    expect(await db().sshKey.count({ where: { userId: user.id } })).toBe(1);

    const admin = await createUser({ isPlatformAdmin: true });
    const org = () =>
      callRoute(admin.id, adminTenantsRoute.POST, {}, { method: 'POST', path: '/api/v1/admin/tenants', body: { name: 'Idem Org', ownerEmail: 'idem-owner@example.test' }, headers: { 'idempotency-key': 'org-1' } });
    const o1 = await org();
    const o2 = await org();
    expect(o1.status).toBe(201);
    expect(o2.body).toEqual(o1.body);
    expect(await db().tenant.count({ where: { name: 'Idem Org' } })).toBe(1);
  });

  it('hashes bodies canonically', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});
