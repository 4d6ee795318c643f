// Reading price catalogs: the rates in force at a moment, and when they change. No 'server-only' guard and an
// explicit client, so the bill can be computed outside the web server too (benchmarks, scripts).
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { AppError, notFoundError } from '@/lib/errors';
import type { Catalog } from './estimate';
import { isUnit } from './units';
import { ratesInForce, type RateVersion } from './catalog-format';

export type Db = PrismaClient | Prisma.TransactionClient;

export type StoredCatalog = Catalog & { id: string; description: string; isBilling: boolean };

function versionsOf(rows: { provider: string; unit: string; flavor: string; unitPrice: Prisma.Decimal; freePerMonth: Prisma.Decimal; effectiveFrom: Date; removed: boolean }[]): RateVersion[] {
  return rows.flatMap((r) =>
    isUnit(r.unit)
      ? [{ provider: r.provider, unit: r.unit, flavor: r.flavor || null, unitPrice: r.unitPrice.toFixed(), freePerMonth: r.freePerMonth.toFixed(), effectiveFrom: r.effectiveFrom, removed: r.removed }]
      : [],
  );
}

type CatalogRow = Prisma.PriceCatalogGetPayload<{ include: { rates: true } }>;

function storedAt(c: CatalogRow, at: Date): StoredCatalog {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    isBilling: c.isBilling,
    currency: c.currency,
    minorUnits: c.minorUnits,
    hoursPerMonth: c.hoursPerMonth,
    rates: ratesInForce(versionsOf(c.rates), at),
  };
}

const ratesUpTo = (at: Date) => ({ rates: { where: { effectiveFrom: { lte: at } } } });

/** One catalog with the rates in force at `at`. */
export async function catalogAt(id: string, at: Date, client: Db): Promise<StoredCatalog> {
  const c = await client.priceCatalog.findUnique({ where: { id }, include: ratesUpTo(at) });
  if (!c) throw notFoundError('price catalog');
  return storedAt(c, at);
}

/** The catalog tenants are billed with, as in force at `at` (read in one go: every create page shows its prices). */
export async function billingCatalogAt(at: Date, client: Db): Promise<StoredCatalog> {
  const c = await client.priceCatalog.findFirst({ where: { isBilling: true }, include: ratesUpTo(at) });
  if (!c) throw new AppError('invalid_state', 'No billing price catalog is set; a platform admin must choose one.');
  return storedAt(c, at);
}

/** The moments in [from, to) at which some rate of the catalog changes: the bill prices each stretch apart. */
export async function priceChanges(catalogId: string, from: Date, to: Date, client: Db): Promise<Date[]> {
  const rows = await client.priceRate.findMany({
    where: { catalogId, effectiveFrom: { gt: from, lt: to } },
    select: { effectiveFrom: true },
    distinct: ['effectiveFrom'],
    orderBy: { effectiveFrom: 'asc' },
  });
  return rows.map((r) => r.effectiveFrom);
}

