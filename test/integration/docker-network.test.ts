// A tenant's Docker network lives exactly as long as its containers (real engine): removing one container keeps it
// for the others — even a stopped one, which could not start without it — and removing the last one frees it, so
// that tenants that come and go do not exhaust Docker's address pools (about 30 bridges by default).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { dockerDriver } from '@/lib/providers/docker/driver';
import { docker } from '@/lib/providers/docker/client';
import { tenantNetworkName } from '@/lib/providers/docker/names';
import type { DriverInstance } from '@/lib/providers/types';

const consoleIdBefore = process.env.OVERCAST_CONSOLE_ID;
beforeAll(() => {
  process.env.OVERCAST_CONSOLE_ID = 'net-integration';
});

const tenantId = `nettest${randomBytes(6).toString('hex')}`;
const instance = (n: number): DriverInstance => ({
  id: `${tenantId}i${n}`,
  tenantId,
  name: `box-${n}`,
  engineRef: null,
  image: { ref: 'overcast/shell:1', readOnlyRoot: true },
  flavor: { cpuMillis: 250, memoryMib: 64, diskGib: 0, pidsLimit: 64 },
  ports: [],
  env: [],
  command: [],
});
const [a, b] = [instance(1), instance(2)];

async function networkExists(): Promise<boolean> {
  return (await docker().listNetworks({ filters: { name: [tenantNetworkName(tenantId)] } })).some((n) => n.Name === tenantNetworkName(tenantId));
}

afterAll(async () => {
  for (const i of [a, b]) await dockerDriver.remove(i).catch(() => {});
  if (consoleIdBefore === undefined) delete process.env.OVERCAST_CONSOLE_ID;
  else process.env.OVERCAST_CONSOLE_ID = consoleIdBefore;
});

it('keeps the network while any of the tenant’s containers exists and removes it with the last one', async () => {
  await Promise.all([dockerDriver.create(a), dockerDriver.create(b)]);
  expect(await networkExists()).toBe(true);

  await dockerDriver.remove(a);
  expect(await networkExists()).toBe(true);
  // The remaining container has never run: it still starts on its network.
  await dockerDriver.start(b);
  expect(await dockerDriver.observe(b)).toMatchObject({ exists: true, status: 'running' });

  await dockerDriver.remove(b);
  expect(await networkExists()).toBe(false);
  // A new container of the tenant gets a new network.
  await dockerDriver.create(a);
  expect(await networkExists()).toBe(true);
  await dockerDriver.remove(a);
  expect(await networkExists()).toBe(false);
});
