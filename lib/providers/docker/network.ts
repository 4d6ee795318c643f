// One user-defined bridge per tenant: containers of a tenant reach each other, Docker's isolation rules keep
// different bridges apart, and the host firewall rule (see host-firewall.ts) keeps them away from host services.
import type Docker from 'dockerode';
import { EngineError } from '@/lib/providers/types';
import { docker, callSignal, engineError, statusOf } from './client';
import { consoleId, LABEL_CONSOLE, LABEL_MANAGED, LABEL_TENANT, tenantBridgeName, tenantNetworkName } from './names';
import { freeSubnet } from './subnets';

type NetworkCreateOptions = Parameters<Docker['createNetwork']>[0];

/** How a tenant's network is made in `subnet`, the console's choice (see subnets.ts), not the engine's pools. */
function tenantNetworkOptions(tenantId: string, subnet: string): NetworkCreateOptions {
  return {
    Name: tenantNetworkName(tenantId),
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: { [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true', [LABEL_CONSOLE]: consoleId() },
    Options: { 'com.docker.network.bridge.name': tenantBridgeName(tenantId) },
    IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
  };
}

/** Networks known to exist, per engine (a driver may talk to another daemon than the console's default one). */
const knownByEngine = new WeakMap<Docker, Set<string>>();

type NetworkInfo = { Name: string; Labels?: Record<string, string>; IPAM?: { Config?: { Subnet?: string }[] } };

/** A network the console makes: its name, whose /24 it takes (see subnets.ts), how it is made, and what to call it in errors. */
export type ConsoleNetwork = { name: string; subnetKey: string; what: string; options: (subnet: string) => NetworkCreateOptions };

/** Creates the network in a free /24; when another network took it meanwhile (overlap), tries the next one. */
async function createInFreeSubnet(engine: Docker, net: ConsoleNetwork): Promise<void> {
  const refused = new Set<string>();
  for (let attempt = 0; attempt < 5; attempt++) {
    let networks: NetworkInfo[];
    try {
      networks = (await engine.listNetworks({ abortSignal: callSignal() } as object)) as NetworkInfo[];
    } catch (err) {
      throw engineError('list networks', err);
    }
    const subnet = freeSubnet(net.subnetKey, networks.flatMap((n) => (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? [c.Subnet] : []))), refused);
    if (!subnet) throw engineError(`create the ${net.what}`, new Error('no free /24 left in OVERCAST_TENANT_SUBNETS'));
    try {
      await engine.createNetwork({ ...net.options(subnet), abortSignal: callSignal() } as NetworkCreateOptions);
      return;
    } catch (err) {
      // Another process created it between our inspect and create: that is the outcome we wanted.
      if (statusOf(err) === 409) return;
      if (!/overlap/i.test(`${(err as Error).message} ${(err as { json?: { message?: string } }).json?.message ?? ''}`)) throw engineError(`create the ${net.what}`, err);
      refused.add(subnet);
    }
  }
  throw engineError(`create the ${net.what}`, new Error('every subnet tried was taken meanwhile'));
}

/** Makes sure the network exists: inspects it, and creates it in a free /24 when the engine has none by that name. */
export async function inspectOrCreateNetwork(engine: Docker, net: ConsoleNetwork): Promise<void> {
  try {
    const n = engine.getNetwork(net.name);
    // The types omit the options argument; the modem takes abortSignal from it as for every other call.
    await (n.inspect as unknown as (o: object) => Promise<unknown>).call(n, { abortSignal: callSignal() });
  } catch (err) {
    if (statusOf(err) !== 404) throw engineError(`inspect the ${net.what}`, err);
    await createInFreeSubnet(engine, net);
  }
}

/**
 * Removes this console's tenant networks whose tenant has no live instance and no container left (a stopped
 * container still needs its network to start again). Returns how many it removed.
 */
export async function removeIdleTenantNetworks(liveTenants: Pick<ReadonlySet<string>, 'has'>, engine: Docker = docker()): Promise<number> {
  let removed = 0;
  try {
    const networks = (await engine.listNetworks({ filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_CONSOLE}=${consoleId()}`] }, abortSignal: callSignal() } as object)) as NetworkInfo[];
    for (const n of networks) {
      const tenantId = n.Labels?.[LABEL_TENANT];
      if (!tenantId || liveTenants.has(tenantId)) continue;
      const containers = await engine.listContainers({ all: true, filters: { label: [`${LABEL_TENANT}=${tenantId}`] }, abortSignal: callSignal() } as object);
      if (containers.length) continue;
      await engine.getNetwork(n.Name).remove({ abortSignal: callSignal() } as object);
      knownByEngine.get(engine)?.delete(n.Name);
      removed++;
    }
  } catch (err) {
    if (statusOf(err) !== 404) throw engineError('remove idle tenant networks', err);
  }
  return removed;
}

/** Removes the tenant's network (its organisation is being deleted); refused while a container of it is left. */
export async function removeTenantNetwork(tenantId: string, engine: Docker = docker()): Promise<void> {
  const name = tenantNetworkName(tenantId);
  try {
    const containers = await engine.listContainers({ all: true, filters: { label: [`${LABEL_TENANT}=${tenantId}`] }, abortSignal: callSignal() } as object);
    if (containers.length) throw new EngineError(`The tenant network is still used by ${containers.length} container(s).`, true);
    await engine.getNetwork(name).remove({ abortSignal: callSignal() } as object);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    if (statusOf(err) !== 404) throw engineError('remove the tenant network', err);
  } finally {
    knownByEngine.get(engine)?.delete(name);
  }
}

/** One inspect-or-create at a time per engine and network: two at once collide on the bridge name (not a 409). */
const pendingByEngine = new WeakMap<Docker, Map<string, Promise<string>>>();

export function ensureTenantNetwork(tenantId: string, engine: Docker = docker()): Promise<string> {
  const name = tenantNetworkName(tenantId);
  let known = knownByEngine.get(engine);
  if (!known) knownByEngine.set(engine, (known = new Set()));
  if (known.has(name)) return Promise.resolve(name);
  let pending = pendingByEngine.get(engine);
  if (!pending) pendingByEngine.set(engine, (pending = new Map()));
  let p = pending.get(name);
  if (!p) {
    const cache = known;
    p = inspectOrCreateNetwork(engine, { name, subnetKey: tenantId, what: 'tenant network', options: (subnet) => tenantNetworkOptions(tenantId, subnet) })
      .then(() => (cache.add(name), name))
      .finally(() => pending.delete(name));
    pending.set(name, p);
  }
  return p;
}

/** Forgets an engine's cached networks (after the daemon restarted, or in tests that remove networks). */
export function forgetNetworks(engine: Docker = docker()): void {
  knownByEngine.get(engine)?.clear();
}
