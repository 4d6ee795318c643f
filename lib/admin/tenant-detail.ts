// Platform admin: one organisation as its admin page shows it — quota with use, members and pending invitations,
// instances and functions (read-only), the month-to-date bill and forecast, and its latest audit entries.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import { quotaItems, type QuotaItem } from '@/lib/tenants/quota-view';
import type { MonthView } from '@/lib/billing/service';
import { monthOrNull, suspensionOf } from './tenant-list';
import { monthOf } from '@/lib/billing/timeline';
import type { SessionUser } from '@/lib/auth/context';
import type { Role } from '@/lib/generated/prisma/enums';
import type { TQuotaLimits } from './quota';

export type AdminTenantDetail = {
  tenant: { id: string; slug: string; name: string; status: string; suspension: { at: Date; reason: string } | null; createdAt: Date; deletingAt: Date | null };
  quota: QuotaItem[];
  /** The stored limits (the quota form's values); null for a tenant without a quota row. */
  limits: TQuotaLimits | null;
  members: { id: string; userId: string; email: string; name: string; role: Role; since: Date }[];
  invitations: { id: string; email: string; role: Role; expiresAt: Date }[];
  instances: { id: string; name: string; kind: string; status: string; desiredState: string; flavor: string; createdAt: Date }[];
  functions: { id: string; name: string; runtime: string; access: string; deployed: boolean; createdAt: Date }[];
  month: Pick<MonthView, 'month' | 'totalMinor' | 'forecastMinor' | 'currency' | 'minorUnits' | 'status'> | null;
  audit: { id: string; action: string; actor: string | null; targetType: string; targetId: string | null; metadata: unknown; createdAt: Date }[];
};

export const ADMIN_AUDIT_ENTRIES = 20;

export async function adminTenantDetail(admin: SessionUser, tenantId: string): Promise<AdminTenantDetail> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const t = await db().tenant.findUnique({ where: { id: tenantId } });
  if (!t) throw notFoundError('tenant');
  const [limits, memberships, invitations, instances, functions, audit] = await Promise.all([
    db().quota.findUnique({ where: { tenantId }, omit: { tenantId: true } }),
    db().membership.findMany({ where: { tenantId }, include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: 'asc' } }),
    db().invitation.findMany({ where: { tenantId, acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: 'asc' } }),
    db().instance.findMany({ where: { tenantId, deletedAt: null }, include: { flavor: { select: { name: true } } }, orderBy: { createdAt: 'asc' } }),
    db().serverlessFunction.findMany({ where: { tenantId, deletedAt: null }, orderBy: { createdAt: 'asc' } }),
    db().auditEvent.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: ADMIN_AUDIT_ENTRIES }),
  ]);
  const actors = await db().user.findMany({ where: { id: { in: [...new Set(audit.map((a) => a.actorId).filter((x): x is string => !!x))] } }, select: { id: true, email: true } });
  const emailOf = new Map(actors.map((a) => [a.id, a.email]));
  // A tenant being deleted has no bill to compute any more (its usage rows are going).
  const month = t.deletingAt ? null : await monthOrNull(tenantId, monthOf(new Date()));
  return {
    tenant: { id: t.id, slug: t.slug, name: t.name, status: t.deletingAt ? 'deleting' : t.status, suspension: suspensionOf(t), createdAt: t.createdAt, deletingAt: t.deletingAt },
    quota: await quotaItems(tenantId),
    limits,
    members: memberships.map((m) => ({ id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt })),
    instances: instances.map((i) => ({ id: i.id, name: i.name, kind: i.kind, status: i.status, desiredState: i.desiredState, flavor: i.flavor.name, createdAt: i.createdAt })),
    functions: functions.map((f) => ({ id: f.id, name: f.name, runtime: f.runtime, access: f.access, deployed: !!f.activeVersionId, createdAt: f.createdAt })),
    month: month && { month: month.month, totalMinor: month.totalMinor, forecastMinor: month.forecastMinor, currency: month.currency, minorUnits: month.minorUnits, status: month.status },
    audit: audit.map((a) => ({ id: a.id, action: a.action, actor: a.actorId ? (emailOf.get(a.actorId) ?? a.actorId) : null, targetType: a.targetType, targetId: a.targetId, metadata: a.metadata, createdAt: a.createdAt })),
  };
}

/** Just the quota with its use (GET /api/v1/admin/tenants/{id}/quota). */
export async function adminTenantQuota(admin: SessionUser, tenantId: string): Promise<QuotaItem[]> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!t) throw notFoundError('tenant');
  return quotaItems(tenantId);
}
