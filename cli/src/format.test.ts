import { describe, expect, it } from 'vitest';
import { ApiError, parseEvent, problemFrom, readEvents } from './api.ts';
import { errorLines, fields, mib, table } from './format.ts';

describe('table', () => {
  it('aligns columns under capital headers, right-aligns numbers, no trailing spaces', () => {
    const rows = [
      { name: 'web', n: 1, note: 'a' },
      { name: 'database', n: 120, note: null },
    ];
    const text = table(rows, [
      { header: 'name', value: (r) => r.name },
      { header: 'n', value: (r) => r.n, align: 'right' },
      { header: 'note', value: (r) => r.note },
    ]);
    expect(text).toBe(['NAME        N  NOTE', 'web         1  a', 'database  120  -'].join('\n') + '\n');
  });

  it('keeps one row on one line', () => {
    expect(table([{ v: 'two\nlines\tand a tab' }], [{ header: 'v', value: (r) => r.v }])).toBe('V\ntwo lines and a tab\n');
  });
});

describe('fields and sizes', () => {
  it('aligns keys', () => {
    expect(fields([
      ['Name', 'web'],
      ['Endpoints', null],
    ])).toBe('Name:       web\nEndpoints:  -\n');
  });
  it('writes memory as people do', () => {
    expect([mib(128), mib(1024), mib(1536)]).toEqual(['128 MiB', '1 GiB', '1.5 GiB']);
  });
});

describe('errors', () => {
  it('prints a problem as its title and code, with the fields of a validation problem', () => {
    const p = problemFrom(400, { type: 'about:blank#validation_failed', title: 'Check the highlighted fields.', status: 400, code: 'validation_failed', errors: { name: 'Enter a name.' } });
    expect(errorLines(p)).toBe('error: Check the highlighted fields. (validation_failed)\n  name: Enter a name.\n');
  });

  it('tells to log in on 401', () => {
    const lines = errorLines(problemFrom(401, { title: 'Sign in first.', code: 'unauthenticated', status: 401 }));
    expect(lines).toMatch(/^error: Sign in first\. \(unauthenticated\)\n/);
    expect(lines).toContain('ovc login');
  });

  it('makes do with an answer that is not a problem', () => {
    const e = problemFrom(502, null, '<html>Bad gateway</html>');
    expect(e).toBeInstanceOf(ApiError);
    expect(errorLines(e)).toBe('error: HTTP 502: <html>Bad gateway</html> (http_502)\n');
  });
});

describe('server-sent events', () => {
  it('parses named and unnamed events with JSON data', () => {
    expect(parseEvent('data: {"text":"hi"}')).toEqual({ event: 'message', data: { text: 'hi' } });
    expect(parseEvent('event: end\ndata: {}')).toEqual({ event: 'end', data: {} });
    expect(parseEvent(': a comment')).toBeNull();
  });

  it('reads events split anywhere across chunks', async () => {
    const text = 'data: {"text":"one"}\n\ndata: {"text":"two"}\n\nevent: end\ndata: {}\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
        c.close();
      },
    });
    const events = [];
    for await (const e of readEvents(stream)) events.push(e);
    expect(events).toEqual([
      { event: 'message', data: { text: 'one' } },
      { event: 'message', data: { text: 'two' } },
      { event: 'end', data: {} },
    ]);
  });
});
