// The pure estimator: a workload and a price catalog in, priced line items and totals out. No I/O, so the create
// wizards (in the browser), the calculator, the API, the CLI and the monthly bill all price the same way.
//
// Rounding happens here and only here: each line's amount is rounded half-up to the currency's minor unit, and
// totals are sums of rounded lines (how public clouds present their published examples).
import { add, cmp, div, exact, isZero, min, mul, sub, toDecimal, toMinor, ZERO, type Exact } from './decimal';
import { UNITS, type Unit } from './units';

export type Rate = {
  provider: string;
  unit: Unit;
  /** Only for flavor_hour: the flavor name this price is for. */
  flavor?: string | null;
  /** Price in major units (e.g. dollars) for UNITS[unit].per units, as a decimal string. */
  unitPrice: string;
  /** Units free each month (e.g. 1000000 requests), before anything is charged. */
  freePerMonth?: string | null;
};

export type Catalog = {
  name: string;
  currency: string;
  minorUnits: number;
  /** The month used for monthly figures of hourly prices (730 by default, as public clouds quote). */
  hoursPerMonth: number;
  rates: Rate[];
};

export type InstanceItem = {
  type: 'instance';
  label?: string;
  provider: string;
  flavor: { name: string; vcpus: number; memoryGib: number };
  /** Disk that exists all month, running or stopped. */
  diskGib?: number;
  count?: number;
  /** Running hours in the month; the catalog's hoursPerMonth when absent. */
  hours?: number;
  /** Hours the disk exists; `hours` (or a whole month) when absent. */
  diskHours?: number;
};

export type FunctionItem = {
  type: 'function';
  label?: string;
  provider: string;
  /** Invocations in the month. */
  requests: number;
  /** Average duration of one invocation; billed rounded up to the millisecond. */
  durationMs: number;
  memoryMb: number;
};

/** Storage on its own, priced per GiB-month under its provider (volumes, the image registry). */
export type StorageItem = {
  type: 'storage';
  label?: string;
  provider: string;
  gib: number;
  /** Hours it is kept; the catalog's hoursPerMonth when absent. */
  hours?: number;
};

export type WorkloadItem = InstanceItem | FunctionItem | StorageItem;
export type Workload = { items: WorkloadItem[] };

export type Line = {
  /** Index of the workload item this line prices. */
  item: number;
  description: string;
  provider: string;
  unit: Unit;
  flavor: string | null;
  quantity: string;
  freeQuantity: string;
  unitPrice: string;
  amountMinor: number;
};

export type Estimate = {
  catalog: string;
  currency: string;
  minorUnits: number;
  hoursPerMonth: number;
  lines: Line[];
  /** Items that this catalog has no price for (e.g. functions in a catalog that lists only VMs). */
  unpriced: { item: number; reason: string }[];
  monthlyMinor: number;
  /** The monthly total spread over the catalog's hours per month, rounded to the minor unit. */
  hourlyMinor: number;
  /** The same, with four more digits, for "about $0.0116 hourly". */
  hourly: string;
};

/** One quantity to be priced, in the unit's own terms (hours, GiB-months, requests…). */
export type Charge = { item: number; description: string; provider: string; unit: Unit; flavor: string | null; quantity: Exact };

const rateKey = (provider: string, unit: Unit, flavor: string | null) => `${provider}\u0000${unit}\u0000${flavor ?? ''}`;

export function findRate(catalog: Catalog, provider: string, unit: Unit, flavor: string | null = null): Rate | undefined {
  return catalog.rates.find((r) => r.provider === provider && r.unit === unit && (r.flavor ?? null) === flavor);
}

