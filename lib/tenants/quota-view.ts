// A tenant's quota as the settings page, the dashboard and GET /api/v1/tenants/{slug}/quota show it: each limit with
// what is in use. The functions' limits left unset in the quota are the console's defaults (lib/env.ts).
import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { quotaRowOnce, tenantUsageOnce } from '@/lib/instances/usage';
import { tenantLogStorage } from '@/lib/functions/log-storage';
import { functionsProvider } from '@/lib/providers/registry';
import { registryUsage } from '@/lib/registry/quota';

export type QuotaUnit = 'count' | 'vcpus' | 'mib' | 'gib' | 'bytes' | 'per_second';

export type QuotaItem = {
  key: 'instances' | 'vcpus' | 'memoryMib' | 'diskGib' | 'functions' | 'functionContainers' | 'functionLogBytes' | 'functionRequestsPerSecond' | 'registryBytes';
  label: string;
  unit: QuotaUnit;
  /** null when the limit is a rate (nothing is "in use"). */
  used: number | null;
  limit: number;
  /** Set for limits the quota leaves to the console's default. */
  isDefault?: boolean;
  note?: string;
};

export async function tenantQuota(ctx: TenantContext): Promise<QuotaItem[]> {
  authorize(ctx, 'quota.read');
  return quotaItems(ctx.tenant.id);
}

/** Every limit of the tenant with its use (no authorization: callers check). */
export async function quotaItems(tenantId: string): Promise<QuotaItem[]> {
  const [quota, usage, functions, logs, registry] = await Promise.all([
    // Once per render (the dashboard shows them elsewhere too); no transaction.
    quotaRowOnce(tenantId),
    tenantUsageOnce(tenantId),
    db().serverlessFunction.count({ where: { tenantId, deletedAt: null } }),
    tenantLogStorage(tenantId),
    registryUsage(tenantId),
  ]);
  const e = env();
  const q = quota ?? { maxInstances: 0, maxVcpus: 0, maxMemoryMib: 0, maxDiskGib: 0, maxFunctions: 0, maxFnContainers: null, maxFnLogMib: null, maxFnRequestsPerSecond: null, maxRegistryGib: 0 };
  const perFunction = e.OVERCAST_FN_RATE_PER_FUNCTION;
  return [
    { key: 'vcpus', label: 'vCPUs', unit: 'vcpus', used: usage.cpuMillis / 1000, limit: q.maxVcpus },
    { key: 'memoryMib', label: 'Memory', unit: 'mib', used: usage.memoryMib, limit: q.maxMemoryMib },
    { key: 'instances', label: 'Instances', unit: 'count', used: usage.instances, limit: q.maxInstances },
    { key: 'diskGib', label: 'Disk', unit: 'gib', used: usage.diskGib, limit: q.maxDiskGib },
    { key: 'functions', label: 'Functions', unit: 'count', used: functions, limit: q.maxFunctions },
    {
      key: 'functionContainers',
      label: 'Function containers',
      unit: 'count',
      used: functionsProvider().runtime({ create: false })?.tenantContainers(tenantId) ?? 0,
      limit: q.maxFnContainers ?? e.OVERCAST_FN_CONTAINERS_PER_TENANT,
      isDefault: q.maxFnContainers === null,
      note: 'warm or starting; idle ones make room for others',
    },
    {
      key: 'functionLogBytes',
      label: 'Function log storage',
      unit: 'bytes',
      used: logs.bytes,
      limit: logs.limitBytes,
      isDefault: q.maxFnLogMib === null,
      note: logs.dropped ? `full: ${logs.dropped} line(s) of new output dropped` : undefined,
    },
    {
      key: 'functionRequestsPerSecond',
      label: 'Function requests',
      unit: 'per_second',
      used: null,
      limit: q.maxFnRequestsPerSecond ?? e.OVERCAST_FN_RATE_PER_TENANT,
      isDefault: q.maxFnRequestsPerSecond === null,
      note: perFunction > 0 ? `at most ${perFunction}/s per function` : undefined,
    },
    {
      key: 'registryBytes',
      label: 'Registry storage',
      unit: 'bytes',
      used: registry.bytes ?? registry.lastBytes?.bytes ?? 0,
      limit: q.maxRegistryGib * 1024 ** 3,
      note:
        registry.bytes !== null
          ? 'shared layers counted once; billed per GiB-month'
          : registry.lastBytes
            ? `the registry is not reachable right now: as measured at ${registry.lastBytes.measuredAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
            : 'the registry is not reachable right now',
    },
  ];
}
