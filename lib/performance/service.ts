// Performance and comparisons for signed-in users: the platform's measured figures, a workload compared as VM,
// container and function under the billing price list, and one real function's month as an always-on container.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, parseInput } from '@/lib/errors';
import type { StoredCatalog } from '@/lib/billing/catalogs';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { estimate, findRate, priceCharges, type Charge } from '@/lib/billing/estimate';
import { exact } from '@/lib/billing/decimal';
import { functionsProviderOf } from '@/lib/billing/estimates';
import { METERS } from '@/lib/billing/meter';
import { providerForKind } from '@/lib/providers/registry';
import { findTenantFunction } from '@/lib/functions/lookup';
import { FUNCTIONS_PROVIDER } from '@/lib/functions/recorder';
import { alwaysOnMinor, compareWorkload, figuresFrom, fittingFlavor, ZCompareWorkload, type CompareFlavor, type Comparison, type FigureTables } from './compare';
import { readPerformance } from './figures';

/** What the function page compares a function with: the smallest container that has its memory and half a vCPU. */
const ALWAYS_ON_MIN_VCPUS = 0.5;

export async function performanceReport() {
  const { samplesKept, instances, functions } = await readPerformance();
  return { samplesKept, instances, functions };
}

async function activeFlavors(): Promise<CompareFlavor[]> {
  return db().flavor.findMany({ where: { active: true }, select: { id: true, provider: true, name: true, cpuMillis: true, memoryMib: true, diskGib: true } });
}

/** What the calculator's Compare view needs to compare in the browser as the inputs change. */
export async function compareData() {
  const [catalog, flavors, perf] = await Promise.all([billingCatalogAt(), activeFlavors(), readPerformance()]);
  return comparisonInputs(catalog, flavors, perf.tables);
}

/** The same, or null when no billing price list is chosen yet (the calculator then shows no comparison). */
export async function compareDataIfPriced() {
  return compareData().catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'invalid_state') return null;
    throw err;
  });
}

function comparisonInputs(catalog: StoredCatalog, flavors: CompareFlavor[], tables: FigureTables) {
  return {
    catalog,
    flavors,
    providers: { vm: providerForKind('vm'), container: providerForKind('container'), function: functionsProviderOf(catalog) },
    tables,
  };
}

export async function compareRequest(input: unknown): Promise<Comparison> {
  const workload = parseInput(ZCompareWorkload, input);
  const { catalog, flavors, providers, tables } = await compareData();
  return compareWorkload({ workload, catalog, flavors, providers, figures: figuresFrom(tables) });
}

function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * One function's metered usage this month (requests and GB-seconds as billed) priced as a function on its own, and
 * what an always-on container with its memory would have cost over the same hours and over the whole month.
 */
export async function functionAlwaysOn(ctx: TenantContext, functionId: string, now = new Date()) {
  authorize(ctx, 'resource.read');
  const fn = await findTenantFunction(ctx, functionId);
  const from = monthStart(now);
  const [usage, version, catalog, flavors] = await Promise.all([
    db().usageRecord.groupBy({ by: ['meter'], where: { tenantId: ctx.tenant.id, functionId: fn.id, hourStart: { gte: from } }, _sum: { quantity: true } }),
    fn.activeVersionId ? db().functionVersion.findFirst({ where: { id: fn.activeVersionId, tenantId: ctx.tenant.id }, select: { memoryMib: true } }) : null,
    billingCatalogAt(now),
    activeFlavors(),
  ]);
  const sum = (meter: string) => Number(usage.find((u) => u.meter === meter)?._sum.quantity ?? 0);
  const requests = Math.round(sum(METERS.requests));
  const gbSeconds = sum(METERS.gbSeconds);
  const memoryMib = version?.memoryMib ?? 128;
  const provider = functionsProviderOf(catalog) ?? FUNCTIONS_PROVIDER;
  // The meters' own quantities, priced as the bill prices them (this function alone takes the free allowances).
  const charges: Charge[] = [
    { item: 0, description: 'requests', provider, unit: 'requests' as const, flavor: null, quantity: exact(requests) },
    { item: 0, description: 'GB-seconds', provider, unit: 'gb_second' as const, flavor: null, quantity: exact(gbSeconds.toFixed(6)) },
  ].filter((c) => findRate(catalog, c.provider, c.unit));
  const functionMinor = charges.length ? priceCharges(charges, catalog).reduce((s, l) => s + l.amountMinor, 0) : null;
  const containerProvider = providerForKind('container');
  const flavor = fittingFlavor(flavors, containerProvider, ALWAYS_ON_MIN_VCPUS, memoryMib);
  const hoursSoFar = Math.max(0, (now.getTime() - from.getTime()) / 3_600_000);
  const soFar = flavor
    ? estimate({ items: [{ type: 'instance', provider: containerProvider, flavor: { name: flavor.name, vcpus: flavor.cpuMillis / 1000, memoryGib: flavor.memoryMib / 1024 }, hours: Math.round(hoursSoFar * 1000) / 1000 }] }, catalog)
    : null;
  return {
    functionId: fn.id,
    month: from.toISOString().slice(0, 7),
    catalog: catalog.name,
    currency: catalog.currency,
    minorUnits: catalog.minorUnits,
    memoryMib,
    requests,
    gbSeconds: Math.round(gbSeconds * 1000) / 1000,
    functionMinor,
    alwaysOn: flavor
      ? {
          flavor: { id: flavor.id, name: flavor.name, vcpus: flavor.cpuMillis / 1000, memoryMib: flavor.memoryMib },
          monthToDateMinor: soFar && !soFar.unpriced.length ? soFar.monthlyMinor : null,
          monthlyMinor: alwaysOnMinor(catalog, containerProvider, flavor),
        }
      : null,
  };
}
