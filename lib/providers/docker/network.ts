// One user-defined bridge per tenant: containers of a tenant reach each other, Docker's isolation rules keep
// different bridges apart, and the host firewall rule (see host-firewall.ts) keeps them away from host services.
// A tenant's network goes with its last container: Docker's default address pools hold only about 30 bridges.
import { docker, callSignal, engineError, statusOf } from './client';
import { consoleId, LABEL_CONSOLE, LABEL_MANAGED, LABEL_TENANT, tenantBridgeName, tenantNetworkName } from './names';

const known = new Set<string>();
/** One inspect-or-create at a time per network: two at once collide on the bridge name (not a clean 409). */
const pending = new Map<string, Promise<string>>();

export function ensureTenantNetwork(tenantId: string): Promise<string> {
  const name = tenantNetworkName(tenantId);
  if (known.has(name)) return Promise.resolve(name);
  let p = pending.get(name);
  if (!p) {
    p = inspectOrCreate(tenantId, name).finally(() => pending.delete(name));
    pending.set(name, p);
  }
  return p;
}

async function inspectOrCreate(tenantId: string, name: string): Promise<string> {
  try {
    const net = docker().getNetwork(name);
    // The types omit the options argument; the modem takes abortSignal from it as for every other call.
    await (net.inspect as unknown as (o: object) => Promise<unknown>).call(net, { abortSignal: callSignal() });
  } catch (err) {
    if (statusOf(err) !== 404) throw engineError('inspect the tenant network', err);
    try {
      await docker().createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true', [LABEL_CONSOLE]: consoleId() },
        Options: { 'com.docker.network.bridge.name': tenantBridgeName(tenantId) },
        abortSignal: callSignal(),
      } as Parameters<ReturnType<typeof docker>['createNetwork']>[0]);
    } catch (createErr) {
      // Another process created it between our inspect and create: that is the outcome we wanted.
      if (statusOf(createErr) !== 409) throw engineError('create the tenant network', createErr);
    }
  }
  known.add(name);
  return name;
}

/**
 * Per tenant: creating containers on its network (shared, so that parallel creates stay parallel) versus removing
 * the network (exclusive). Docker removes a network that only stopped or created containers use, and those could
 * not start again, so the two must never interleave in this process.
 */
export class TenantGate {
  private readers = 0;
  private writing: Promise<void> | null = null;
  private drained: (() => void)[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    this.readers++;
    try {
      return await fn();
    } finally {
      if (--this.readers === 0) for (const wake of this.drained.splice(0)) wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    let done!: () => void;
    this.writing = new Promise<void>((r) => (done = r));
    try {
      if (this.readers) await new Promise<void>((r) => this.drained.push(r));
      return await fn();
    } finally {
      this.writing = null;
      done();
    }
  }
}

const gates = new Map<string, TenantGate>();
function gate(tenantId: string): TenantGate {
  let g = gates.get(tenantId);
  if (!g) gates.set(tenantId, (g = new TenantGate()));
  return g;
}

/** Runs `fn` (which puts a container on the tenant's network) while the network cannot be removed. */
export function withTenantNetwork<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return gate(tenantId).shared(fn);
}

/** Removes the tenant's network once none of its containers is left, in any state. Best effort: never throws. */
export async function releaseTenantNetwork(tenantId: string): Promise<void> {
  await gate(tenantId).exclusive(async () => {
    const name = tenantNetworkName(tenantId);
    try {
      const left = await docker().listContainers({ all: true, filters: { label: [`${LABEL_TENANT}=${tenantId}`] }, abortSignal: callSignal() });
      if (left.length) return;
      known.delete(name);
      const net = docker().getNetwork(name);
      // The types omit the options argument; the modem takes abortSignal from it as for every other call.
      await (net.remove as unknown as (o: object) => Promise<unknown>).call(net, { abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) !== 404) console.warn(`[docker] could not remove the network ${name}: ${engineError('remove it', err).message}`);
    }
  });
}

/** Forgets cached networks (after the daemon restarted, or in tests that remove networks). */
export function forgetNetworks(): void {
  known.clear();
}
