// Loops (the reconciler's, a driver's watch) sleep on one AbortSignal that lives as long as the process: each sleep must leave no
// listener behind on it, and an abort must end a sleep at once.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from './sleep';

describe('sleep', () => {
  it('leaves no abort listener behind when the time is up', async () => {
    const abort = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the signal aborts, and immediately when it already has', async () => {
    const abort = new AbortController();
    const t0 = performance.now();
    const pending = sleep(60_000, abort.signal);
    setTimeout(() => abort.abort(), 10);
    await pending;
    await sleep(60_000, abort.signal);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});
