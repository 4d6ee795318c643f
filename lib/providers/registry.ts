// Provider id → driver. The only place that knows which drivers exist.
import type { Driver } from '@/lib/providers/types';
import type { InstanceKind } from '@/lib/generated/prisma/enums';
import { dockerDriver } from '@/lib/providers/docker/driver';
import { qemuDriver } from '@/lib/providers/qemu/driver';

const drivers: Record<string, Driver> = { docker: dockerDriver, qemu: qemuDriver };

export function driverFor(provider: string): Driver {
  const d = drivers[provider];
  if (!d) throw new Error(`No driver registered for provider "${provider}"`);
  return d;
}

/** The provider that runs new instances of a kind on this console (one per kind for now). */
export function providerForKind(kind: InstanceKind): string {
  const d = Object.values(drivers).find((x) => x.kind === kind);
  if (!d) throw new Error(`No driver registered for instances of kind "${kind}"`);
  return d.id;
}

export function allDrivers(): Driver[] {
  return Object.values(drivers);
}

/** Tests swap in a driver (e.g. a fake for unit tests of the reconciler). */
export function registerDriver(driver: Driver): void {
  drivers[driver.id] = driver;
}
