import { describe, expect, it } from 'vitest';
import { parseProcStat } from './host';

describe('parseProcStat', () => {
  it.each([
    { stat: '724 (qemu-system-x86) S 1 723 723 0 -1 4194624 5000 0 0 0 150 25 0 0 20 0 4 0 100 0 0', want: { state: 'S', cpuTicks: 175 }, reason: 'a sleeping process: utime + stime' },
    { stat: '9 (a b) c)) Z 1 9 9 0 -1 0 0 0 0 0 7 3 0 0', want: { state: 'Z', cpuTicks: 10 }, reason: 'a name with spaces and parentheses; a zombie' },
    { stat: 'garbage', want: null, reason: 'unreadable' },
  ])('$reason', ({ stat, want }) => expect(parseProcStat(stat)).toEqual(want));
});
