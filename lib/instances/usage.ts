// A tenant's current instance usage next to its quota, for the wizard and the dashboard.
import 'server-only';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { tenantUsage } from './quota';

export async function usageOf(ctx: TenantContext) {
  const [usage, quota] = await Promise.all([
    // A single read needs no transaction (BEGIN and COMMIT are two more round trips, with a connection held).
    tenantUsage(db(), ctx.tenant.id),
    db().quota.findUnique({ where: { tenantId: ctx.tenant.id } }),
  ]);
  return {
    usage,
    quota: quota ?? { maxInstances: 0, maxVcpus: 0, maxMemoryMib: 0, maxDiskGib: 0, maxFunctions: 0 },
  };
}
