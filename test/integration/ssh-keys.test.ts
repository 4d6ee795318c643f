// SSH keys are a user's own: the /api/v1/me/ssh-keys routes (through their real handlers, with Auth.js's session
// mocked) list, add and delete only the signed-in user's keys; malformed and duplicate keys are refused with their
// codes on the field; another user's key is "not found". Creating a VM copies keys into its spec: the user's own
// ids and pasted keys only, a Debian VM needs one, and refusals write nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { createVm } from '@/lib/instances/create-instance';
import { getInstance } from '@/lib/instances/queries';
import { GET as listRoute, POST as addRoute } from '@/app/api/v1/me/ssh-keys/route';
import { DELETE as deleteRoute } from '@/app/api/v1/me/ssh-keys/[id]/route';
import { GET as instanceRoute } from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import { POST as createRoute } from '@/app/api/v1/tenants/[slug]/instances/route';
import { contextFor, errorOf, instanceCounts, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

let dir: string;
const keys: Record<string, { pub: string; fingerprint: string }> = {};
function keygen(name: string, args: string[]) {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', `${name}@laptop`, '-f', file, ...args]);
  keys[name] = { pub: fs.readFileSync(`${file}.pub`, 'utf8').trim(), fingerprint: execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]! };
}

let fx: { a: Awaited<ReturnType<typeof tenantWith<'owner' | 'member'>>>; b: Awaited<ReturnType<typeof tenantWith<'owner'>>> };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-keys-'));
  keygen('alice', ['-t', 'ed25519']);
  keygen('alice2', ['-t', 'ecdsa', '-b', '256']);
  keygen('bob', ['-t', 'ed25519']);
  await seedCatalog();
  await seedVmCatalog(db());
  fx = { a: await tenantWith({ owner: 'owner', member: 'member' }), b: await tenantWith({ owner: 'owner' }) };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  session.userId = null;
});