/** The charges of one item: what quantities of which units it uses in the month (no prices yet). */
export function chargesOf(item: WorkloadItem, index: number, catalog: Catalog): Charge[] | { reason: string } {
  const name = item.label ? `${item.label}: ` : '';
  if (item.type === 'function') {
    const requests = exact(item.requests);
    const billedSeconds = div(exact(Math.ceil(item.durationMs)), exact(1000));
    const gb = div(exact(item.memoryMb), exact(1024));
    const lines: Charge[] = [];
    if (findRate(catalog, item.provider, 'requests')) {
      lines.push({ item: index, description: `${name}requests`, provider: item.provider, unit: 'requests', flavor: null, quantity: requests });
    }
    if (findRate(catalog, item.provider, 'gb_second')) {
      const q = mul(mul(requests, billedSeconds), gb);
      lines.push({ item: index, description: `${name}${item.memoryMb} MB × ${Math.ceil(item.durationMs)} ms`, provider: item.provider, unit: 'gb_second', flavor: null, quantity: q });
    }
    return lines.length ? lines : { reason: `no function prices for ${item.provider}` };
  }
  if (item.type === 'storage') {
    if (!findRate(catalog, item.provider, 'disk_gib_month')) return { reason: `no storage price for ${item.provider}` };
    const months = div(exact(item.hours ?? catalog.hoursPerMonth), exact(catalog.hoursPerMonth));
    return [{ item: index, description: `${name}${item.gib} GiB ${item.provider} storage`, provider: item.provider, unit: 'disk_gib_month', flavor: null, quantity: mul(exact(item.gib), months) }];
  }
  const count = exact(item.count ?? 1);
  const hours = exact(item.hours ?? catalog.hoursPerMonth);
  const each = item.count && item.count !== 1 ? ` × ${item.count}` : '';
  const lines: Charge[] = [];
  if (findRate(catalog, item.provider, 'flavor_hour', item.flavor.name)) {
    lines.push({ item: index, description: `${name}${item.flavor.name}${each}`, provider: item.provider, unit: 'flavor_hour', flavor: item.flavor.name, quantity: mul(count, hours) });
  } else if (findRate(catalog, item.provider, 'vcpu_hour') || findRate(catalog, item.provider, 'memory_gib_hour')) {
    if (findRate(catalog, item.provider, 'vcpu_hour')) {
      lines.push({ item: index, description: `${name}${item.flavor.name}${each}: ${item.flavor.vcpus} vCPU`, provider: item.provider, unit: 'vcpu_hour', flavor: null, quantity: mul(mul(count, hours), exact(item.flavor.vcpus)) });
    }
    if (findRate(catalog, item.provider, 'memory_gib_hour')) {
      lines.push({ item: index, description: `${name}${item.flavor.name}${each}: ${item.flavor.memoryGib} GiB memory`, provider: item.provider, unit: 'memory_gib_hour', flavor: null, quantity: mul(mul(count, hours), exact(item.flavor.memoryGib)) });
    }
  } else {
    return { reason: `no compute price for ${item.provider} ${item.flavor.name}` };
  }
  if (item.diskGib && findRate(catalog, item.provider, 'disk_gib_month')) {
    const months = div(exact(item.diskHours ?? item.hours ?? catalog.hoursPerMonth), exact(catalog.hoursPerMonth));
    lines.push({ item: index, description: `${name}${item.diskGib} GiB disk${each}`, provider: item.provider, unit: 'disk_gib_month', flavor: null, quantity: mul(mul(count, exact(item.diskGib)), months) });
  }
  return lines;
}

/**
 * Prices charges with the catalog: free allowances are used up in the order the charges come (per provider, unit
 * and flavor), then each line is rounded half-up to the minor unit. `freeUsed` carries allowances already used
 * this month (the bill passes what earlier lines consumed).
 */
/** Parsed prices, per rate object: a large workload prices thousands of lines with a handful of rates. */
const parsedRates = new WeakMap<Rate, { price: Exact; free: Exact }>();

function parsed(rate: Rate): { price: Exact; free: Exact } {
  let p = parsedRates.get(rate);
  if (!p) parsedRates.set(rate, (p = { price: div(exact(rate.unitPrice), exact(UNITS[rate.unit].per)), free: exact(rate.freePerMonth || '0') }));
  return p;
}

export function priceCharges(charges: Charge[], catalog: Catalog, freeUsed = new Map<string, Exact>()): Line[] {
  return charges.map((c) => {
    const rate = findRate(catalog, c.provider, c.unit, c.flavor);
    if (!rate) throw new Error(`no rate for ${c.provider} ${c.unit} ${c.flavor ?? ''}`);
    const key = rateKey(c.provider, c.unit, c.flavor);
    const { price, free: allowance } = parsed(rate);
    const used = freeUsed.get(key) ?? ZERO;
    const left = cmp(allowance, used) > 0 ? sub(allowance, used) : ZERO;
    const free = min(left, c.quantity);
    if (!isZero(free)) freeUsed.set(key, add(used, free));
    const billable = sub(c.quantity, free);
    const amount = mul(billable, price);
    return {
      item: c.item,
      description: c.description,
      provider: c.provider,
      unit: c.unit,
      flavor: c.flavor,
      quantity: toDecimal(c.quantity, 6),
      freeQuantity: toDecimal(free, 6),
      unitPrice: rate.unitPrice,
      amountMinor: toMinor(amount, catalog.minorUnits),
    };
  });
}

export function estimate(workload: Workload, catalog: Catalog): Estimate {
  const charges: Charge[] = [];
  const unpriced: Estimate['unpriced'] = [];
  workload.items.forEach((item, i) => {
    const c = chargesOf(item, i, catalog);
    if ('reason' in c) unpriced.push({ item: i, reason: c.reason });
    else charges.push(...c);
  });
  const lines = priceCharges(charges, catalog);
  const monthlyMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
  const hourlyExact = div(exact(monthlyMinor), mul(exact(catalog.hoursPerMonth), exact(10 ** catalog.minorUnits)));
  return {
    catalog: catalog.name,
    currency: catalog.currency,
    minorUnits: catalog.minorUnits,
    hoursPerMonth: catalog.hoursPerMonth,
    lines,
    unpriced,
    monthlyMinor,
    hourlyMinor: toMinor(hourlyExact, catalog.minorUnits),
    hourly: toDecimal(hourlyExact, catalog.minorUnits + 4),
  };
}
