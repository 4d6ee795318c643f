import { describe, expect, it } from 'vitest';
import { decodeTrace, TraceLines } from './trace';

// Recorded from Docker Engine 20.10 (BuildKit through the Engine API): a step starting, its output, its end.
const STARTED =
  'CvcBCkdzaGEyNTY6M2RmNTkxMmI1OWJhYzAyYmMzMzQ0NjQyNzQ0ZjFiY2IxMzY1YzJmNTVlM2EzMGM3YzFjMDRmMWY1MjE5YmNiYxJHc2hhMjU2OjRjMjlkNDk1MWQzODJlNWUwNzJjMzYwNTY0NGFkMTcwNjQ2MjY2MzQ0NTRiZTcwMzZlNzgzNDY4OTdjZDk1YjIaVVsyLzNdIFJVTiBjYXQgL3N5cy9mcy9jZ3JvdXAvbWVtb3J5L21lbW9yeS5saW1pdF9pbl9ieXRlczsgZWNobyBoaTsgbHMgL3N5cy9jbGFzcy9uZXQqDAjI9tbYBhC9jObHAQ==';
const OUTPUT = 'Gl4KR3NoYTI1NjozZGY1OTEyYjU5YmFjMDJiYzMzNDQ2NDI3NDRmMWJjYjEzNjVjMmY1NWUzYTMwYzdjMWMwNGYxZjUyMTliY2JjEgwIyPbW2AYQz5OUtgIYASIDaGkK';
const DONE =
  'CoUCCkdzaGEyNTY6M2RmNTkxMmI1OWJhYzAyYmMzMzQ0NjQyNzQ0ZjFiY2IxMzY1YzJmNTVlM2EzMGM3YzFjMDRmMWY1MjE5YmNiYxJHc2hhMjU2OjRjMjlkNDk1MWQzODJlNWUwNzJjMzYwNTY0NGFkMTcwNjQ2MjY2MzQ0NTRiZTcwMzZlNzgzNDY4OTdjZDk1YjIaVVsyLzNdIFJVTiBjYXQgL3N5cy9mcy9jZ3JvdXAvbWVtb3J5L21lbW9yeS5saW1pdF9pbl9ieXRlczsgZWNobyBoaTsgbHMgL3N5cy9jbGFzcy9uZXQqDAjI9tbYBhC9jObHATIMCMj21tgGEKjU/9wC';

describe('BuildKit trace records', () => {
  it('decode into vertexes and logs', () => {
    const r = decodeTrace(STARTED);
    expect(r.vertexes).toHaveLength(1);
    expect(r.vertexes[0].name).toBe('[2/3] RUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes; echo hi; ls /sys/class/net');
    expect(r.vertexes[0].digest).toMatch(/^sha256:3df5/);
    expect(r.vertexes[0].started).toBeGreaterThan(1.7e12);
    expect(decodeTrace(OUTPUT).logs).toEqual([{ vertex: r.vertexes[0].digest, stream: 1, msg: 'hi\n' }]);
  });

  it('become readable lines, each state change once', () => {
    const t = new TraceLines();
    const lines = [STARTED, STARTED, OUTPUT, DONE, DONE].flatMap((a) => t.lines(decodeTrace(a)));
    expect(lines[0]).toBe('[2/3] RUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes; echo hi; ls /sys/class/net');
    expect(lines[1]).toBe('[2/3] hi');
    expect(lines[2]).toMatch(/^\[2\/3\] DONE \d+\.\ds$/);
    expect(lines).toHaveLength(3);
  });

  it('refuse a malformed record', () => {
    expect(() => decodeTrace(Buffer.from([0x0a, 0x20, 0x01]).toString('base64'))).toThrow(/truncated/);
  });
});
