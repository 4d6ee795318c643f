// Registry storage as billed: what a measurement of an organisation's images (shared layers counted once) is
// recorded as (lib/billing/meter-registry.ts meters it per GiB-month), the last level recorded, and what a level
// costs a month at the billing catalog's `registry` price.
import 'server-only';
import { db } from '@/lib/db/client';
import { recordRegistryMeasurement, REGISTRY_PROVIDER } from '@/lib/billing/meter-registry';
import { estimate, findRate, type Catalog } from '@/lib/billing/estimate';

const GIB = 1024 ** 3;

/** Records a measurement; a failure is logged, not thrown (the page or token that measured still answers). */
export async function noteRegistryBytes(tenantId: string, bytes: number, at = new Date()): Promise<void> {
  try {
    await recordRegistryMeasurement(db(), tenantId, bytes, at);
  } catch (err) {
    console.error(`[registry] could not record the storage of ${tenantId}: ${(err as Error).message}`);
  }
}

/** The last measured level, or null before the first measurement. */
export async function lastRegistryBytes(tenantId: string): Promise<{ bytes: number; measuredAt: Date } | null> {
  const row = await db().registryStorage.findUnique({ where: { tenantId }, select: { bytes: true, measuredAt: true } });
  return row ? { bytes: Number(row.bytes), measuredAt: row.measuredAt } : null;
}

/** What `bytes` kept a whole month cost at the catalog's registry price (one line, rounded once); null without one. */
export function registryStorageCost(bytes: number, catalog: Catalog): { monthlyMinor: number; currency: string; minorUnits: number; pricePerGibMonth: string } | null {
  const rate = findRate(catalog, REGISTRY_PROVIDER, 'disk_gib_month');
  if (!rate) return null;
  const monthlyMinor = bytes > 0 ? estimate({ items: [{ type: 'storage', provider: REGISTRY_PROVIDER, gib: bytes / GIB }] }, catalog).monthlyMinor : 0;
  return { monthlyMinor, currency: catalog.currency, minorUnits: catalog.minorUnits, pricePerGibMonth: rate.unitPrice };
}
