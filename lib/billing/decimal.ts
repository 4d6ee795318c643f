// Exact arithmetic for money: every quantity and price is a fraction of two bigints, so no float ever touches an
// amount. Rounding to the currency's minor unit happens only in `toMinor`, half-up (amounts are never negative).

export type Exact = { readonly n: bigint; readonly d: bigint };

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function norm(n: bigint, d: bigint): Exact {
  if (d === 0n) throw new Error('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** Parses a non-negative decimal ("0.0116", "1e-7", 1.5). Throws on anything else: prices and quantities are data. */
export function exact(v: string | number | bigint | Exact): Exact {
  if (typeof v === 'object') return v;
  if (typeof v === 'bigint') return { n: v, d: 1n };
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  const m = DECIMAL.exec(String(v).trim());
  if (!m) throw new Error(`not a non-negative decimal: ${JSON.stringify(v)}`);
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? 0) - frac.length;
  const digits = BigInt(m[1] + frac);
  return exp >= 0 ? norm(digits * 10n ** BigInt(exp), 1n) : norm(digits, 10n ** BigInt(-exp));
}

export const ZERO: Exact = { n: 0n, d: 1n };
export const add = (a: Exact, b: Exact): Exact => norm(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Exact, b: Exact): Exact => norm(a.n * b.d - b.n * a.d, a.d * b.d);
// Products are not reduced (a gcd per step is the bulk of a large bill's time); sums are, so that chains of
// additions keep small denominators. Equality never compares n and d directly: use cmp.
export const mul = (a: Exact, b: Exact): Exact => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Exact, b: Exact): Exact => {
  if (b.n === 0n) throw new Error('division by zero');
  return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
};
export const cmp = (a: Exact, b: Exact): number => Number(a.n * b.d - b.n * a.d > 0n) - Number(a.n * b.d - b.n * a.d < 0n);
export const min = (a: Exact, b: Exact): Exact => (cmp(a, b) <= 0 ? a : b);
export const isZero = (a: Exact): boolean => a.n === 0n;

/** Rounds an amount in major units (dollars) half-up to minor units (cents when minorUnits is 2). */
export function toMinor(amount: Exact, minorUnits: number): number {
  const scaled = mul(amount, { n: 10n ** BigInt(minorUnits), d: 1n });
  if (scaled.n < 0n) throw new Error('negative amount');
  const q = scaled.n / scaled.d;
  const r = scaled.n % scaled.d;
  return Number(2n * r >= scaled.d ? q + 1n : q);
}

/** A decimal string with at most `digits` fraction digits (rounded half-up), trailing zeros dropped. */
export function toDecimal(v: Exact, digits = 6): string {
  if (v.n === 0n) return '0';
  const scale = 10n ** BigInt(digits);
  const scaled = (v.n * scale * 2n + v.d) / (2n * v.d);
  const int = scaled / scale;
  const frac = (scaled % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}
