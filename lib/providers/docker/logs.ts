// Docker's multiplexed log format (non-TTY containers): frames of [stream, 0, 0, 0, size(4, big-endian)] + payload.
import type { LogLine } from '@/lib/providers/types';

function* framesToLines(buf: Buffer, carry: { rest: Buffer; partial: Record<1 | 2, string> }): Generator<LogLine> {
  let data = carry.rest.length ? Buffer.concat([carry.rest, buf]) : buf;
  while (data.length >= 8) {
    const kind = data[0] === 2 ? 2 : 1;
    const size = data.readUInt32BE(4);
    if (data.length < 8 + size) break;
    const text = carry.partial[kind] + data.subarray(8, 8 + size).toString('utf8');
    data = data.subarray(8 + size);
    const lines = text.split('\n');
    carry.partial[kind] = lines.pop() ?? '';
    for (const line of lines) yield parseLine(line, kind);
  }
  carry.rest = Buffer.from(data);
}

function parseLine(line: string, kind: 1 | 2): LogLine {
  // With timestamps: "2026-11-22T17:00:00.123456789Z message"
  const sp = line.indexOf(' ');
  const at = sp > 0 && /^\d{4}-\d\d-\d\dT/.test(line) ? line.slice(0, sp) : '';
  return { at, stream: kind === 2 ? 'stderr' : 'stdout', text: at ? line.slice(sp + 1) : line };
}

export async function* demuxLogs(raw: NodeJS.ReadableStream | Buffer, signal: AbortSignal): AsyncGenerator<LogLine> {
  const carry = { rest: Buffer.alloc(0), partial: { 1: '', 2: '' } as Record<1 | 2, string> };
  if (Buffer.isBuffer(raw)) {
    yield* framesToLines(raw, carry);
  } else {
    try {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        if (signal.aborted) break;
        yield* framesToLines(chunk, carry);
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      (raw as unknown as { destroy?: () => void }).destroy?.();
    }
  }
  for (const k of [1, 2] as const) if (carry.partial[k]) yield parseLine(carry.partial[k], k);
}
