'use client';
// Live data without polling: one event stream per organisation and browser tab (GET /api/v1/tenants/{slug}/events),
// shared by every live view on the page; a view re-reads its JSON endpoint when a change it cares about is
// announced, when the stream (re)connects (changes while away are not replayed) and when the tab becomes visible
// again after a change it missed while hidden.
import { useEffect, useRef, useState } from 'react';

export type LiveChange = { kind: 'instance' | 'function' | 'build'; id: string };
/** `null`: the stream (re)connected, anything may have changed. */
type Listener = (change: LiveChange | null, connected: boolean) => void;
type Source = { es: EventSource; listeners: Set<Listener>; connected: boolean };

const sources = new Map<string, Source>();

function subscribe(slug: string, fn: Listener): () => void {
  let s = sources.get(slug);
  if (!s) {
    const es = new EventSource(`/api/v1/tenants/${encodeURIComponent(slug)}/events`);
    const created: Source = { es, listeners: new Set(), connected: false };
    es.addEventListener('ready', () => {
      created.connected = true;
      for (const l of created.listeners) l(null, true);
    });
    es.addEventListener('change', (e) => {
      let change: LiveChange;
      try {
        change = JSON.parse((e as MessageEvent<string>).data) as LiveChange;
      } catch {
        return;
      }
      for (const l of created.listeners) l(change, true);
    });
    es.addEventListener('revoked', () => {
      // Signed out, or no longer a member: reconnecting cannot help (the next page load asks to sign in).
      es.close();
      created.connected = false;
      for (const l of created.listeners) l(null, false);
    });
    es.addEventListener('error', () => {
      // The browser reconnects by itself (after the server's `retry`); views say so meanwhile.
      created.connected = false;
      for (const l of created.listeners) l(null, false);
    });
    sources.set(slug, created);
    s = created;
  }
  s.listeners.add(fn);
  const src = s;
  return () => {
    src.listeners.delete(fn);
    if (!src.listeners.size) {
      src.es.close();
      sources.delete(slug);
    }
  };
}

/** The organisation of a tenant API path (`/api/v1/tenants/{slug}/…`). */
export function tenantOfUrl(url: string): string {
  const m = url.match(/\/api\/v1\/tenants\/([^/?]+)/);
  if (!m) throw new Error(`${url} is not an organisation's API`);
  return decodeURIComponent(m[1]!);
}

/**
 * Calls `onChange` for each change of the organisation `matches` accepts, and (with `null`) whenever the stream
 * (re)connects; `onConnection` says whether it is connected.
 */
export function useTenantChanges(slug: string, matches: (c: LiveChange) => boolean, onChange: () => void, onConnection?: (connected: boolean) => void): void {
  const ref = useRef({ matches, onChange, onConnection });
  useEffect(() => {
    ref.current = { matches, onChange, onConnection };
  });
  useEffect(
    () =>
      subscribe(slug, (change, connected) => {
        ref.current.onConnection?.(connected);
        if (!connected) return;
        if (change === null || ref.current.matches(change)) ref.current.onChange();
      }),
    [slug],
  );
}

/**
 * The JSON at `url`, re-read whenever a change `matches` accepts is announced on the organisation's event stream
 * (re-reads are coalesced: one at a time, and one more if something changed meanwhile).
 */
export function useLive<T>(url: string, initial: T, matches: (c: LiveChange) => boolean): { data: T; error: string | null } {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const state = useRef({ running: false, again: false, stale: false, url });

  const load = useRef(async () => {});
  useEffect(() => {
    state.current.url = url;
    load.current = async () => {
      const s = state.current;
      if (document.hidden) {
        s.stale = true; // read when the tab is shown again
        return;
      }
      if (s.running) {
        s.again = true;
        return;
      }
      s.running = true;
      try {
        do {
          s.again = false;
          const target = s.url;
          try {
            const res = await fetch(target, { cache: 'no-store' });
            if (target !== s.url) continue; // the view moved on (another page or filter) meanwhile
            if (res.ok) {
              setData((await res.json()) as T);
              setError(null);
            } else setError(res.status === 404 ? 'gone' : `The console answered ${res.status}`);
          } catch {
            setError('The console is not reachable; retrying');
          }
        } while (s.again);
      } finally {
        s.running = false;
      }
    };
  }, [url]);

  // A new URL (filters, page) is read at once; the first render shows the server's data.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void load.current();
  }, [url]);

  useEffect(() => {
    const onVisible = () => {
      if (!document.hidden && state.current.stale) {
        state.current.stale = false;
        void load.current();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  useTenantChanges(
    tenantOfUrl(url),
    matches,
    () => void load.current(),
    (connected) => setError((e) => (connected ? (e === 'The console is not reachable; retrying' ? null : e) : 'The console is not reachable; retrying')),
  );
  return { data, error };
}
