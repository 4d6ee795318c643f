'use client';
// Live logs: follows the instance's log stream (Server-Sent Events) and keeps the view at the bottom.
import { useEffect, useRef, useState } from 'react';

type Line = { at: string; stream: 'stdout' | 'stderr'; text: string };
const MAX_LINES = 2000;
const RECONNECT_MS = 3000;

export function LogViewer({ url }: { url: string }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [state, setState] = useState<'connecting' | 'live' | 'ended' | 'error'>('connecting');
  const box = useRef<HTMLPreElement>(null);
  // Each connection replays the last lines and follows; when the stream ends (the instance stopped or is not
  // created yet) or fails, connect again a little later and replace what is shown, so nothing is doubled.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const es = new EventSource(url);
    let fresh = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      es.close();
      retry = setTimeout(() => setGeneration((g) => g + 1), RECONNECT_MS);
    };
    es.onopen = () => setState('live');
    es.onmessage = (e) => {
      const line = JSON.parse(e.data) as Line;
      setLines((prev) => (fresh ? [line] : [...prev, line].slice(-MAX_LINES)));
      fresh = false;
    };
    es.addEventListener('end', () => {
      setState('ended');
      again();
    });
    es.onerror = () => {
      setState((s) => (s === 'ended' ? s : 'error'));
      if (es.readyState === EventSource.CLOSED) again();
    };
    return () => {
      clearTimeout(retry);
      es.close();
    };
  }, [url, generation]);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  return (
    <div>
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" role="status">
        {state === 'live' ? 'Following live' : state === 'connecting' ? 'Connecting…' : state === 'ended' ? 'Not running: waiting for output…' : 'Connection lost; reconnecting…'}
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
            <span className="text-zinc-400">{l.at.slice(11, 19)} </span>
            {l.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
