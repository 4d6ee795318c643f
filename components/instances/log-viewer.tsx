'use client';
// Live logs: follows the instance's log stream (Server-Sent Events) and keeps the view at the bottom.
import { formatTime } from '@/lib/format/date';
import { useEffect, useRef, useState } from 'react';
import { useEventStream, type StreamState } from '@/components/ui/use-event-stream';

type Line = { at: string; stream: 'stdout' | 'stderr'; text: string };
const MAX_LINES = 2000;

/** What the line above the logs says: what is happening, never "connection lost" for an instance not started yet. */
export function logStatusText(state: StreamState, starting: boolean): string {
  if (starting || state === 'waiting') return 'Waiting for the instance to start…';
  if (state === 'live') return 'Following live';
  if (state === 'connecting') return 'Connecting…';
  if (state === 'ended') return 'Not running: waiting for output…';
  return 'Connection lost; reconnecting…';
}

/** `starting`: the instance is still being created (its page knows from its live status). */
export function LogViewer({ url, starting = false }: { url: string; starting?: boolean }) {
  const [lines, setLines] = useState<Line[]>([]);
  const box = useRef<HTMLPreElement>(null);
  // Each connection replays the last lines and follows; when the stream ends (the instance stopped or is not
  // created yet) or fails, the next connection replaces what is shown, so nothing is doubled.
  const state = useEventStream(url, (data, first) => {
    const line = JSON.parse(data) as Line;
    setLines((prev) => (first ? [line] : [...prev, line].slice(-MAX_LINES)));
  });
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  return (
    <div>
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" role="status" data-testid="logs-status">
        {logStatusText(state, starting)}
      </p>
      <pre
        ref={box}
        tabIndex={0}
        aria-label="Logs"
        data-testid="logs"
        className="h-72 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100"
      >
        {lines.length === 0 ? <span className="text-zinc-400">No output yet.</span> : null}
        {lines.map((l, i) => (
          <div key={i} className={l.stream === 'stderr' ? 'text-amber-300' : undefined}>
            <span className="text-zinc-400">{formatTime(l.at, 'en-GB')} </span>
            {l.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
