// Sign-up (lib/tenants/sign-up.ts) and the first platform admin (lib/admin/first-admin.ts).
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { standaloneClient } from '@/lib/db/standalone';
import { verifyPassword } from '@/lib/auth/password';
import { ensureFirstAdmin } from '@/lib/admin/first-admin';
import { signUp } from '@/lib/tenants/sign-up';
import { createTenant, createUser, errorOf, tableCounts } from '../fixtures';
import { truncateAll } from '../db';

const input = (over: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  email: 'ada@example.test',
  password: 'analytical engine 1843',
  organisation: 'Analytical Engines Ltd',
  ...over,
});

// Every test here starts from empty tables: sign-up and the first admin are about what exists globally.
beforeEach(() => truncateAll(inject('databaseUrl')));

describe('sign-up', () => {
  it('creates the user, the tenant, an owner membership, a quota and an audit event together', async () => {
    const result = await signUp(input({ email: ' ADA@Example.test ' }));
    const user = await db().user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ email: 'ada@example.test', name: 'Ada Lovelace', isPlatformAdmin: false });
    expect(await verifyPassword(user.passwordHash, 'analytical engine 1843')).toBe(true);
    expect(user.passwordHash).not.toContain('analytical');

    const tenant = await db().tenant.findUniqueOrThrow({
      where: { slug: result.tenantSlug },
      include: { memberships: true, quota: true, auditEvents: true },
    });
    expect(tenant).toMatchObject({ name: 'Analytical Engines Ltd', slug: 'analytical-engines-ltd', status: 'active' });
    expect(tenant.memberships).toMatchObject([{ userId: user.id, role: 'owner' }]);
    expect(tenant.quota).not.toBeNull();
    expect(tenant.auditEvents).toMatchObject([
      { action: 'tenant.created', actorId: user.id, targetType: 'tenant', targetId: tenant.id, metadata: { via: 'signup' } },
    ]);
  });

  it('a duplicate email is a conflict on the email field and writes nothing', async () => {
    await signUp(input());
    const before = await tableCounts();
    const err = await errorOf(() => signUp(input({ email: 'Ada@example.test', organisation: 'Another Org' })));
    expect(err.code).toBe('conflict');
    expect(err.fields.email).toMatch(/already exists/);
    expect(await tableCounts()).toEqual(before);
    expect(await db().tenant.count({ where: { name: 'Another Org' } })).toBe(0);
  });

  it('a taken or reserved organisation address gets a suffix instead of failing', async () => {
    await createTenant({ name: 'Taken' }).then((t) => db().tenant.update({ where: { id: t.id }, data: { slug: 'acme' } }));
    const taken = await signUp(input({ email: 'one@example.test', organisation: 'Acme' }));
    expect(taken.tenantSlug).toMatch(/^acme-[0-9a-f]{6}$/);
    const reserved = await signUp(input({ email: 'two@example.test', organisation: 'Admin' }));
    expect(reserved.tenantSlug).toMatch(/^admin-[0-9a-f]{6}$/);
  });

  it.each([
    { over: { email: 'not-an-email' }, field: 'email', reason: 'email must look like one' },
    { over: { password: 'short' }, field: 'password', reason: 'passwords have at least 12 characters' },
    { over: { name: '   ' }, field: 'name', reason: 'a name is required' },
    { over: { organisation: 'x' }, field: 'organisation', reason: 'organisation names have at least 2 characters' },
  ])('invalid $field is a field error and writes nothing ($reason)', async ({ over, field }) => {
    const before = await tableCounts();
    const err = await errorOf(() => signUp(input(over)));
    expect(err.code).toBe('validation_failed');
    expect(Object.keys(err.fields)).toEqual([field]);
    expect(await tableCounts()).toEqual(before);
  });

  it('is refused with signup_disabled when an admin switched it off, and writes nothing', async () => {
    await db().setting.create({ data: { key: 'signup.enabled', value: false } });
    const before = await tableCounts();
    expect((await errorOf(() => signUp(input()))).code).toBe('signup_disabled');
    expect(await tableCounts()).toEqual(before);

    await db().setting.update({ where: { key: 'signup.enabled' }, data: { value: true } });
    await expect(signUp(input())).resolves.toMatchObject({ tenantSlug: 'analytical-engines-ltd' });
  });
});

describe('first platform admin', () => {
  it('is created once with a generated password, and the second call is a no-op', async () => {
    const client = standaloneClient(inject('databaseUrl'));
    try {
      const first = await ensureFirstAdmin(client);
      if (!first.created) throw new Error('expected the admin to be created');
      expect(first).toMatchObject({ email: 'admin@overcast.local', generated: true });
      expect(first.password.length).toBeGreaterThanOrEqual(16);
      const admin = await client.user.findUniqueOrThrow({ where: { email: 'admin@overcast.local' } });
      expect(admin.isPlatformAdmin).toBe(true);
      expect(await verifyPassword(admin.passwordHash, first.password)).toBe(true);

      const countsAfterFirst = await tableCounts();
      expect(await ensureFirstAdmin(client, { email: 'other@example.test', password: 'another long password' })).toEqual({
        created: false,
      });
      expect(await tableCounts()).toEqual(countsAfterFirst);
      expect(await client.user.findUniqueOrThrow({ where: { id: admin.id } })).toEqual(admin);
      expect(await client.auditEvent.count({ where: { action: 'platform.first_admin_created' } })).toBe(1);
    } finally {
      await client.$disconnect();
    }
  });

  it('uses the configured email and password, promoting an existing account with that email', async () => {
    const client = standaloneClient(inject('databaseUrl'));
    try {
      const existing = await createUser({ email: 'ops@example.test' });
      const result = await ensureFirstAdmin(client, { email: ' OPS@example.test ', password: 'configured password 1' });
      expect(result).toEqual({ created: true, email: 'ops@example.test', password: 'configured password 1', generated: false });
      const admin = await client.user.findUniqueOrThrow({ where: { id: existing.id } });
      expect(admin.isPlatformAdmin).toBe(true);
      expect(await verifyPassword(admin.passwordHash, 'configured password 1')).toBe(true);
      expect(await client.user.count()).toBe(1);
    } finally {
      await client.$disconnect();
    }
  });
});
