// The quota form's fields (label, unit, current value, and for a tenant what is in use), in the order the tenant's
// quota page lists them. Shared by the default-quota and the tenant pages.
import 'server-only';
import { env } from '@/lib/env';
import type { QuotaItem } from '@/lib/tenants/quota-view';
import type { TQuotaLimits } from './quota';

export type QuotaField = { name: keyof TQuotaLimits; label: string; unit: string; value: number | null; used?: string; optional?: boolean; defaultHint?: string };

const fmtUsed = (i: QuotaItem | undefined, f: (n: number) => string) => (i && i.used !== null ? f(i.used) : undefined);

export function quotaFormFields(q: TQuotaLimits, items: QuotaItem[] = []): QuotaField[] {
  const by = new Map(items.map((i) => [i.key, i]));
  const e = env();
  const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2 });
  return [
    { name: 'maxInstances', label: 'Instances', unit: 'count', value: q.maxInstances, used: fmtUsed(by.get('instances'), n) },
    { name: 'maxVcpus', label: 'vCPUs', unit: 'count', value: q.maxVcpus, used: fmtUsed(by.get('vcpus'), n) },
    { name: 'maxMemoryMib', label: 'Memory', unit: 'MiB', value: q.maxMemoryMib, used: fmtUsed(by.get('memoryMib'), (x) => `${n(x)} MiB`) },
    { name: 'maxDiskGib', label: 'Disk', unit: 'GiB', value: q.maxDiskGib, used: fmtUsed(by.get('diskGib'), (x) => `${n(x)} GiB`) },
    { name: 'maxFunctions', label: 'Functions', unit: 'count', value: q.maxFunctions, used: fmtUsed(by.get('functions'), n) },
    {
      name: 'maxFnContainers',
      label: 'Function containers',
      unit: 'at once',
      value: q.maxFnContainers,
      used: fmtUsed(by.get('functionContainers'), n),
      optional: true,
      defaultHint: String(e.OVERCAST_FN_CONTAINERS_PER_TENANT),
    },
    {
      name: 'maxFnRequestsPerSecond',
      label: 'Function requests',
      unit: 'per second',
      value: q.maxFnRequestsPerSecond,
      optional: true,
      defaultHint: String(e.OVERCAST_FN_RATE_PER_TENANT),
    },
    {
      name: 'maxFnLogMib',
      label: 'Function log storage',
      unit: 'MiB',
      value: q.maxFnLogMib,
      used: fmtUsed(by.get('functionLogBytes'), (x) => `${n(x / 1024 / 1024)} MiB`),
      optional: true,
      defaultHint: String(e.OVERCAST_FN_LOG_MIB_PER_TENANT),
    },
    { name: 'maxRegistryGib', label: 'Registry storage', unit: 'GiB', value: q.maxRegistryGib, used: fmtUsed(by.get('registryBytes'), (x) => `${n(x / 1024 ** 3)} GiB`) },
  ];
}
