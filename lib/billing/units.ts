// The units a price can be quoted in. Codes are stable (stored in the catalog, in usage records and in exports);
// `per` is how many units one quoted price buys (functions are priced per million requests).

export const UNITS = {
  flavor_hour: { label: 'Instance hours', quantity: 'hours', price: 'per hour', per: 1 },
  vcpu_hour: { label: 'vCPU hours', quantity: 'vCPU-hours', price: 'per vCPU-hour', per: 1 },
  memory_gib_hour: { label: 'Memory', quantity: 'GiB-hours', price: 'per GiB-hour', per: 1 },
  disk_gib_month: { label: 'Disk storage', quantity: 'GiB-months', price: 'per GiB-month', per: 1 },
  requests: { label: 'Requests', quantity: 'requests', price: 'per 1M requests', per: 1_000_000 },
  gb_second: { label: 'Compute (GB-seconds)', quantity: 'GB-seconds', price: 'per GB-second', per: 1 },
} as const;

export type Unit = keyof typeof UNITS;
export const UNIT_CODES = Object.keys(UNITS) as [Unit, ...Unit[]];

export function isUnit(v: string): v is Unit {
  return Object.hasOwn(UNITS, v);
}

/** Currencies we format, with their minor units (ISO 4217). */
export const CURRENCIES = { USD: 2, EUR: 2, GBP: 2, CHF: 2, CAD: 2, AUD: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, JPY: 0, INR: 2, BRL: 2 } as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

/**
 * A unit price as stored (an exact decimal string, e.g. "0.0000166667") with its currency sign where the currency
 * puts it ("$0.0000166667", "CHF 0.05"): every digit kept, as a price list is quoted.
 */
export function formatUnitPrice(decimal: string, currency: string): string {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(1);
  } catch {
    return `${currency} ${decimal}`;
  }
  const negative = decimal.startsWith('-');
  const digits = negative ? decimal.slice(1) : decimal;
  const first = parts.findIndex((p) => p.type === 'integer');
  const last = parts.findLastIndex((p) => p.type === 'integer' || p.type === 'decimal' || p.type === 'fraction');
  const before = parts.slice(0, first).map((p) => p.value).join('');
  const after = parts.slice(last + 1).map((p) => p.value).join('');
  return `${negative ? '-' : ''}${before}${digits}${after}`;
}

export function formatMoney(minor: number, currency: string, minorUnits = 2): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: minorUnits, maximumFractionDigits: minorUnits }).format(
    minor / 10 ** minorUnits,
  );
}
