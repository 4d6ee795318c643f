// Tenant networks on the real engine: each gets a /24 of the console's own range (not the engine's ~31 default
// pools), and the sweep removes a network once its tenant has no live instance and no container left.
import { afterAll, describe, expect, it } from 'vitest';
import { docker } from '@/lib/providers/docker/client';
import { tenantNetworkName } from '@/lib/providers/docker/names';
import { DockerDriver } from '@/lib/providers/docker/driver';
import { ensureTenantNetwork, forgetNetworks, removeIdleTenantNetworks } from '@/lib/providers/docker/network';
import type { ContainerInstance } from '@/lib/providers/docker/spec';
import { parseCidr, overlaps, tenantRange } from '@/lib/providers/docker/subnets';
import { ownConsoleId, removeOwnObjects } from '../docker';

const consoleId = ownConsoleId();
const tenants = Array.from({ length: 40 }, (_, i) => `nettest-${consoleId}-${i}`);

afterAll(async () => {
  await removeOwnObjects(docker(), consoleId, tenants);
});

describe('tenant networks', () => {
  it('gives 40 tenants 40 distinct /24s inside the console range, more than the engine pools would hold', async () => {
    await Promise.all(tenants.map((t) => ensureTenantNetwork(t)));
    const subnets = await Promise.all(
      tenants.map(async (t) => ((await docker().getNetwork(tenantNetworkName(t)).inspect()) as { IPAM: { Config: { Subnet: string }[] } }).IPAM.Config[0].Subnet),
    );
    expect(new Set(subnets).size).toBe(40);
    for (const s of subnets) {
      expect(s).toMatch(/\/24$/);
      expect(overlaps(parseCidr(s), tenantRange())).toBe(true);
    }
  });

  it('removes only idle networks of this console: live tenants and tenants with containers keep theirs', async () => {
    const [live, withContainer, ...idle] = tenants;
    const c = await docker().createContainer({ Image: 'overcast/shell:1', name: `nettest-${consoleId}`, Labels: { 'overcast.tenant': withContainer, 'overcast.console': consoleId }, HostConfig: { NetworkMode: tenantNetworkName(withContainer) } });
    try {
      // Only this file's tenants are candidates: the other Docker test files share the console id and run alongside.
      const removed = await removeIdleTenantNetworks({ has: (t) => !idle.includes(t) });
      expect(removed).toBe(idle.length);
      const names = new Set((await docker().listNetworks()).map((n) => n.Name));
      expect(names.has(tenantNetworkName(live))).toBe(true);
      expect(names.has(tenantNetworkName(withContainer))).toBe(true);
      expect(idle.some((t) => names.has(tenantNetworkName(t)))).toBe(false);
      // The cache forgot them: asking again makes the network again.
      await ensureTenantNetwork(idle[0]);
      expect((await docker().listNetworks()).some((n) => n.Name === tenantNetworkName(idle[0]))).toBe(true);
    } finally {
      await c.remove({ force: true });
      forgetNetworks();
    }
  });

  it('a container whose network was swept between its create and its start still starts, on a network made again', async () => {
    const tenantId = `nettest-${consoleId}-race`;
    tenants.push(tenantId);
    const inst: ContainerInstance = {
      id: `nettest${consoleId}race`,
      tenantId,
      name: 'race',
      engineRef: null,
      image: { ref: 'overcast/shell:1', readOnlyRoot: true },
      flavor: { cpuMillis: 250, memoryMib: 32, diskGib: 1, pidsLimit: 32 },
      ports: [],
      spec: { env: [], command: ['sleep', '30'] },
    };
    const driver = new DockerDriver();
    await driver.create(inst);
    try {
      // The sweep's race: the network goes after the container was made (the engine checks it only at start).
      await docker().getNetwork(tenantNetworkName(tenantId)).remove();
      await driver.start(inst);
      const obs = await driver.observe(inst);
      expect(obs).toMatchObject({ exists: true, status: 'running' });
      expect((await docker().listNetworks()).some((n) => n.Name === tenantNetworkName(tenantId))).toBe(true);
    } finally {
      await driver.remove(inst);
    }
  });
});
