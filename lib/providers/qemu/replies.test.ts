// Which bytes of a browser terminal's input are its automatic answers (taken out for all but one viewer of a shared
// console) and which are typing (always kept), and who answers.
import { describe, expect, it } from 'vitest';
import { hasTyping, ReplyArbiter, withoutReplies } from './replies';

const b = (s: string) => Buffer.from(s, 'latin1');
const str = (u: Uint8Array) => Buffer.from(u).toString('latin1');

describe('withoutReplies', () => {
  const rows: { reason: string; input: string; kept: string }[] = [
    { reason: 'cursor position report (answer to ESC[6n)', input: '\x1b[24;80R', kept: '' },
    { reason: 'extended cursor position report (ESC[?6n)', input: '\x1b[?12;1;1R', kept: '' },
    { reason: 'primary device attributes', input: '\x1b[?1;2c', kept: '' },
    { reason: 'secondary device attributes', input: '\x1b[>0;276;0c', kept: '' },
    { reason: 'device status OK', input: '\x1b[0n', kept: '' },
    { reason: 'mode report (DECRQM)', input: '\x1b[?2004;2$y', kept: '' },
    { reason: 'window size report', input: '\x1b[8;24;80t', kept: '' },
    { reason: 'focus in and out', input: '\x1b[I\x1b[O', kept: '' },
    { reason: 'OSC colour answer ending in BEL', input: '\x1b]11;rgb:0000/0000/0000\x07', kept: '' },
    { reason: 'OSC colour answer ending in ST', input: '\x1b]10;rgb:ffff/ffff/ffff\x1b\\', kept: '' },
    { reason: 'DCS answer (DECRQSS)', input: '\x1bP1$r0m\x1b\\', kept: '' },
    { reason: 'plain typing', input: 'ls -l\r', kept: 'ls -l\r' },
    { reason: 'arrow keys and Home/End', input: '\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1bOA', kept: '\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1bOA' },
    { reason: 'modified arrows, Delete, PageUp, F5', input: '\x1b[1;5C\x1b[3~\x1b[5~\x1b[15~', kept: '\x1b[1;5C\x1b[3~\x1b[5~\x1b[15~' },
    { reason: 'Escape alone and Alt+x', input: '\x1b\x1bx', kept: '\x1b\x1bx' },
    { reason: 'mouse reports are a person’s clicks', input: '\x1b[<0;10;5M\x1b[<0;10;5m', kept: '\x1b[<0;10;5M\x1b[<0;10;5m' },
    { reason: 'typing around an answer keeps the typing, in order', input: 'ab\x1b[5;1Rcd\r', kept: 'abcd\r' },
    { reason: 'UTF-8 text passes unchanged', input: Buffer.from('héllo ✓', 'utf8').toString('latin1'), kept: Buffer.from('héllo ✓', 'utf8').toString('latin1') },
  ];
  for (const r of rows) {
    it(r.reason, () => {
      expect(str(withoutReplies(b(r.input)))).toBe(r.kept);
      expect(hasTyping(b(r.input))).toBe(r.kept.length > 0);
    });
  }
});

describe('ReplyArbiter', () => {
  const cpr = b('\x1b[3;1R');

  it('lets the longest-connected viewer answer until someone types; the last typist answers then', () => {
    const a = new ReplyArbiter<string>();
    a.join('alice');
    a.join('bob');
    expect(str(a.filter('alice', cpr))).toBe('\x1b[3;1R');
    expect(str(a.filter('bob', cpr))).toBe('');
    // Bob types: his keystrokes go through, and from now on his terminal answers.
    expect(str(a.filter('bob', b('resize\r')))).toBe('resize\r');
    expect(a.answerer()).toBe('bob');
    expect(str(a.filter('bob', cpr))).toBe('\x1b[3;1R');
    expect(str(a.filter('alice', cpr))).toBe('');
    // Alice's typing always goes through, and makes her the answerer.
    expect(str(a.filter('alice', b('x')))).toBe('x');
    expect(str(a.filter('bob', cpr))).toBe('');
  });

  it('passes the answering role on when its viewer leaves', () => {
    const a = new ReplyArbiter<string>();
    a.join('alice');
    a.join('bob');
    a.join('carol');
    a.filter('carol', b('typed'));
    a.leave('carol');
    expect(a.answerer()).toBe('alice');
    a.leave('alice');
    expect(str(a.filter('bob', cpr))).toBe('\x1b[3;1R');
    a.leave('bob');
    expect(a.answerer()).toBeNull();
  });
});
