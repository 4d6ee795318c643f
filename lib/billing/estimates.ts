// Estimates for signed-in users: a workload priced under the billing catalog, or under every catalog to compare.
import 'server-only';
import { z } from 'zod';
import { parseInput } from '@/lib/errors';
import { db } from '@/lib/db/client';
import { allCatalogsNow, billingCatalogAt } from './catalogs';
import { estimate, type Estimate } from './estimate';
import { ZWorkload } from './workload';
import { providerForKind } from '@/lib/providers/registry';
import { kindLabel } from '@/lib/instances/kinds';

export const ZEstimateRequest = z.strictObject({ workload: ZWorkload, compare: z.boolean().default(false) });

export async function estimateRequest(input: unknown): Promise<{ estimates: Estimate[] }> {
  const req = parseInput(ZEstimateRequest, input);
  const catalogs = req.compare ? await allCatalogsNow() : [await billingCatalogAt()];
  return { estimates: catalogs.map((c) => estimate(req.workload, c)) };
}

/**
 * What the calculator page offers: every catalog in force now, the active flavors as ready-made sizes, the provider
 * of each instance kind (from the registry) and the provider functions are priced under (from the billing list's
 * request prices; none until some list prices functions).
 */
export async function calculatorData() {
  const [catalogs, flavors] = await Promise.all([
    allCatalogsNow(),
    db().flavor.findMany({ where: { active: true }, orderBy: [{ provider: 'asc' }, { sortOrder: 'asc' }] }),
  ]);
  return {
    catalogs,
    flavors: flavors.map((f) => ({ provider: f.provider, name: f.name, vcpus: f.cpuMillis / 1000, memoryGib: f.memoryMib / 1024, diskGib: f.diskGib })),
    kinds: [
      { provider: providerForKind('container'), label: kindLabel('container') },
      { provider: providerForKind('vm'), label: kindLabel('vm') },
    ],
    functionsProvider: catalogs[0] ? functionsProviderOf(catalogs[0]) : null,
  };
}

/** The provider a price list prices functions under (the one with request prices), or null when it has none. */
export function functionsProviderOf(catalog: { rates: { unit: string; provider: string }[] }): string | null {
  return catalog.rates.find((r) => r.unit === 'requests')?.provider ?? null;
}

/** What one instance costs at today's prices if it runs all month (shown on its page). */
export async function instancePrice(inst: { provider: string; diskGib: number; flavor: { name: string; cpuMillis: number; memoryMib: number } }): Promise<Estimate> {
  const catalog = await billingCatalogAt();
  const f = inst.flavor;
  return estimate({ items: [{ type: 'instance', provider: inst.provider, flavor: { name: f.name, vcpus: f.cpuMillis / 1000, memoryGib: f.memoryMib / 1024 }, diskGib: inst.diskGib || undefined }] }, catalog);
}
