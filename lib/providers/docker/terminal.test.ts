// The shell's pid announcement at the start of a terminal's output: split off when complete, waited for while
// partial, and never swallowing output that is something else (e.g. the engine saying there is no /bin/sh).
import { describe, expect, it } from 'vitest';
import { splitAnnouncement } from './terminal';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('splitAnnouncement', () => {
  it.each([
    { head: '\x1e42\x1e', pid: 42, rest: '', reason: 'the announcement alone' },
    { head: '\x1e42\x1e\r\n/ $ ', pid: 42, rest: '\r\n/ $ ', reason: 'the prompt follows in the same chunk' },
    { head: 'OCI runtime exec failed: no /bin/sh\r\n', pid: null, rest: 'OCI runtime exec failed: no /bin/sh\r\n', reason: 'no shell: the error is output' },
    { head: '\x1eabc\x1erest', pid: null, rest: '\x1eabc\x1erest', reason: 'not a number: passed on unchanged' },
    { head: `\x1e${'9'.repeat(30)}`, pid: null, rest: `\x1e${'9'.repeat(30)}`, reason: 'too long to be an announcement' },
  ])('$reason', ({ head, pid, rest }) => {
    expect(splitAnnouncement(b(head))).toEqual({ pid, rest: b(rest) });
  });

  it.each([
    { head: '', reason: 'nothing yet' },
    { head: '\x1e4', reason: 'the announcement is still arriving' },
  ])('waits: $reason', ({ head }) => {
    expect(splitAnnouncement(b(head))).toBeNull();
  });
});
