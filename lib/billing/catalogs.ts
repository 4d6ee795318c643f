// Price catalogs in the database: reading the prices in force at a moment, and the admin's changes, each one a
// new version that applies from its effective date (never earlier than now: nothing is repriced retroactively).
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { uniqueViolation } from '@/lib/db/unique';
import { formNumber } from '@/lib/form-number';
import { cmp, exact } from './decimal';
import { minorUnitsOf, parseRatesCsv, ZCatalogFile, ZCatalogMeta, ZRate, ZRates, type CatalogFile, type RateInput } from './catalog-format';
import { catalogAt as catalogAtWith, billingCatalogAt as billingAtWith, type StoredCatalog } from './catalog-read';

export type { StoredCatalog } from './catalog-read';

/** Effective dates may lie this far in the past (a form submitted a moment after "now" was filled in). */
const CLOCK_SLACK_MS = 5 * 60_000;

type Db = PrismaClient | Prisma.TransactionClient;

export function catalogAt(id: string, at: Date = new Date(), client: Db = db()): Promise<StoredCatalog> {
  return catalogAtWith(id, at, client);
}

export function billingCatalogAt(at: Date = new Date(), client: Db = db()): Promise<StoredCatalog> {
  return billingAtWith(at, client);
}

/** Every catalog in force now, the billing one first (for the calculator's comparison). */
export async function allCatalogsNow(): Promise<StoredCatalog[]> {
  const ids = await db().priceCatalog.findMany({ select: { id: true }, orderBy: [{ isBilling: 'desc' }, { name: 'asc' }] });
  const now = new Date();
  return Promise.all(ids.map(({ id }) => catalogAt(id, now)));
}

export async function listCatalogs() {
  return db().priceCatalog.findMany({
    orderBy: [{ isBilling: 'desc' }, { name: 'asc' }],
    include: { _count: { select: { rates: true } } },
  });
}

/** Every version of every rate, newest first: the catalog's history for the admin page. */
export async function rateHistory(catalogId: string) {
  const rows = await db().priceRate.findMany({ where: { catalogId }, orderBy: [{ effectiveFrom: 'desc' }, { provider: 'asc' }, { unit: 'asc' }, { flavor: 'asc' }], take: 500 });
  const now = Date.now();
  return rows.map((r) => ({ ...r, scheduled: r.effectiveFrom.getTime() > now }));
}

function effectiveDate(input: unknown): Date {
  if (input === undefined || input === '') return new Date();
  // A date is text (ISO 8601): a number, null or an object is not read as one.
  if (typeof input !== 'string' || input.length > 64) throw new AppError('validation_failed', 'Some fields need attention.', { effectiveFrom: 'Not a date.' });
  // A form's datetime-local has no zone: the console works in UTC.
  const text = input.trim();
  const d = new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? `${text}Z` : text);
  if (Number.isNaN(d.getTime())) throw new AppError('validation_failed', 'Some fields need attention.', { effectiveFrom: 'Not a date.' });
  if (d.getTime() < Date.now() - CLOCK_SLACK_MS) {
    throw new AppError('validation_failed', 'Prices never change retroactively.', { effectiveFrom: 'Choose now or a later date: past months stay priced as they were.' });
  }
  return d;
}

/**
 * Imports a catalog file. A new name creates the catalog; an existing name makes the file's rates the catalog's
 * prices from `effectiveFrom` on (rates missing from the file end then). Currency cannot change: old months were
 * priced in it.
 */
export async function importCatalog(admin: SessionUser, input: unknown, effectiveFromInput?: unknown): Promise<{ id: string; created: boolean; changed: number }> {
  const file = parseInput(ZCatalogFile, input);
  const effectiveFrom = effectiveDate(effectiveFromInput);
  return db().$transaction(async (tx) => {
    const existing = await tx.priceCatalog.findUnique({ where: { name: file.name } });
    if (existing && existing.currency !== file.currency) {
      throw new AppError('validation_failed', 'Some fields need attention.', { currency: `This catalog is priced in ${existing.currency}; a new currency needs a new catalog.` });
    }
    const catalog =
      existing ??
      (await tx.priceCatalog.create({
        data: { name: file.name, description: file.description, currency: file.currency, minorUnits: minorUnitsOf(file.currency), hoursPerMonth: file.hoursPerMonth },
      }));
    if (existing) await tx.priceCatalog.update({ where: { id: existing.id }, data: { description: file.description, hoursPerMonth: file.hoursPerMonth } });
    const changed = await writeVersion(tx, catalog.id, file.rates, effectiveFrom, admin.id, true);
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: existing ? 'prices.imported' : 'prices.catalog_created',
      targetType: 'price_catalog',
      targetId: catalog.id,
      metadata: { name: file.name, rates: file.rates.length, changed, effectiveFrom: effectiveFrom.toISOString() },
    });
    return { id: catalog.id, created: !existing, changed };
  });
}

