import { describe, expect, it } from 'vitest';
import { suggestInstanceName } from './suggest-name';
import { ZInstanceName } from './spec';

describe('suggestInstanceName', () => {
  it.each([
    { reason: 'the lowest draw', random: () => 0 },
    { reason: 'the highest draw', random: () => 0.999999 },
    { reason: 'Math.random', random: Math.random },
  ])('is a valid instance name ($reason)', ({ random }) => {
    for (let i = 0; i < 50; i++) {
      const name = suggestInstanceName(random);
      expect(name).toMatch(/^[a-z]+-[a-z]+-\d{3}$/);
      expect(ZInstanceName.safeParse(name).success).toBe(true);
    }
  });

  it('varies: 200 suggestions give many different names', () => {
    expect(new Set(Array.from({ length: 200 }, () => suggestInstanceName())).size).toBeGreaterThan(150);
  });
});