const as = (userId: string) => {
  session.userId = userId;
};
const post = (body: unknown) => addRoute(new Request('http://x/api/v1/me/ssh-keys', { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({}) });
const list = async () => (await (await listRoute(new Request('http://x/api/v1/me/ssh-keys'), { params: Promise.resolve({}) })).json()) as { sshKeys: { id: string; name: string; fingerprint: string }[] };
const del = (id: string) => deleteRoute(new Request(`http://x/api/v1/me/ssh-keys/${id}`, { method: 'DELETE' }), { params: Promise.resolve({ id }) });
const keyCount = () => db().sshKey.count();

describe('/api/v1/me/ssh-keys', () => {
  it('needs a signed-in user', async () => {
    const res = await post({ publicKey: keys.alice!.pub });
    expect(res.status).toBe(401);
    expect((await listRoute(new Request('http://x/'), { params: Promise.resolve({}) })).status).toBe(401);
  });

  it('adds a key with its OpenSSH fingerprint, named after its comment unless named', async () => {
    as(fx.a.people.member.userId);
    const res = await post({ publicKey: keys.alice!.pub });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'alice@laptop', fingerprint: keys.alice!.fingerprint, type: 'ssh-ed25519', publicKey: keys.alice!.pub });
    const named = await post({ name: 'work laptop', publicKey: keys.alice2!.pub });
    expect(await named.json()).toMatchObject({ name: 'work laptop', fingerprint: keys.alice2!.fingerprint, type: 'ecdsa-sha2-nistp256' });
    expect((await list()).sshKeys.map((k) => k.fingerprint)).toEqual([keys.alice!.fingerprint, keys.alice2!.fingerprint]);
    const audit = await db().auditEvent.findMany({ where: { actorId: fx.a.people.member.userId, action: 'ssh_key.added' } });
    expect(audit.map((a) => (a.metadata as { fingerprint: string }).fingerprint).sort()).toEqual([keys.alice!.fingerprint, keys.alice2!.fingerprint].sort());
  });

  it.each([
    { reason: 'garbage', publicKey: 'hello world', says: /not accepted/ },
    { reason: 'a private key', publicKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----', says: /private key/ },
    { reason: 'a cut key', publicKey: () => keys.bob!.pub.slice(0, 60), says: /base64|truncated|not a valid/ },
  ])('a malformed key ($reason) → 400 invalid_ssh_key on publicKey, nothing saved', async ({ publicKey, says }) => {
    as(fx.a.people.member.userId);
    const before = await keyCount();
    const res = await post({ publicKey: typeof publicKey === 'function' ? publicKey() : publicKey });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: Record<string, string> };
    expect(body.code).toBe('invalid_ssh_key');
    expect(body.errors.publicKey).toMatch(says);
    expect(await keyCount()).toBe(before);
  });

  it('the same key twice → 409 duplicate_ssh_key on publicKey (even with another comment), nothing saved', async () => {
    as(fx.a.people.member.userId);
    const before = await keyCount();
    const res = await post({ publicKey: keys.alice!.pub.replace('alice@laptop', 'other comment') });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; errors: Record<string, string> };
    expect(body.code).toBe('duplicate_ssh_key');
    expect(body.errors.publicKey).toMatch(/already added this key as “alice@laptop”/);
    expect(await keyCount()).toBe(before);
  });

  it('another user may add the same key; lists show each user only their own', async () => {
    as(fx.b.people.owner.userId);
    expect((await post({ publicKey: keys.alice!.pub })).status).toBe(201);
    expect((await list()).sshKeys.map((k) => k.fingerprint)).toEqual([keys.alice!.fingerprint]);
    as(fx.a.people.member.userId);
    expect((await list()).sshKeys).toHaveLength(2);
  });

  it('deleting another user’s key is 404 not_found (like a missing id) and deletes nothing; one’s own is 204', async () => {
    as(fx.a.people.member.userId);
    const mine = (await list()).sshKeys;
    as(fx.b.people.owner.userId);
    const before = await keyCount();
    const res = await del(mine[1]!.id);
    expect(res.status).toBe(404);
    const missing = await del('c00000000000000000000000');
    expect(await res.json()).toEqual(await missing.json());
    expect(await keyCount()).toBe(before);
    as(fx.a.people.member.userId);
    expect((await del(mine[1]!.id)).status).toBe(204);
    expect(await db().auditEvent.count({ where: { actorId: fx.a.people.member.userId, action: 'ssh_key.deleted', targetId: mine[1]!.id } })).toBe(1);
    expect((await list()).sshKeys.map((k) => k.id)).toEqual([mine[0]!.id]);
  });
});