/** Adds a version for every rate that differs from what is in force at `at`; with `replace`, ends the others. */
async function writeVersion(tx: Prisma.TransactionClient, catalogId: string, rates: RateInput[], at: Date, actorId: string, replace: boolean): Promise<number> {
  const current = await catalogAt(catalogId, at, tx);
  const key = (r: { provider: string; unit: string; flavor?: string | null }) => `${r.provider}/${r.unit}/${r.flavor ?? ''}`;
  const now = new Map(current.rates.map((r) => [key(r), r]));
  const rows: Prisma.PriceRateCreateManyInput[] = [];
  for (const r of rates) {
    const old = now.get(key(r));
    now.delete(key(r));
    if (old && eq(old.unitPrice, r.unitPrice) && eq(old.freePerMonth ?? '0', r.freePerMonth)) continue;
    rows.push({ catalogId, provider: r.provider, unit: r.unit, flavor: r.flavor ?? '', unitPrice: r.unitPrice, freePerMonth: r.freePerMonth, effectiveFrom: at, createdById: actorId });
  }
  if (replace) {
    for (const r of now.values()) {
      rows.push({ catalogId, provider: r.provider, unit: r.unit, flavor: r.flavor ?? '', unitPrice: '0', effectiveFrom: at, removed: true, createdById: actorId });
    }
  }
  if (!rows.length) return 0;
  try {
    await tx.priceRate.createMany({ data: rows });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError('conflict', 'A change to these prices is already scheduled for exactly this moment; pick another time.');
    throw err;
  }
  return rows.length;
}

const eq = (a: string, b: string) => cmp(exact(a), exact(b)) === 0;

/** Sets (or, with `remove`, ends) one rate from `effectiveFrom` on. */
export async function setRate(admin: SessionUser, catalogId: string, input: unknown, opts: { effectiveFrom?: unknown; remove?: boolean } = {}): Promise<number> {
  const rate = parseInput(ZRate, input);
  const at = effectiveDate(opts.effectiveFrom);
  return db().$transaction(async (tx) => {
    const current = await catalogAt(catalogId, at, tx);
    let rates = current.rates.map((r) => ({ ...r, flavor: r.flavor ?? null, freePerMonth: r.freePerMonth ?? '0' }));
    const same = (r: RateInput) => r.provider === rate.provider && r.unit === rate.unit && (r.flavor ?? null) === rate.flavor;
    if (opts.remove) {
      if (!rates.some(same)) throw notFoundError('rate');
      rates = rates.filter((r) => !same(r));
    } else rates = [...rates.filter((r) => !same(r)), rate];
    const changed = await writeVersion(tx, catalogId, parseInput(ZRates, rates), at, admin.id, true);
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: opts.remove ? 'prices.rate_removed' : 'prices.rate_set',
      targetType: 'price_catalog',
      targetId: catalogId,
      metadata: { ...rate, effectiveFrom: at.toISOString() },
    });
    return changed;
  });
}

/** Makes this catalog the one tenants are billed with. */
export async function setBillingCatalog(admin: SessionUser, catalogId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const c = await tx.priceCatalog.findUnique({ where: { id: catalogId } });
    if (!c) throw notFoundError('price catalog');
    await tx.priceCatalog.updateMany({ where: { isBilling: true, NOT: { id: catalogId } }, data: { isBilling: false } });
    await tx.priceCatalog.update({ where: { id: catalogId }, data: { isBilling: true } });
    await recordAudit(tx, { tenantId: null, actorId: admin.id, action: 'prices.billing_catalog_set', targetType: 'price_catalog', targetId: catalogId, metadata: { name: c.name } });
  });
}

export async function updateCatalogMeta(admin: SessionUser, catalogId: string, input: unknown): Promise<void> {
  const meta = parseInput(ZCatalogMeta.pick({ description: true, hoursPerMonth: true }), input);
  await db().$transaction(async (tx) => {
    const c = await tx.priceCatalog.findUnique({ where: { id: catalogId } });
    if (!c) throw notFoundError('price catalog');
    await tx.priceCatalog.update({ where: { id: catalogId }, data: meta });
    await recordAudit(tx, { tenantId: null, actorId: admin.id, action: 'prices.catalog_updated', targetType: 'price_catalog', targetId: catalogId, metadata: meta });
  });
}

/** The catalog as a file (JSON), with the rates in force at `at`. */
export async function exportCatalog(catalogId: string, at = new Date()): Promise<CatalogFile> {
  const c = await catalogAt(catalogId, at);
  return {
    name: c.name,
    description: c.description,
    currency: c.currency as CatalogFile['currency'],
    hoursPerMonth: c.hoursPerMonth,
    rates: c.rates.map((r) => ({ provider: r.provider, unit: r.unit, flavor: r.flavor ?? null, unitPrice: r.unitPrice, freePerMonth: r.freePerMonth ?? '0' })),
  };
}

/** An import body: a catalog file as JSON, or (format csv) its rates as CSV with the catalog's fields beside. */
export function catalogFileFromCsv(meta: Record<string, unknown>, csv: string): unknown {
  try {
    // The catalog's fields come as text (query parameters or form fields); hours a month is a number in the file.
    return { ...meta, ...('hoursPerMonth' in meta ? { hoursPerMonth: formNumber(meta.hoursPerMonth) } : {}), rates: parseRatesCsv(csv) };
  } catch (err) {
    throw new AppError('validation_failed', (err as Error).message, { rates: (err as Error).message });
  }
}
