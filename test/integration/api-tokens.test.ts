// API tokens (lib/auth/api-tokens.ts) through the real route handlers and database: making, listing and revoking
// them, the role cap, and every way a token stops working or shrinks — owner demoted, removed, disabled, no longer a
// platform admin; expired; revoked — each taking effect at the next request. Tenant scope, the admin area, the
// privilege separation (a token cannot make tokens), the audit trail "via token", and the once-a-minute last use.
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as meRoute from '@/app/api/v1/me/route';
import * as tokensRoute from '@/app/api/v1/me/tokens/route';
import * as tokenRoute from '@/app/api/v1/me/tokens/[id]/route';
import * as sessionsRoute from '@/app/api/v1/me/sessions/route';
import * as sshKeysRoute from '@/app/api/v1/me/ssh-keys/route';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import * as membersRoute from '@/app/api/v1/tenants/[slug]/members/route';
import * as quotaRoute from '@/app/api/v1/tenants/[slug]/quota/route';
import * as auditRoute from '@/app/api/v1/tenants/[slug]/audit/route';
import * as adminUsersRoute from '@/app/api/v1/admin/users/route';
import * as adminUserRoute from '@/app/api/v1/admin/users/[id]/route';
import * as adminTokensRoute from '@/app/api/v1/admin/users/[id]/tokens/route';
import * as adminTokenRoute from '@/app/api/v1/admin/users/[id]/tokens/[tokenId]/route';
import { addMember, createTenant, createUser, seedCatalog, tenantWith } from '../fixtures';
import { call, sessionCaller } from '../helpers/api-call';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = sessionCaller;

type Made = { secret: string; token: { id: string; prefix: string; role: string | null; status: string } };

