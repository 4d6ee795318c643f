import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it.each([
    { n: 0, one: 'error', many: undefined, want: '0 errors', reason: 'zero is plural in English' },
    { n: 1, one: 'error', many: undefined, want: '1 error', reason: 'one' },
    { n: 2, one: 'invocation', many: undefined, want: '2 invocations', reason: 'regular plural' },
    { n: 1, one: 'day', many: 'days', want: '1 day', reason: 'explicit plural, one' },
    { n: 3, one: 'entry', many: 'entries', want: '3 entries', reason: 'irregular plural' },
  ])('$reason: $want', ({ n, one, many, want }) => {
    expect(plural(n, one, many)).toBe(want);
  });
});
