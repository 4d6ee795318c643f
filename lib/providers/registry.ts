// Provider id → driver. The only place that knows which drivers exist: adding one is a folder under lib/providers/
// and a line here (docs/providers.md).
import type { Driver } from '@/lib/providers/types';
import type { InstanceKind } from '@/lib/generated/prisma/enums';
import { dockerDriver } from '@/lib/providers/docker/driver';
import { qemuDriver } from '@/lib/providers/qemu/driver';
import type { FunctionsProvider } from '@/lib/providers/function-runtime';
import { dockerFunctions } from '@/lib/providers/functions/provider';

const registered = { docker: dockerDriver, qemu: qemuDriver };

/** The providers this console has a driver for (an instance row's `provider` is one of them). */
export type ProviderId = keyof typeof registered;
/** Each provider's driver, with its own spec type. */
export type DriverOf<P extends ProviderId> = (typeof registered)[P];

/** The drivers in use (tests swap one in with registerDriver). */
const drivers: { [P in ProviderId]: Driver<SpecOfDriver<DriverOf<P>>> } = { ...registered };

type SpecOfDriver<D> = D extends Driver<infer S> ? S : never;

export function isProviderId(provider: string): provider is ProviderId {
  return Object.hasOwn(drivers, provider);
}

/** The driver of a provider; throws for an id no driver is registered for. */
export function driverFor<P extends ProviderId>(provider: P): Driver<SpecOfDriver<DriverOf<P>>>;
export function driverFor(provider: string): Driver;
export function driverFor(provider: string): Driver {
  if (!isProviderId(provider)) throw new Error(`No driver registered for provider "${provider}"`);
  return drivers[provider] as Driver;
}

/** The provider that runs new instances of a kind on this console (one per kind for now). */
export function providerForKind(kind: InstanceKind): ProviderId {
  const d = allDrivers().find((x) => x.kind === kind);
  if (!d) throw new Error(`No driver registered for instances of kind "${kind}"`);
  return d.id as ProviderId;
}

export function allDrivers(): Driver[] {
  return Object.values(drivers) as Driver[];
}

/** What runs functions' code (one provider per console). */
export function functionsProvider(): FunctionsProvider {
  return dockerFunctions;
}

/** Tests swap in a driver (e.g. a fake for unit tests of the reconciler) under a registered provider's id. */
export function registerDriver(driver: Driver): void {
  if (!isProviderId(driver.id)) throw new Error(`No provider "${driver.id}" to register a driver for`);
  (drivers as Record<ProviderId, Driver>)[driver.id] = driver;
}
