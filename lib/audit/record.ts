// Audit trail: who did what to which target, written in the same transaction as the change it describes.
import type { Prisma } from '@/lib/generated/prisma/client';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

export type AuditEntry = {
  tenantId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
};

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      tenantId: entry.tenantId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
    },
  });
}
