// The price catalogs a new installation starts with (only when it has none, so admins' edits stay): the
// platform's own list prices, which tenants are billed with, and an example public-cloud price list to compare
// against. Both are plain data; admins change them in Admin → Prices or import their own.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { CatalogFile } from './catalog-format';
import { minorUnitsOf } from './catalog-format';

/** Prices in force from this date, so that every month an installation can have is priced. */
const SEED_EFFECTIVE_FROM = new Date('2026-01-01T00:00:00Z');

export const DEFAULT_CATALOGS: (CatalogFile & { isBilling: boolean })[] = [
  {
    name: 'Overcast list prices',
    description: 'What tenants of this installation pay.',
    currency: 'USD',
    hoursPerMonth: 730,
    isBilling: true,
    rates: [
      { provider: 'docker', unit: 'vcpu_hour', flavor: null, unitPrice: '0.02', freePerMonth: '0' },
      { provider: 'docker', unit: 'memory_gib_hour', flavor: null, unitPrice: '0.0025', freePerMonth: '0' },
      { provider: 'qemu', unit: 'vcpu_hour', flavor: null, unitPrice: '0.025', freePerMonth: '0' },
      { provider: 'qemu', unit: 'memory_gib_hour', flavor: null, unitPrice: '0.0035', freePerMonth: '0' },
      { provider: 'qemu', unit: 'disk_gib_month', flavor: null, unitPrice: '0.08', freePerMonth: '0' },
      { provider: 'volumes', unit: 'disk_gib_month', flavor: null, unitPrice: '0.08', freePerMonth: '0' },
      { provider: 'registry', unit: 'disk_gib_month', flavor: null, unitPrice: '0.10', freePerMonth: '0' },
      { provider: 'functions', unit: 'requests', flavor: null, unitPrice: '0.15', freePerMonth: '1000000' },
      { provider: 'functions', unit: 'gb_second', flavor: null, unitPrice: '0.0000125', freePerMonth: '400000' },
    ],
  },
  {
    name: 'Public cloud reference',
    description: 'Example on-demand list prices of a large public cloud (containers as serverless tasks, VMs per resource, functions), entered as data for comparison; check them before relying on them.',
    currency: 'USD',
    hoursPerMonth: 730,
    isBilling: false,
    rates: [
      { provider: 'docker', unit: 'vcpu_hour', flavor: null, unitPrice: '0.04048', freePerMonth: '0' },
      { provider: 'docker', unit: 'memory_gib_hour', flavor: null, unitPrice: '0.004445', freePerMonth: '0' },
      { provider: 'qemu', unit: 'vcpu_hour', flavor: null, unitPrice: '0.0208', freePerMonth: '0' },
      { provider: 'qemu', unit: 'memory_gib_hour', flavor: null, unitPrice: '0.0026', freePerMonth: '0' },
      { provider: 'qemu', unit: 'disk_gib_month', flavor: null, unitPrice: '0.08', freePerMonth: '0' },
      { provider: 'functions', unit: 'requests', flavor: null, unitPrice: '0.20', freePerMonth: '1000000' },
      { provider: 'functions', unit: 'gb_second', flavor: null, unitPrice: '0.0000166667', freePerMonth: '400000' },
    ],
  },
];

export async function seedPriceCatalogs(client: PrismaClient): Promise<void> {
  if ((await client.priceCatalog.count()) > 0) return;
  for (const c of DEFAULT_CATALOGS) {
    await client.priceCatalog.create({
      data: {
        name: c.name,
        description: c.description,
        currency: c.currency,
        minorUnits: minorUnitsOf(c.currency),
        hoursPerMonth: c.hoursPerMonth,
        isBilling: c.isBilling,
        rates: {
          create: c.rates.map((r) => ({ provider: r.provider, unit: r.unit, flavor: r.flavor ?? '', unitPrice: r.unitPrice, freePerMonth: r.freePerMonth, effectiveFrom: SEED_EFFECTIVE_FROM })),
        },
      },
    });
  }
}
