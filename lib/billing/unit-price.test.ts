import { describe, expect, it } from 'vitest';
import { formatUnitPrice } from './units';


describe('formatUnitPrice', () => {
  it.each([
    { decimal: '0.0000166667', currency: 'USD', want: '$0.0000166667' },
    { decimal: '0.05', currency: 'EUR', want: '€0.05' },
    { decimal: '12', currency: 'CHF', want: 'CHF 12' },
    { decimal: '-0.5', currency: 'USD', want: '-$0.5' },
  ])('$decimal $currency → $want (every digit kept, the currency sign where it goes)', ({ decimal, currency, want }) => {
    expect(formatUnitPrice(decimal, currency).replace(/\u00a0/g, ' ')).toBe(want);
  });
});
