// The wizard's user-data counter and the refusal use one formatter, and only a script over the limit is refused.
import { describe, expect, it } from 'vitest';
import { USER_DATA_MAX_BYTES, ZCreateVm, kibText } from './spec';

const vm = (userData: string) => ({ name: 'vm', imageId: 'i', flavorId: 'f', userData });

describe('user-data size', () => {
  it.each([
    { bytes: 0, want: '0.0', reason: 'empty' },
    { bytes: 1, want: '0.1', reason: 'one byte rounds up' },
    { bytes: 16 * 1024, want: '16.0', reason: 'exactly the limit' },
    { bytes: 16 * 1024 + 1, want: '16.1', reason: 'one byte over never reads as the limit' },
    { bytes: 17 * 1024, want: '17.0', reason: 'whole KiB' },
  ])('$reason: $bytes bytes → $want KiB', ({ bytes, want }) => {
    expect(kibText(bytes)).toBe(want);
  });

  it('accepts exactly the limit and refuses one byte more, saying the size the counter shows', () => {
    expect(ZCreateVm.safeParse(vm('x'.repeat(USER_DATA_MAX_BYTES))).success).toBe(true);
    const over = ZCreateVm.safeParse(vm('x'.repeat(USER_DATA_MAX_BYTES + 1)));
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toBe('User-data may be at most 16 KiB (this is 16.1 KiB).');
  });
});
