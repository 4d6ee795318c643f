// Waiting that an AbortSignal ends at once. Loops sleep on one long-lived signal (the reconciler's, a driver's
// watch), so each sleep removes its listener when its timer fires instead of collecting one per sleep.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
