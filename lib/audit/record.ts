// Audit trail: who did what to which target, from which address, and whether it happened. Successes are written in
// the same transaction as the change they describe; refusals and failures by lib/audit/refusals.ts.
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditOutcome } from '@/lib/generated/prisma/enums';
import { clientAddressFrom, requestAudit } from './context';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

export type AuditEntry = {
  tenantId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
  outcome?: AuditOutcome;
  /** Defaults to the address of the request in progress (lib/audit/context.ts); null outside a request. */
  clientAddress?: string | null;
};

/** The request's address outside the wrappers (a server action of its own, e.g. sign-out); null outside a request. */
async function addressOfRequest(): Promise<string | null> {
  const ctx = requestAudit();
  if (ctx) return ctx.clientAddress;
  try {
    const { headers } = await import('next/headers');
    return clientAddressFrom(await headers());
  } catch {
    return null; // background work (reconciler, jobs), scripts and tests: no request
  }
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const token = requestAudit()?.token;
  await tx.auditEvent.create({
    data: {
      tenantId: entry.tenantId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
      outcome: entry.outcome ?? 'success',
      clientAddress: entry.clientAddress !== undefined ? entry.clientAddress : await addressOfRequest(),
      tokenId: token?.id ?? null,
      tokenName: token?.name ?? null,
    },
  });
}
