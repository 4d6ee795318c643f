'use client';
// Samples a JSON endpoint at an interval while the page is visible: for time series of host figures (the capacity
// chart), which change all the time and have no change events. Status and lists use the event stream instead
// (components/live/use-live.ts).
import { useEffect, useState } from 'react';

export function useSampled<T>(url: string, initial: T, intervalMs: number): { data: T; error: string | null } {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      if (!document.hidden) {
        try {
          const res = await fetch(url, { cache: 'no-store' });
          if (res.ok) {
            setData((await res.json()) as T);
            setError(null);
          } else if (res.status === 404) {
            setError('gone');
          } else {
            setError(`The console answered ${res.status}`);
          }
        } catch {
          setError('The console is not reachable; retrying');
        }
      }
      if (!stopped) timer = setTimeout(run, intervalMs);
    };
    timer = setTimeout(run, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, intervalMs]);
  return { data, error };
}