describe('creating a VM with SSH keys', () => {
  const vm = (over: Record<string, unknown> = {}) => ({ kind: 'vm', name: `deb-${Math.random().toString(36).slice(2, 8)}`, imageId: 'debian-12', flavorId: 'qemu-small', ...over });

  it('copies the user’s chosen and pasted keys into the spec and forwards port 22; deleting the key later changes nothing', async () => {
    as(fx.a.people.member.userId);
    const aliceKey = (await list()).sshKeys[0]!;
    const ctx = await contextFor(fx.a.people.member.userId, fx.a.tenant.id);
    const { id } = await createVm(ctx, vm({ sshKeyIds: [aliceKey.id], sshPublicKeys: [keys.bob!.pub], ports: [8080] }));
    const spec = (await db().instance.findUniqueOrThrow({ where: { id } })).spec as { ports: { port: number }[]; sshPublicKeys: string[] };
    expect(spec.sshPublicKeys).toEqual([keys.alice!.pub, keys.bob!.pub]);
    expect(spec.ports.map((p) => p.port)).toEqual([22, 8080]);
    await del(aliceKey.id);
    const after = (await db().instance.findUniqueOrThrow({ where: { id } })).spec as { sshPublicKeys: string[] };
    expect(after.sshPublicKeys).toEqual([keys.alice!.pub, keys.bob!.pub]);
    // Not running yet: no SSH command until port 22 is forwarded.
    expect((await getInstance(ctx, id)).ssh).toBeNull();
  });

  it.each([
    { reason: 'a Debian VM without any key', over: {}, code: 'validation_failed', field: 'sshKeyIds', says: /at least one SSH key/ },
    { reason: 'another user’s key id', over: { sshKeyIds: ['OTHER'] }, code: 'validation_failed', field: 'sshKeyIds', says: /No such SSH key/ },
    { reason: 'a malformed pasted key', over: { sshPublicKeys: ['ssh-ed25519 AAAA'] }, code: 'invalid_ssh_key', field: 'sshPublicKeys', says: /base64|truncated/ },
    { reason: 'a flavor below the image’s minimum memory', over: { flavorId: 'qemu-tiny', sshPublicKeys: ['KEY'] }, code: 'validation_failed', field: 'flavorId', says: /needs at least 256 MiB/ },
    { reason: 'keys for the tiny image (no SSH server)', over: { imageId: 'qemu-tiny', flavorId: 'qemu-tiny', sshPublicKeys: ['KEY'] }, code: 'validation_failed', field: 'sshKeyIds', says: /no SSH server/ },
  ])('$reason → $code on $field, nothing created', async ({ over, code, field, says }) => {
    // Bob's key belongs to tenant B's owner: for A's member it does not exist.
    as(fx.b.people.owner.userId);
    const bobsKeyId = (await list()).sshKeys[0]!.id;
    const input = vm(JSON.parse(JSON.stringify(over).replace('"OTHER"', JSON.stringify(bobsKeyId)).replace('"KEY"', JSON.stringify(keys.bob!.pub))));
    const ctx = await contextFor(fx.a.people.member.userId, fx.a.tenant.id);
    const before = await instanceCounts();
    const err = await errorOf(() => createVm(ctx, input));
    expect(err.code).toBe(code);
    expect(err.fields[field]).toMatch(says);
    expect(await instanceCounts()).toEqual(before);
  });

  it('through the API: another user’s key id is a 400 with the field; a tenant the user is not in is 404', async () => {
    as(fx.b.people.owner.userId);
    const bobsKeyId = (await list()).sshKeys[0]!.id;
    as(fx.a.people.member.userId);
    const before = await instanceCounts();
    const req = (slug: string) => createRoute(new Request(`http://x/api/v1/tenants/${slug}/instances`, { method: 'POST', body: JSON.stringify(vm({ sshKeyIds: [bobsKeyId] })) }), { params: Promise.resolve({ slug }) });
    const res = await req(fx.a.tenant.slug);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors.sshKeyIds).toMatch(/No such SSH key/);
    expect((await req(fx.b.tenant.slug)).status).toBe(404);
    expect(await instanceCounts()).toEqual(before);
  });

  it('the instance’s SSH command is shown once running with port 22 forwarded, and never to another tenant', async () => {
    const ctx = await contextFor(fx.a.people.member.userId, fx.a.tenant.id);
    const { id } = await createVm(ctx, vm({ sshPublicKeys: [keys.alice!.pub] }));
    // What the reconciler records when the driver observes the VM running (host port chosen by QEMU).
    await db().instance.update({ where: { id }, data: { status: 'running', endpoints: [{ port: 22, protocol: 'tcp', hostIp: '127.0.0.2', hostPort: 40222 }] } });
    as(fx.a.people.member.userId);
    const mine = await instanceRoute(new Request(`http://x/`), { params: Promise.resolve({ slug: fx.a.tenant.slug, id }) });
    expect(((await mine.json()) as { ssh: unknown }).ssh).toEqual({ user: 'overcast', host: '127.0.0.2', port: 40222, command: 'ssh -p 40222 overcast@127.0.0.2' });
    as(fx.b.people.owner.userId);
    const theirs = await instanceRoute(new Request(`http://x/`), { params: Promise.resolve({ slug: fx.b.tenant.slug, id }) });
    expect(theirs.status).toBe(404);
  });
});
