'use client';
// Follows a Server-Sent Events stream for a live view (logs, metrics). When the stream ends (the instance stopped)
// or breaks for good, it connects again a little later; each connection starts from the server's replay, so the
// first message of a connection is marked and a view can replace what it shows instead of doubling it. A `waiting`
// event means there is nothing to follow yet (an instance still being created): not a lost connection.
import { useEffect, useRef, useState } from 'react';

export type StreamState = 'connecting' | 'live' | 'waiting' | 'ended' | 'lost';

const RECONNECT_MS = 3000;

export function useEventStream(url: string, onMessage: (data: string, firstOfConnection: boolean) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const [generation, setGeneration] = useState(0);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  });
  useEffect(() => {
    const es = new EventSource(url);
    let first = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      es.close();
      retry = setTimeout(() => setGeneration((g) => g + 1), RECONNECT_MS);
    };
    es.onopen = () => {
      // Also after the browser reconnected by itself: the server replays again.
      first = true;
      setState('live');
    };
    es.onmessage = (e) => {
      handler.current(e.data as string, first);
      first = false;
    };
    es.addEventListener('waiting', () => setState('waiting'));
    es.addEventListener('end', () => {
      setState((s) => (s === 'waiting' ? s : 'ended'));
      again();
    });
    es.onerror = () => {
      // The browser retries by itself unless the stream is closed for good.
      setState((s) => (s === 'ended' || s === 'waiting' ? s : 'lost'));
      if (es.readyState === EventSource.CLOSED) again();
    };
    return () => {
      clearTimeout(retry);
      es.close();
    };
  }, [url, generation]);
  return state;
}
