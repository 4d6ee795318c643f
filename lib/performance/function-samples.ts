// Which of a batch of recorded function invocations become platform performance samples: every cold start (its
// start-up part, by how it was served: a prewarmed stem cell or a container created for it) and, for warm ones, the
// platform's own part of the request (the whole duration minus the run of the tenant's code), a few per memory size
// and batch so that a busy gateway does not write a sample per request.
import type { NewSample } from './samples';

/** At most this many samples per key from one batch (the newest): the store keeps the last 50 per key anyway. */
export const SAMPLES_PER_KEY_PER_BATCH = 10;

export type InvocationFigures = { start: 'warm' | 'stem' | 'create'; coldMs: number; durationMs: number; billedMs: number; memoryMib: number; outcome: string; billed: boolean };

export function functionSamples(invocations: readonly InvocationFigures[]): NewSample[] {
  const byKey = new Map<string, NewSample[]>();
  for (const i of invocations) {
    // Refused, throttled or failed requests time something else (a queue, a timeout), not a start or a call.
    if (!i.billed || i.outcome !== 'ok') continue;
    const sample: NewSample =
      i.start === 'warm'
        ? { metric: 'warm_ms', kind: 'function', flavorId: String(i.memoryMib), value: Math.max(0, i.durationMs - i.billedMs) }
        : { metric: 'cold_start_ms', kind: 'function', imageId: i.start, flavorId: String(i.memoryMib), value: i.coldMs };
    const key = `${sample.metric}\0${sample.imageId ?? ''}\0${sample.flavorId}`;
    const list = byKey.get(key) ?? [];
    list.push(sample);
    if (list.length > SAMPLES_PER_KEY_PER_BATCH) list.shift();
    byKey.set(key, list);
  }
  return [...byKey.values()].flat();
}
