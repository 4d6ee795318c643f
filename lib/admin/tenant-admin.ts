// Platform admin: create an organisation for someone, rename one, and ask for one to be deleted.
//
// Creating for someone: membership is by invitation only (issue 12), so the owner is *invited* as owner — whether or
// not the email has an account yet — and the organisation has no member until they accept (the admin manages it
// meanwhile as platform admin; the admin never becomes a member). The link is shown to the admin once.
//
// Deleting: refused while the organisation holds anything (instances, functions) unless `force` is sent with the
// slug typed as confirmation. Then only the intent is recorded here, in one transaction — the tenant marked
// deleting (gone for its members at once), every instance's desired state "deleted", every function deleted — and
// the reconciler does the engine work and removes the rows (lib/admin/tenant-deletion.ts), surviving restarts.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { uniqueViolation } from '@/lib/db/unique';
import { hashToken, INVITATION_TTL_DAYS } from '@/lib/tenants/members';
import { ZEmail, ZTenantName } from '@/lib/tenants/schemas';
import { RESERVED_SLUGS, slugify } from '@/lib/tenants/slug';
import { defaultQuota } from '@/lib/admin/quota';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { invalidateFunction } from '@/lib/functions/cache';
import { markTenantForDeletion, wakeTenantDeletion } from '@/lib/admin/tenant-deletion';
import type { SessionUser } from '@/lib/auth/context';

const SLUG_RULE = 'Use 2–40 lowercase letters, digits and hyphens, starting and ending with a letter or digit.';
export const ZTenantSlug = z
  .string({ error: SLUG_RULE })
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/, SLUG_RULE)
  .refine((s) => !RESERVED_SLUGS.has(s), 'That address is reserved by the console; choose another.');

export const ZAdminCreateTenant = z.strictObject({
  name: ZTenantName,
  /** Derived from the name when absent or empty. */
  slug: z.preprocess((v) => (v === '' ? undefined : v), ZTenantSlug.optional()),
  ownerEmail: ZEmail,
});

export const ZRenameTenant = z.strictObject({ name: ZTenantName });

export const ZDeleteTenant = z.strictObject({
  /** The organisation's slug, typed by the admin. */
  confirm: z.string({ error: 'Type the organisation’s slug to confirm.' }).max(200),
  /** Delete everything it holds first (instances, functions, their engine objects). */
  force: z.boolean({ error: 'force must be true or false.' }).optional(),
});

export type CreatedTenant = {
  tenant: { id: string; slug: string; name: string };
  /** The owner's invitation; `token` is shown once (the link is /invite/<token>). */
  invitation: { id: string; email: string; role: 'owner'; token: string; expiresAt: Date };
};

export async function createTenantForOwner(admin: SessionUser, input: unknown): Promise<CreatedTenant> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const data = parseInput(ZAdminCreateTenant, input);
  const slug = data.slug ?? slugify(data.name);
  if (!data.slug && RESERVED_SLUGS.has(slug)) throw new AppError('validation_failed', 'Some fields need attention.', { slug: 'That address is reserved by the console; choose another.' });
  const token = randomBytes(24).toString('base64url');
  try {
    return await db().$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data: { name: data.name, slug, quota: { create: await defaultQuota(tx) } } });
      const inv = await tx.invitation.create({
        data: {
          tenantId: tenant.id,
          email: data.ownerEmail,
          role: 'owner',
          tokenHash: hashToken(token),
          invitedById: admin.id,
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
        },
      });
      await recordAudit(tx, { tenantId: tenant.id, actorId: admin.id, action: 'tenant.created', targetType: 'tenant', targetId: tenant.id, metadata: { via: 'admin', slug, owner: data.ownerEmail } });
      await recordAudit(tx, { tenantId: tenant.id, actorId: admin.id, action: 'member.invited', targetType: 'invitation', targetId: inv.id, metadata: { email: data.ownerEmail, role: 'owner' } });
      return {
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
        invitation: { id: inv.id, email: inv.email, role: 'owner' as const, token, expiresAt: inv.expiresAt },
      };
    });
  } catch (err) {
    if (uniqueViolation(err)?.includes('slug')) {
      throw new AppError('conflict', 'An organisation with this address already exists.', { slug: 'Taken: choose another address.' });
    }
    throw err;
  }
}

export async function renameTenant(admin: SessionUser, tenantId: string, input: unknown): Promise<{ id: string; slug: string; name: string }> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const { name } = parseInput(ZRenameTenant, input);
  return db().$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, deletingAt: true } });
    if (!t || t.deletingAt) throw notFoundError('tenant');
    // The slug stays: it is in every URL, API client and function address of the organisation.
    const updated = await tx.tenant.update({ where: { id: tenantId }, data: { name }, select: { id: true, slug: true, name: true } });
    if (t.name !== name) await recordAudit(tx, { tenantId, actorId: admin.id, action: 'tenant.renamed', targetType: 'tenant', targetId: tenantId, metadata: { from: t.name, to: name } });
    return updated;
  });
}

export type Holdings = { instances: number; functions: number };

export async function requestTenantDeletion(admin: SessionUser, tenantId: string, input: unknown): Promise<{ status: 'deleting'; holdings: Holdings }> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const { confirm, force } = parseInput(ZDeleteTenant, input);
  const holdings = await db().$transaction(async (tx) => {
    // Row lock: a create that checks its quota under the same lock (lib/instances/create-instance.ts) either commits
    // before (and is counted and deleted here) or sees the tenant gone.
    const locked = await tx.$queryRaw<{ id: string; slug: string; name: string; deletingAt: Date | null }[]>`
      SELECT id, slug, name, "deletingAt" FROM "Tenant" WHERE id = ${tenantId} FOR UPDATE`;
    const t = locked[0];
    if (!t || t.deletingAt) throw notFoundError('tenant');
    await tx.$queryRaw`SELECT 1 FROM "Quota" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
    if (confirm.trim() !== t.slug) {
      throw new AppError('validation_failed', `Type the organisation’s slug (${t.slug}) to confirm.`, { confirm: `Type ${t.slug} to confirm.` });
    }
    const h: Holdings = {
      instances: await tx.instance.count({ where: { tenantId, deletedAt: null } }),
      functions: await tx.serverlessFunction.count({ where: { tenantId, deletedAt: null } }),
    };
    if ((h.instances || h.functions) && !force) {
      throw new AppError(
        'conflict',
        `This organisation still holds ${h.instances} instance(s) and ${h.functions} function(s). Delete them first, or delete everything with force.`,
        { confirm: 'It still holds resources.' },
        { holdings: h },
      );
    }
    const fns = await tx.serverlessFunction.findMany({ where: { tenantId, deletedAt: null }, select: { id: true } });
    await markTenantForDeletion(tx, tenantId, admin.id);
    await recordAudit(tx, { tenantId, actorId: admin.id, action: 'tenant.deletion_requested', targetType: 'tenant', targetId: tenantId, metadata: { slug: t.slug, name: t.name, force: !!force, ...h } });
    return { ...h, functionIds: fns.map((f) => f.id) };
  });
  // The gateway forgets them now (it would serve them from its cache for a few more seconds otherwise).
  for (const id of holdings.functionIds) invalidateFunction(id);
  nudgeReconciler();
  wakeTenantDeletion();
  return { status: 'deleting', holdings: { instances: holdings.instances, functions: holdings.functions } };
}
