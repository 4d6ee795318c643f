// The cap on what one invocation may store as console output. The runtime's bootstrap caps it too, but the code runs
// in the same process as the bootstrap and can rewrite anything it sends: the gateway's cap is the one that holds.
// Lines beyond the cap are dropped, with one marker line saying how many (and how many bytes); a line longer than
// the line cap is cut, with a note of how long it was.
import type { FnLogLine } from './types';

export type LogCap = { maxLines: number; maxBytes: number; maxLineBytes: number };

export const MARKER_PREFIX = '[overcast] ';

/** Cuts `text` to at most `max` bytes of UTF-8 without splitting a character. */
export function cutUtf8(text: string, max: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= max) return text;
  let end = max;
  // Back off continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/**
 * At most `cap.maxLines` lines and `cap.maxBytes` bytes of text (the marker line not counted), each line at most
 * `cap.maxLineBytes`. The input is never changed.
 */
export function capLogs(lines: FnLogLine[], cap: LogCap): FnLogLine[] {
  const out: FnLogLine[] = [];
  let bytes = 0;
  let droppedLines = 0;
  let droppedBytes = 0;
  for (const line of lines) {
    const text = typeof line.text === 'string' ? line.text : String(line.text);
    const size = Buffer.byteLength(text);
    let kept = text;
    if (size > cap.maxLineBytes) {
      const note = ` … (line cut: ${size} bytes)`;
      kept = cutUtf8(text, Math.max(0, cap.maxLineBytes - Buffer.byteLength(note))) + note;
    }
    const keptBytes = kept === text ? size : Buffer.byteLength(kept);
    if (droppedLines || out.length >= cap.maxLines || bytes + keptBytes > cap.maxBytes) {
      droppedLines++;
      droppedBytes += size;
      continue;
    }
    bytes += keptBytes;
    out.push(kept === text ? line : { ...line, text: kept });
  }
  if (droppedLines) {
    const last = lines[lines.length - 1]!;
    out.push({
      at: last.at,
      stream: 'stderr',
      text: `${MARKER_PREFIX}${droppedLines} more line(s) of output (${droppedBytes} bytes) dropped: an invocation keeps at most ${cap.maxLines} lines and ${cap.maxBytes} bytes.`,
      invocationId: last.invocationId,
    });
  }
  return out;
}
