// One user-defined bridge per tenant: containers of a tenant reach each other, Docker's isolation rules keep
// different bridges apart, and the host firewall rule (see host-firewall.ts) keeps them away from host services.
import type Docker from 'dockerode';
import { docker, callSignal, engineError, statusOf } from './client';
import { LABEL_MANAGED, LABEL_TENANT, tenantBridgeName, tenantNetworkName } from './names';

type NetworkCreateOptions = Parameters<Docker['createNetwork']>[0];

/** How a tenant's network is made (its address range is left to the engine's address pools). */
export function tenantNetworkOptions(tenantId: string): NetworkCreateOptions {
  return {
    Name: tenantNetworkName(tenantId),
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: { [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true' },
    Options: { 'com.docker.network.bridge.name': tenantBridgeName(tenantId) },
  };
}

/** Networks known to exist, per engine (a driver may talk to another daemon than the console's default one). */
const knownByEngine = new WeakMap<Docker, Set<string>>();

export async function ensureTenantNetwork(tenantId: string, engine: Docker = docker()): Promise<string> {
  const name = tenantNetworkName(tenantId);
  let known = knownByEngine.get(engine);
  if (!known) knownByEngine.set(engine, (known = new Set()));
  if (known.has(name)) return name;
  try {
    const net = engine.getNetwork(name);
    // The types omit the options argument; the modem takes abortSignal from it as for every other call.
    await (net.inspect as unknown as (o: object) => Promise<unknown>).call(net, { abortSignal: callSignal() });
  } catch (err) {
    if (statusOf(err) !== 404) throw engineError('inspect the tenant network', err);
    try {
      await engine.createNetwork({ ...tenantNetworkOptions(tenantId), abortSignal: callSignal() } as NetworkCreateOptions);
    } catch (createErr) {
      // Another process created it between our inspect and create: that is the outcome we wanted.
      if (statusOf(createErr) !== 409) throw engineError('create the tenant network', createErr);
    }
  }
  known.add(name);
  return name;
}

/** Forgets an engine's cached networks (after the daemon restarted, or in tests that remove networks). */
export function forgetNetworks(engine: Docker = docker()): void {
  knownByEngine.get(engine)?.clear();
}
