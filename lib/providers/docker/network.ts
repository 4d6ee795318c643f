// One user-defined bridge per tenant: containers of a tenant reach each other, Docker's isolation rules keep
// different bridges apart, and the host firewall rule (see host-firewall.ts) keeps them away from host services.
import { docker, callSignal, engineError, statusOf } from './client';
import { LABEL_MANAGED, LABEL_TENANT, tenantBridgeName, tenantNetworkName } from './names';

const known = new Set<string>();

export async function ensureTenantNetwork(tenantId: string): Promise<string> {
  const name = tenantNetworkName(tenantId);
  if (known.has(name)) return name;
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
        Labels: { [LABEL_TENANT]: tenantId, [LABEL_MANAGED]: 'true' },
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

/** Forgets cached networks (after the daemon restarted, or in tests that remove networks). */
export function forgetNetworks(): void {
  known.clear();
}
