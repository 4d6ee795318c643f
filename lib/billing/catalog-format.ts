// The exchange formats of a price catalog: JSON (the whole catalog) and CSV (its rates), with the validation both
// share. Pure, so the admin import, the API and the CLI refuse the same mistakes with the same messages.
import { z } from 'zod';
import { CURRENCIES, CURRENCY_CODES, UNIT_CODES, type Unit } from './units';
import type { Catalog, Rate } from './estimate';

const MAX_UNIT_PRICE = 1_000_000;
const MAX_FREE = 1e15;

/** A non-negative decimal given as a string or a number, kept as the exact decimal string. */
const zDecimal = (what: string, max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .refine((v) => /^\d+(\.\d{1,12})?$/.test(v), `${what} must be a non-negative decimal with at most 12 decimals (e.g. 0.0116).`)
    .refine((v) => Number(v) <= max, `${what} is absurdly large (at most ${max.toLocaleString('en-US')}).`);

export const ZRate = z
  .strictObject({
    provider: z.string().trim().regex(/^[a-z][a-z0-9-]{0,31}$/, 'Provider must be an id like docker, qemu or functions.'),
    unit: z.enum(UNIT_CODES, { error: `Unit must be one of: ${UNIT_CODES.join(', ')}.` }),
    flavor: z
      .string()
      .trim()
      .max(64)
      .nullish()
      .transform((v) => v || null),
    unitPrice: zDecimal('Unit price', MAX_UNIT_PRICE),
    freePerMonth: zDecimal('Free allowance', MAX_FREE).nullish().transform((v) => v ?? '0'),
  })
  .refine((r) => (r.unit === 'flavor_hour') === !!r.flavor, {
    message: 'A flavor name is required for unit flavor_hour, and only there.',
    path: ['flavor'],
  });

export type RateInput = z.output<typeof ZRate>;

export const ZRates = z
  .array(ZRate)
  .max(2000, 'At most 2000 rates per catalog.')
  .superRefine((rates, ctx) => {
    const seen = new Set<string>();
    rates.forEach((r, i) => {
      const key = `${r.provider}/${r.unit}/${r.flavor ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `Rate ${i + 1} repeats ${key}.`, path: [i] });
      seen.add(key);
    });
  });

export const ZCatalogMeta = z.strictObject({
  name: z.string().trim().min(1, 'Name is required.').max(80, 'At most 80 characters.'),
  description: z.string().trim().max(500).default(''),
  currency: z.enum(CURRENCY_CODES, { error: `Currency must be one of: ${CURRENCY_CODES.join(', ')}.` }),
  // A JSON number; the CSV import and the admin form turn their text into one first (lib/form-number.ts).
  hoursPerMonth: z.number({ error: 'Hours a month is a number.' }).int('Whole hours.').min(672, 'At least 672 (28 days).').max(744, 'At most 744 (31 days).').default(730),
});

export const ZCatalogFile = ZCatalogMeta.extend({ rates: ZRates });

/** PATCH /api/v1/admin/prices/{id}. Strict: an unknown field is refused, not passed on (the catalog's own fields are
 * checked with ZCatalogMeta by updateCatalogMeta). */
export const ZCatalogPatch = z.strictObject({
  isBilling: z.literal(true).optional(),
  // The catalog's own rules without their defaults: a field left out stays as it is.
  description: ZCatalogMeta.shape.description.unwrap().optional(),
  hoursPerMonth: ZCatalogMeta.shape.hoursPerMonth.unwrap().optional(),
});
export type CatalogFile = z.output<typeof ZCatalogFile>;

export function minorUnitsOf(currency: keyof typeof CURRENCIES): number {
  return CURRENCIES[currency];
}

/** The estimator's view of a catalog file. */
export function catalogFromFile(file: CatalogFile): Catalog {
  return {
    name: file.name,
    currency: file.currency,
    minorUnits: minorUnitsOf(file.currency),
    hoursPerMonth: file.hoursPerMonth,
    rates: file.rates.map((r) => ({ ...r, unit: r.unit as Unit })),
  };
}

const CSV_HEADER = ['provider', 'unit', 'flavor', 'unitPrice', 'freePerMonth'] as const;

export function ratesToCsv(rates: Rate[]): string {
  const rows = rates.map((r) => [r.provider, r.unit, r.flavor ?? '', r.unitPrice, r.freePerMonth ?? '0'].map(csvCell).join(','));
  return [CSV_HEADER.join(','), ...rows].join('\n') + '\n';
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Parses the CSV written by ratesToCsv (header required, columns in any order). Throws a message on bad shape. */
export function parseRatesCsv(text: string): Record<string, string>[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map(splitCsvLine);
  if (!rows.length) throw new Error('The CSV is empty.');
  const header = rows[0].map((h) => h.trim());
  for (const col of ['provider', 'unit', 'unitPrice']) {
    if (!header.includes(col)) throw new Error(`The CSV header must name the columns ${CSV_HEADER.join(', ')} (missing ${col}).`);
  }
  return rows.slice(1).map((cells, i) => {
    if (cells.length !== header.length) throw new Error(`CSV line ${i + 2} has ${cells.length} cells; the header has ${header.length}.`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j].trim()]));
  });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cur);
      cur = '';
    }
    else cur += c;
  }
  cells.push(cur);
  return cells;
}

/** A stored version of a rate, as the database keeps them (never updated, only added). */
export type RateVersion = Rate & { effectiveFrom: Date; removed: boolean };

/** The rates in force at `at`: per (provider, unit, flavor) the latest version not after `at`, unless it ends it. */
export function ratesInForce(versions: RateVersion[], at: Date): Rate[] {
  const latest = new Map<string, RateVersion>();
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > at.getTime()) continue;
    const key = `${v.provider}\u0000${v.unit}\u0000${v.flavor ?? ''}`;
    const seen = latest.get(key);
    if (!seen || seen.effectiveFrom.getTime() < v.effectiveFrom.getTime()) latest.set(key, v);
  }
  return [...latest.values()]
    .filter((v) => !v.removed)
    .map(({ provider, unit, flavor, unitPrice, freePerMonth }) => ({ provider, unit, flavor: flavor || null, unitPrice, freePerMonth }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.unit.localeCompare(b.unit) || (a.flavor ?? '').localeCompare(b.flavor ?? ''));
}
