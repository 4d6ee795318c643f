// Rows for integration tests, created through Prisma, and the TenantContext that lib/auth/session.ts would build
// for them (derived from the stored rows, as in a request).
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db/client';
import { hashPassword } from '@/lib/auth/password';
import { seedContainerCatalog } from '@/lib/providers/docker/seed';
import type { TenantContext } from '@/lib/auth/context';
import type { Role, TenantStatus } from '@/lib/generated/prisma/enums';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export async function createUser(opts: { email?: string; name?: string; isPlatformAdmin?: boolean } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  return db().user.create({
    data: {
      email: opts.email ?? `user-${uniqueSuffix()}@example.test`,
      name: opts.name ?? 'Test User',
      passwordHash: await passwordHash,
      isPlatformAdmin: opts.isPlatformAdmin ?? false,
    },
  });
}

export async function createTenant(opts: { name?: string; status?: TenantStatus } = {}) {
  const suffix = uniqueSuffix();
  return db().tenant.create({
    data: {
      name: opts.name ?? `Tenant ${suffix}`,
      slug: `tenant-${suffix}`,
      status: opts.status ?? 'active',
      quota: { create: {} },
    },
  });
}

export function addMember(tenantId: string, userId: string, role: Role) {
  return db().membership.create({ data: { tenantId, userId, role } });
}

/** A tenant with one member per requested role; returns the rows keyed by role name. */
export async function tenantWith<R extends string>(roles: Record<R, Role>, opts: { status?: TenantStatus } = {}) {
  const tenant = await createTenant(opts);
  const people = {} as Record<R, { userId: string; membershipId: string }>;
  for (const [key, role] of Object.entries(roles) as [R, Role][]) {
    const user = await createUser({ name: key });
    const m = await addMember(tenant.id, user.id, role);
    people[key] = { userId: user.id, membershipId: m.id };
  }
  return { tenant, people };
}

/** The context a signed-in `userId` gets in `tenantId`, read from the database like lib/auth/session.ts does. */
export async function contextFor(userId: string, tenantId: string): Promise<TenantContext> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, isPlatformAdmin: true },
  });
  const tenant = await db().tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { id: true, slug: true, name: true, status: true },
  });
  const membership = await db().membership.findUnique({ where: { userId_tenantId: { userId, tenantId } } });
  return { user, tenant, principal: { userId, isPlatformAdmin: user.isPlatformAdmin, role: membership?.role ?? null } };
}

/**
 * Row counts of every table a domain call may write, to prove that a refused call wrote nothing. Audit entries are
 * counted when they record a success: a refused write through a route is itself audited (outcome `refused`).
 */
export async function tableCounts() {
  const [users, tenants, memberships, quotas, invitations, auditEvents] = await Promise.all([
    db().user.count(),
    db().tenant.count(),
    db().membership.count(),
    db().quota.count(),
    db().invitation.count(),
    db().auditEvent.count({ where: { outcome: 'success' } }),
  ]);
  return { users, tenants, memberships, quotas, invitations, auditEvents };
}

/** Runs `fn` and returns the AppError code it threw (fails the test when it does not throw one). */
export async function errorOf(fn: () => Promise<unknown>): Promise<{ code: string; fields: Record<string, string>; message: string }> {
  try {
    await fn();
  } catch (err) {
    const e = err as { name?: string; code?: string; fields?: Record<string, string>; message: string };
    if (e.name !== 'AppError') throw err;
    return { code: e.code!, fields: e.fields ?? {}, message: e.message };
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** The container catalogue (images and flavors) as the console seeds it; truncateAll empties it for every file. */
export async function seedCatalog() {
  await seedContainerCatalog(db());
}

/** Rows a create or an action on an instance writes, to prove that a refused call wrote nothing (audit: successes). */
export async function instanceCounts() {
  const [instances, instanceEvents, auditEvents] = await Promise.all([
    db().instance.count(),
    db().instanceEvent.count(),
    db().auditEvent.count({ where: { outcome: 'success' } }),
  ]);
  return { instances, instanceEvents, auditEvents };
}

/** A valid create request for a container (the catalogue's static web server on its smallest flavor). */
export function containerInput(overrides: Record<string, unknown> = {}) {
  return { name: `web-${uniqueSuffix()}`, imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], ...overrides };
}

/** A new tenant with one member (and the quota given, defaults otherwise); the member's context in it. */
export async function memberOfNewTenant(quota: { maxInstances?: number; maxVcpus?: number; maxMemoryMib?: number } = {}) {
  const { tenant, people } = await tenantWith({ member: 'member' });
  if (Object.keys(quota).length) await db().quota.update({ where: { tenantId: tenant.id }, data: quota });
  return { tenant, ctx: await contextFor(people.member.userId, tenant.id) };
}
