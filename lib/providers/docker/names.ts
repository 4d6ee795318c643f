// Deterministic engine names and labels: a retry after a crash finds the same objects instead of making new ones.
import { createHash } from 'node:crypto';

export const LABEL_INSTANCE = 'overcast.instance';
export const LABEL_TENANT = 'overcast.tenant';
export const LABEL_MANAGED = 'overcast.managed';
export const LABEL_CONSOLE = 'overcast.console';
/** The volumes the container was made with (volumesKey in the contract). */
export const LABEL_VOLUMES = 'overcast.volumes';

export { consoleId } from '@/lib/providers/console-id';

export function containerName(instanceId: string): string {
  return `overcast-${instanceId}`;
}

export function tenantNetworkName(tenantId: string): string {
  return `overcast-net-${tenantId}`;
}

/**
 * Linux interface name of a tenant's bridge (15 characters at most). All start with "oc-", so one host firewall
 * rule on `oc-+` keeps every tenant network away from host services.
 */
export function tenantBridgeName(tenantId: string): string {
  return `oc-${createHash('sha256').update(tenantId).digest('hex').slice(0, 12)}`;
}
