// Deterministic engine names and labels: a retry after a crash finds the same objects instead of making new ones.
import { createHash } from 'node:crypto';

export const LABEL_INSTANCE = 'overcast.instance';
export const LABEL_TENANT = 'overcast.tenant';
export const LABEL_MANAGED = 'overcast.managed';
export const LABEL_CONSOLE = 'overcast.console';

/**
 * Which console installation made an engine object (serve.ts sets it from data/console-id). The orphan sweep
 * only ever removes its own console's objects, so a test console never touches a real one on the same engine.
 */
export function consoleId(): string {
  return process.env.OVERCAST_CONSOLE_ID ?? 'default';
}

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
