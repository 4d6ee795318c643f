// A tenant's current instance usage next to its quota, for the wizard and the dashboard.
import 'server-only';
import { cache } from 'react';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { tenantUsage } from './quota';

/**
 * The tenant's usage and its quota row, read once per server render (React's cache): the dashboard shows them in
 * three places (the instance count, the overview, the quota table), and the usage sums every live instance. A single
 * read needs no transaction (BEGIN and COMMIT are two more round trips, with a connection held).
 */
export const tenantUsageOnce = cache((tenantId: string) => tenantUsage(db(), tenantId));
export const quotaRowOnce = cache((tenantId: string) => db().quota.findUnique({ where: { tenantId } }));

export async function usageOf(ctx: TenantContext) {
  const [usage, quota] = await Promise.all([tenantUsageOnce(ctx.tenant.id), quotaRowOnce(ctx.tenant.id)]);
  return {
    usage,
    quota: quota ?? { maxInstances: 0, maxVcpus: 0, maxMemoryMib: 0, maxDiskGib: 0, maxFunctions: 0 },
  };
}