/** Makes a token through the API as `userId` (signed in with a session); fails the test when refused. */
async function makeToken(userId: string, body: Record<string, unknown>): Promise<Made> {
  const r = await call(tokensRoute.POST, {}, { as: userId, method: 'POST', body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as unknown as Made;
}

const listInstances = (secret: string, slug: string) => call(instancesRoute.GET, { slug }, { bearer: secret });
const createInstance = (secret: string, slug: string) =>
  call(instancesRoute.POST, { slug }, { bearer: secret, method: 'POST', body: { name: `t-${Math.random().toString(36).slice(2, 8)}`, imageId: 'docker-static-web', flavorId: 'docker-nano', start: false } });

describe('API tokens', () => {
  it('are made, listed and revoked by their owner; the secret is shown once and only its hash is stored', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const made = await makeToken(people.owner.userId, { name: 'ci', tenant: tenant.slug, role: 'member', expiresInDays: 30 });
    expect(made.secret).toMatch(/^ovc_[A-Za-z0-9_-]{43}$/);
    expect(made.secret.startsWith(made.token.prefix)).toBe(true);
    expect(made.token).toMatchObject({ role: 'member', status: 'active', tenant: { slug: tenant.slug } });
    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(JSON.stringify(stored)).not.toContain(made.secret);
    expect(stored.expiresAt!.getTime() - stored.createdAt.getTime()).toBe(30 * 86_400_000);

    const listed = await call(tokensRoute.GET, {}, { as: people.owner.userId });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(made.secret);
    expect((listed.body.tokens as { id: string }[]).map((t) => t.id)).toEqual([made.token.id]);

    expect((await listInstances(made.secret, tenant.slug)).status).toBe(200);
    const revoked = await call(tokenRoute.DELETE, { id: made.token.id }, { as: people.owner.userId, method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const refused = await listInstances(made.secret, tenant.slug);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_token');
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await db().auditEvent.count({ where: { action: { in: ['api_token.created', 'api_token.revoked'] }, targetId: made.token.id } })).toBe(2);
  });

  it('another user cannot see or revoke my token (404), and a token cannot make, list or revoke tokens (403 token_not_allowed)', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', other: 'owner' });
    const made = await makeToken(people.owner.userId, { name: 'a', tenant: tenant.slug, role: 'owner' });
    const theirs = await call(tokenRoute.DELETE, { id: made.token.id }, { as: people.other.userId, method: 'DELETE' });
    expect(theirs.status).toBe(404);
    expect(((await call(tokensRoute.GET, {}, { as: people.other.userId })).body.tokens as unknown[]).length).toBe(0);

    for (const r of [
      await call(tokensRoute.POST, {}, { bearer: made.secret, method: 'POST', body: { name: 'b', tenant: tenant.slug, role: 'owner' } }),
      await call(tokensRoute.GET, {}, { bearer: made.secret }),
      await call(tokenRoute.DELETE, { id: made.token.id }, { bearer: made.secret, method: 'DELETE' }),
      await call(sessionsRoute.DELETE, {}, { bearer: made.secret, method: 'DELETE' }),
      await call(sshKeysRoute.POST, {}, { bearer: made.secret, method: 'POST', body: { publicKey: 'x' } }),
    ]) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.code).toBe('token_not_allowed');
    }
    // Even when a browser session comes along: the Bearer header decides.
    const both = await call(tokensRoute.POST, {}, { as: people.owner.userId, bearer: made.secret, method: 'POST', body: { name: 'b', tenant: tenant.slug, role: 'owner' } });
    expect(both.body.code).toBe('token_not_allowed');
    expect(await db().apiToken.count({ where: { userId: people.owner.userId } })).toBe(1);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).revokedAt).toBeNull();
    // The refusal is in the log, as made with that token.
    const refusal = await db().auditEvent.findFirst({ where: { outcome: 'refused', actorId: people.owner.userId, tokenId: made.token.id } });
    expect(refusal?.tokenName).toBe('a');
  });

  it('a role above the creator’s is refused; an owner may make owner tokens; bad input names the field', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', member: 'member' });
    const over = await call(tokensRoute.POST, {}, { as: people.member.userId, method: 'POST', body: { name: 'x', tenant: tenant.slug, role: 'admin' } });
    expect(over.status).toBe(403);
    expect(over.body.errors).toHaveProperty('role');
    await makeToken(people.member.userId, { name: 'x', tenant: tenant.slug, role: 'member' });
    await makeToken(people.owner.userId, { name: 'x', tenant: tenant.slug, role: 'owner' });
    const elsewhere = await createTenant();
    const notMine = await call(tokensRoute.POST, {}, { as: people.owner.userId, method: 'POST', body: { name: 'x', tenant: elsewhere.slug, role: 'viewer' } });
    expect(notMine.status).toBe(400);
    expect(notMine.body.errors).toHaveProperty('tenant');
    const pa = await call(tokensRoute.POST, {}, { as: people.owner.userId, method: 'POST', body: { name: 'x', platformAdmin: true } });
    expect(pa.status).toBe(403);
    for (const [body, field] of [
      [{ tenant: tenant.slug, role: 'viewer' }, 'name'],
      [{ name: 'x', role: 'viewer' }, 'tenant'],
      [{ name: 'x', tenant: tenant.slug }, 'role'],
      [{ name: 'x', tenant: tenant.slug, role: 'god' }, 'role'],
      [{ name: 'x', tenant: tenant.slug, role: 'viewer', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', tenant: tenant.slug, role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', tenant: tenant.slug, role: 'viewer', extra: 1 }, 'extra'],
    ] as const) {
      const r = await call(tokensRoute.POST, {}, { as: people.owner.userId, method: 'POST', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors, JSON.stringify(r.body)).toHaveProperty(field);
    }
    expect(await db().apiToken.count({ where: { tenantId: tenant.id } })).toBe(2);
  });

  it('a token acts with the lower of its role and its owner’s current role, and stops when the owner leaves or is disabled', async () => {
    await seedCatalog();
    const { tenant, people } = await tenantWith({ owner: 'owner', dev: 'admin' });
    const dev = await makeToken(people.dev.userId, { name: 'dev', tenant: tenant.slug, role: 'admin' });
    const viewerToken = await makeToken(people.dev.userId, { name: 'ro', tenant: tenant.slug, role: 'viewer' });
    expect((await call(membersRoute.GET, { slug: tenant.slug }, { bearer: dev.secret })).status).toBe(200);
    expect((await call(quotaRoute.GET, { slug: tenant.slug }, { bearer: dev.secret })).status).toBe(200);
    // A viewer token of an admin reads, and does no more.
    expect((await listInstances(viewerToken.secret, tenant.slug)).status).toBe(200);
    expect((await createInstance(viewerToken.secret, tenant.slug)).status).toBe(403);
    expect((await call(membersRoute.GET, { slug: tenant.slug }, { bearer: viewerToken.secret })).status).toBe(403);

    // The owner is demoted to viewer: the admin token now reads only.
    await db().membership.update({ where: { id: people.dev.membershipId }, data: { role: 'viewer' } });
    expect((await call(membersRoute.GET, { slug: tenant.slug }, { bearer: dev.secret })).status).toBe(403);
    expect((await createInstance(dev.secret, tenant.slug)).status).toBe(403);
    expect((await listInstances(dev.secret, tenant.slug)).status).toBe(200);
    const me = await call(meRoute.GET, {}, { bearer: dev.secret });
    expect(me.body.token).toMatchObject({ name: 'dev', role: 'viewer', tenant: tenant.slug });
    // Promoted back to member: creates work again, up to the token's role.
    await db().membership.update({ where: { id: people.dev.membershipId }, data: { role: 'member' } });
    expect((await createInstance(dev.secret, tenant.slug)).status).toBe(202);

    // Removed from the organisation: the token is refused, and joining again does not revive it.
    await db().membership.delete({ where: { id: people.dev.membershipId } });
    expect((await listInstances(dev.secret, tenant.slug)).body.code).toBe('invalid_token');
    await addMember(tenant.id, people.dev.userId, 'admin');
    expect((await listInstances(dev.secret, tenant.slug)).status).toBe(401);

    // Disabled owner: refused at once.
    const owner = await makeToken(people.owner.userId, { name: 'o', tenant: tenant.slug, role: 'owner' });
    expect((await listInstances(owner.secret, tenant.slug)).status).toBe(200);
    const admin = await createUser({ isPlatformAdmin: true });
    const disabled = await call(adminUserRoute.PATCH, { id: people.owner.userId }, { as: admin.id, method: 'PATCH', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((await listInstances(owner.secret, tenant.slug)).status).toBe(401);
  });

  it('expired, unknown and malformed tokens are refused with 401 invalid_token', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const made = await makeToken(people.owner.userId, { name: 'soon', tenant: tenant.slug, role: 'viewer', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await listInstances(made.secret, tenant.slug)).status).toBe(200);
    await db().apiToken.update({ where: { id: made.token.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    for (const secret of [made.secret, `ovc_${'A'.repeat(43)}`, 'not-a-token', '', made.secret.slice(0, -1)]) {
      const r = await listInstances(secret, tenant.slug);
      expect(r.status, secret).toBe(401);
      expect(r.body.code).toBe('invalid_token');
    }
    const listed = await call(tokensRoute.GET, {}, { as: people.owner.userId });
    expect((listed.body.tokens as { status: string }[])[0]!.status).toBe('expired');
  });

  it('a tenant token reaches only its own organisation (404 elsewhere) and never the admin area, even its admin owner’s', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const other = await createTenant();
    await addMember(other.id, people.owner.userId, 'owner');
    await db().user.update({ where: { id: people.owner.userId }, data: { isPlatformAdmin: true } });
    const made = await makeToken(people.owner.userId, { name: 'scoped', tenant: tenant.slug, role: 'owner' });
    expect((await listInstances(made.secret, tenant.slug)).status).toBe(200);
    const elsewhere = await listInstances(made.secret, other.slug);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('not_found');
    const admin = await call(adminUsersRoute.GET, {}, { bearer: made.secret });
    expect(admin.status).toBe(404);
    // GET /me shows only the token's organisation.
    const me = await call(meRoute.GET, {}, { bearer: made.secret });
    expect(me.status).toBe(200);
    expect((me.body.tenants as { slug: string }[]).map((t) => t.slug)).toEqual([tenant.slug]);
    expect(me.body.user).toMatchObject({ id: people.owner.userId, isPlatformAdmin: false });
  });

  it('a platform-admin token is made only by a platform admin and works only while its owner is one', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    await createUser({ isPlatformAdmin: true }); // so that the first one may be unmade
    const { tenant } = await tenantWith({ owner: 'owner' });
    const made = await makeToken(admin.id, { name: 'ops', platformAdmin: true, expiresInDays: 7 });
    expect(made.token).toMatchObject({ role: null });
    expect((await call(adminUsersRoute.GET, {}, { bearer: made.secret })).status).toBe(200);
    expect((await listInstances(made.secret, tenant.slug)).status).toBe(200);
    await db().user.update({ where: { id: admin.id }, data: { isPlatformAdmin: false } });
    expect((await call(adminUsersRoute.GET, {}, { bearer: made.secret })).status).toBe(401);
  });

  it('platform admins list and revoke a user’s tokens; others get 404', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const { tenant, people } = await tenantWith({ owner: 'owner', nosy: 'admin' });
    const made = await makeToken(people.owner.userId, { name: 'x', tenant: tenant.slug, role: 'viewer' });
    expect((await call(adminTokensRoute.GET, { id: people.owner.userId }, { as: people.nosy.userId })).status).toBe(404);
    expect((await call(adminTokenRoute.DELETE, { id: people.owner.userId, tokenId: made.token.id }, { as: people.nosy.userId, method: 'DELETE' })).status).toBe(404);
    const listed = await call(adminTokensRoute.GET, { id: people.owner.userId }, { as: admin.id });
    expect((listed.body.tokens as { id: string }[]).map((t) => t.id)).toEqual([made.token.id]);
    // The token id must belong to the user in the path.
    expect((await call(adminTokenRoute.DELETE, { id: people.nosy.userId, tokenId: made.token.id }, { as: admin.id, method: 'DELETE' })).status).toBe(404);
    expect((await listInstances(made.secret, tenant.slug)).status).toBe(200);
    expect((await call(adminTokenRoute.DELETE, { id: people.owner.userId, tokenId: made.token.id }, { as: admin.id, method: 'DELETE' })).status).toBe(200);
    expect((await listInstances(made.secret, tenant.slug)).status).toBe(401);
    const entry = await db().auditEvent.findFirstOrThrow({ where: { action: 'admin.api_token_revoked', targetId: made.token.id } });
    expect(entry.actorId).toBe(admin.id);
  });

  it('records the token on audit entries, and notes its last use at most once a minute', async () => {
    await seedCatalog();
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const made = await makeToken(people.owner.userId, { name: 'deploy-bot', tenant: tenant.slug, role: 'member' });
    expect((await createInstance(made.secret, tenant.slug)).status).toBe(202);
    const created = await db().auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'instance.created' } });
    expect(created).toMatchObject({ actorId: people.owner.userId, tokenId: made.token.id, tokenName: 'deploy-bot' });
    // The log says so: in its API (and so the page) and its CSV.
    const log = await call(auditRoute.GET, { slug: tenant.slug }, { as: people.owner.userId, path: `/api/v1/tenants/${tenant.slug}/audit?action=instance.created` });
    expect((log.body.entries as { via: unknown }[])[0]!.via).toEqual({ tokenId: made.token.id, tokenName: 'deploy-bot' });
    const csv = await call(auditRoute.GET, { slug: tenant.slug }, { as: people.owner.userId, path: `/api/v1/tenants/${tenant.slug}/audit?action=instance.created&format=csv` });
    expect(String(csv.body.text)).toMatch(/instance\.created.*,token deploy-bot\r\n/);

    const first = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(first.lastUsedAt).not.toBeNull();
    await call(instancesRoute.GET, { slug: tenant.slug }, { bearer: made.secret, address: '203.0.113.9' });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).lastUsedAt).toEqual(first.lastUsedAt);
    // Over a minute later, the next use is written with its address.
    await db().apiToken.update({ where: { id: made.token.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await call(instancesRoute.GET, { slug: tenant.slug }, { bearer: made.secret, address: '203.0.113.9' });
    const later = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(later.lastUsedAddress).toBe('203.0.113.9');
    expect(later.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});
