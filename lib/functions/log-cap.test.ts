import { describe, expect, it } from 'vitest';
import { capLogs, cutUtf8 } from './log-cap';
import type { FnLogLine } from './types';

const line = (text: string): FnLogLine => ({ at: '2026-12-05T00:00:00.000Z', stream: 'stdout', text, invocationId: 'i1' });
const cap = { maxLines: 100, maxBytes: 64 * 1024, maxLineBytes: 4096 };

describe('capLogs (issue 12 finding 4: a function logging 200 × 8 KB lines)', () => {
  it('keeps at most the cap of bytes and lines, cuts long lines, and ends with one marker saying how much was dropped', () => {
    const out = capLogs(Array.from({ length: 200 }, (_, i) => line(`${i}:`.padEnd(8192, 'x'))), cap);
    const kept = out.slice(0, -1);
    expect(kept.reduce((n, l) => n + Buffer.byteLength(l.text), 0)).toBeLessThanOrEqual(cap.maxBytes);
    expect(kept.every((l) => Buffer.byteLength(l.text) <= cap.maxLineBytes)).toBe(true);
    expect(kept[0]!.text).toMatch(/^0:x+ … \(line cut: 8192 bytes\)$/);
    expect(kept).toHaveLength(16);
    expect(out.at(-1)).toMatchObject({ stream: 'stderr', invocationId: 'i1', text: `[overcast] 184 more line(s) of output (${184 * 8192} bytes) dropped: an invocation keeps at most 100 lines and 65536 bytes.` });
  });

  it('caps the number of lines, and leaves output under the cap as it was', () => {
    const many = Array.from({ length: 150 }, (_, i) => line(String(i)));
    const out = capLogs(many, cap);
    expect(out).toHaveLength(101);
    expect(out.at(-1)!.text).toContain('50 more line(s)');
    const few = many.slice(0, 3);
    expect(capLogs(few, cap)).toEqual(few);
  });

  it('cuts on a character boundary', () => {
    expect(cutUtf8('aé€😀', 4)).toBe('aé');
    expect(cutUtf8('aé€😀', 6)).toBe('aé€');
    expect(cutUtf8('abc', 10)).toBe('abc');
  });
});
