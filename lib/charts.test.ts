// Chart helpers: tick steps and the accessible summary.
import { describe, expect, it } from 'vitest';
import { defaultSummary, niceStep } from './charts';

describe('niceStep', () => {
  it.each([
    { span: 100, ticks: 4, want: 50, reason: '25 rounds up to 50 (1, 2, 5 × 10ⁿ)' },
    { span: 128, ticks: 4, want: 50, reason: '32 rounds up to 50' },
    { span: 25, ticks: 4, want: 10, reason: '6.25 rounds up to 10' },
    { span: 0.3, ticks: 3, want: 0.1, reason: 'fractions keep their power of ten' },
    { span: 8, ticks: 4, want: 2, reason: 'exact steps stay' },
    { span: 0, ticks: 4, want: 1, reason: 'an empty span still gives a usable step' },
  ])('$span in $ticks ticks → $want ($reason)', ({ span, ticks, want }) => {
    expect(niceStep(span, ticks)).toBeCloseTo(want, 10);
  });

  it('keeps counts on whole numbers: one request in four ticks steps by 1, not 0.5; larger spans are unchanged', () => {
    expect(niceStep(1, 4)).toBe(0.5);
    expect(niceStep(1, 4, true)).toBe(1);
    expect(niceStep(3, 4, true)).toBe(1);
    expect(niceStep(100, 4, true)).toBe(50);
  });
});

describe('defaultSummary', () => {
  const fmt = (y: number) => `${y} %`;
  it('names each series with its last value and range, or says it has none', () => {
    const text = defaultSummary('CPU', [
      { name: 'Used', points: [{ x: 1, y: 2 }, { x: 2, y: 7 }, { x: 3, y: 4 }] },
      { name: 'Limit', points: [{ x: 1, y: 25 }, { x: 3, y: 25 }] },
      { name: 'Other', points: [] },
    ], fmt);
    expect(text).toBe('CPU. Used: now 4 %, between 2 % and 7 %; Limit: 25 %; Other: no data yet.');
  });
});
