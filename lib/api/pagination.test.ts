import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { decodeCursor, encodeCursor, pageArray, pageOf, ZPageQuery } from './pagination';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};

describe('cursors', () => {
  it('round-trip the key and id, and refuse anything else with invalid_cursor', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    expect(decodeCursor(encodeCursor(at, 'abc'), 'date')).toEqual({ key: at.toISOString(), id: 'abc' });
    expect(decodeCursor(encodeCursor(7, 'x', 'sort'), 'number', 'sort')).toEqual({ key: 7, id: 'x' });
    const rows: { c: string; kind: 'date' | 'string' | 'number'; ctx?: string; reason: string }[] = [
      { c: 'not base64!', kind: 'date', reason: 'not base64url' },
      { c: Buffer.from('[1,2]').toString('base64url'), kind: 'date', reason: 'another shape' },
      { c: encodeCursor('yesterday', 'x'), kind: 'date', reason: 'not a date' },
      { c: encodeCursor(3, 'x'), kind: 'string', reason: 'a number where a string goes' },
      { c: encodeCursor('a', ''), kind: 'string', reason: 'no id' },
      { c: encodeCursor(1, 'x', 'name|'), kind: 'number', ctx: '-name|', reason: 'another order' },
      { c: encodeCursor(1, 'x'), kind: 'number', ctx: 'name|', reason: 'no order where one is needed' },
    ];
    for (const r of rows) expect(codeOf(() => decodeCursor(r.c, r.kind, r.ctx)), r.reason).toBe('invalid_cursor');
  });
});

describe('limit', () => {
  it('is 1–200, 50 by default', () => {
    expect(ZPageQuery.parse({})).toEqual({ limit: 50 });
    expect(ZPageQuery.parse({ limit: '200' }).limit).toBe(200);
    for (const bad of ['0', '201', '2.5', 'x', '']) expect(ZPageQuery.safeParse({ limit: bad }).success, bad).toBe(false);
  });
});

describe('pageArray and pageOf', () => {
  const rows = Array.from({ length: 9 }, (_, i) => ({ id: `id${i}`, at: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 3))) }));
  it('walks a list in pages, ties broken by id, each row once', () => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 10; n++) {
        const p = pageArray(rows, { limit: 2, cursor }, (r) => [r.at, r.id], { order });
        seen.push(...p.items.map((r) => r.id));
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      const expected = rows.map((r) => r.id);
      expect(seen).toEqual(order === 'asc' ? expected : [...expected].reverse());
    }
  });
  it('gives no nextCursor on the last page', () => {
    expect(pageOf([1, 2], 2, (n) => [n, String(n)]).nextCursor).toBeNull();
    expect(pageOf([1, 2, 3], 2, (n) => [n, String(n)])).toMatchObject({ items: [1, 2], nextCursor: expect.any(String) });
  });
});
