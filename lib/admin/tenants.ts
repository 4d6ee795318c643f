// Platform admin: suspend and reactivate an organisation, each with the reason the admin types.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { invalidateTenantFunctions } from '@/lib/functions/cache';
import { intendSuspensionStops } from './tenant-suspension';
import { wakeTenantDeletion } from './tenant-deletion';
import { z } from 'zod';

export const REASON_MIN = 3;
export const REASON_MAX = 500;

export const ZTenantStatusChange = z.strictObject({
  status: z.enum(['active', 'suspended'], { error: 'Status must be active or suspended.' }),
  reason: z
    .string({ error: 'Give a reason (it is shown to the organisation and kept in the audit log).' })
    .trim()
    .min(REASON_MIN, `Give a reason of at least ${REASON_MIN} characters (it is shown to the organisation and kept in the audit log).`)
    .max(REASON_MAX, `The reason can be at most ${REASON_MAX} characters.`),
});

export type StatusChange = { status: 'active' | 'suspended'; instancesStopping: number };

/**
 * Suspends (intent first: the status and every running instance's stop, in one transaction; then the reconciler is
 * woken) or reactivates (the status only: nothing is started) an organisation.
 */
export async function setTenantStatus(admin: SessionUser, tenantId: string, input: unknown): Promise<StatusChange> {
  const { status, reason } = parseInput(ZTenantStatusChange, input);
  const result = await db().$transaction(async (tx) => {
    // Locked: two admins (or a deletion) acting at once take turns, and the second sees the first's outcome.
    const [t] = await tx.$queryRaw<{ id: string; status: string; deletingAt: Date | null }[]>`
      SELECT id, status::text AS status, "deletingAt" FROM "Tenant" WHERE id = ${tenantId} FOR UPDATE`;
    if (!t || t.deletingAt) throw notFoundError('tenant');
    if (t.status === status) {
      throw new AppError('invalid_state', status === 'suspended' ? 'This organisation is already suspended.' : 'This organisation is already active.');
    }
    if (status === 'suspended') {
      await tx.tenant.update({ where: { id: tenantId }, data: { status, suspendedAt: new Date(), suspendedById: admin.id, suspensionReason: reason } });
      const stopping = await intendSuspensionStops(tx, tenantId, admin.id, `Stop requested: the organisation was suspended by ${admin.email}`);
      const functions = await tx.serverlessFunction.count({ where: { tenantId, deletedAt: null } });
      await recordAudit(tx, {
        tenantId,
        actorId: admin.id,
        action: 'tenant.suspended',
        targetType: 'tenant',
        targetId: tenantId,
        metadata: { reason, instancesStopping: stopping, functions },
      });
      return { status, instancesStopping: stopping } as const;
    }
    await tx.tenant.update({ where: { id: tenantId }, data: { status, suspendedAt: null, suspendedById: null, suspensionReason: null } });
    await recordAudit(tx, { tenantId, actorId: admin.id, action: 'tenant.reactivated', targetType: 'tenant', targetId: tenantId, metadata: { reason } });
    return { status, instancesStopping: 0 } as const;
  });
  // After the commit: the gateway reads the new status at its next request; the reconciler stops the instances and
  // its tenant loop removes the functions' containers.
  invalidateTenantFunctions(tenantId);
  if (status === 'suspended') {
    nudgeReconciler();
    wakeTenantDeletion();
  }
  return result;
}
