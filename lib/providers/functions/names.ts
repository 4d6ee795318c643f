// Labels and names of the functions pool's engine objects. Every container carries the console id, and those made
// for one function version (plain cold creates) its function, version and tenant too, so a console that restarts
// finds what its predecessor left and adopts or removes it. Stem cells are made before anyone claims them: they
// carry the stem role, and the bootstrap itself says (GET /health) whether it was given code since.
import { createHash } from 'node:crypto';
import { consoleId } from '@/lib/providers/console-id';

export const LABEL_FN_ROLE = 'overcast.fn.role';
export const LABEL_FN_FUNCTION = 'overcast.fn.function';
export const LABEL_FN_VERSION = 'overcast.fn.version';
export const LABEL_FN_TENANT = 'overcast.fn.tenant';
export const LABEL_FN_MEMORY = 'overcast.fn.memory';
export { LABEL_CONSOLE } from '@/lib/providers/docker/names';

export function functionNetworkName(): string {
  return `overcast-fn-${consoleId()}`;
}

/**
 * The function network's Linux bridge: "oc-" like the tenant bridges, so the host firewall's `oc-+` rules keep
 * functions away from the host's services (the console's port among them). 15 characters at most.
 */
export function functionBridgeName(): string {
  return `oc-f${createHash('sha256').update(consoleId()).digest('hex').slice(0, 11)}`;
}
