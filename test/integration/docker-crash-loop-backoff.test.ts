// Issue 12, finding 8: a crash-looping container backs off. A container whose process exits at once is started
// again by the reconciler, each time after twice the wait of the time before (1 s, 2 s, 4 s … up to 5 min); the
// console says "crash loop — next try in …" meanwhile; a user's start begins the count anew. Docker's own event
// stream times the starts (not the console's records of them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '@/lib/providers/docker/client';
import { containerName } from '@/lib/providers/docker/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { instanceRow, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let ctx: TenantContext;
let tenantId: string;
const abort = new AbortController();

beforeAll(async () => {
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  await provideTenantNetwork(engine, tenantId);
  reconciler = startReconciler(CONSOLE);
});

afterAll(async () => {
  abort.abort();
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenantId]);
});

/** Collects the engine's "start" events of one container (ms since the epoch), from now on. */
async function startsOf(name: string): Promise<number[]> {
  const starts: number[] = [];
  const stream = (await engine.getEvents({ filters: { type: ['container'], event: ['start'], container: [name] }, abortSignal: abort.signal })) as NodeJS.ReadableStream;
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const ev = JSON.parse(buffer.slice(0, nl)) as { timeNano: number };
      buffer = buffer.slice(nl + 1);
      starts.push(ev.timeNano / 1e6);
    }
  });
  stream.on('error', () => {});
  return starts;
}

describe('finding 8: a crash-looping container backs off', () => {
  it('is restarted ever later (1 s, 2 s, 4 s, 8 s), shown as "crash loop — next try in …", and a user start resets the count', async () => {
    const input = containerInput({ name: 'crashy', imageId: 'docker-shell', ports: [], command: ['sh', '-c', 'echo bye; exit 3'], start: false });
    const { id } = await createContainer(ctx, input);
    await waitForInstance(ctx, id, 'stopped (made, not started)', (i) => i.status === 'stopped');
    const starts = await startsOf(containerName(id));
    await requestInstanceAction(ctx, id, { action: 'start' });

    await waitFor(() => `5 starts (seen ${starts.length})`, async () => starts.length >= 5, 60_000, 50);
    const gaps = starts.slice(1, 5).map((t, i) => t - starts[i]!);
    // Each wait is at least the backoff (1, 2, 4, 8 s); on a busy machine noticing the exit adds to it, never less.
    const seen = `gaps ${gaps.map(Math.round).join(', ')} ms`;
    gaps.forEach((gap, i) => expect(gap, seen).toBeGreaterThanOrEqual(1000 * 2 ** i - 50));

    // Waiting out the 5th crash's 16 s: the reason says so, counting down, and the instance is not started meanwhile.
    const waiting = await waitForInstance(ctx, id, 'in its 5th backoff', (i) => i.status === 'error' && /5 times in a row/.test(i.statusReason ?? ''));
    expect(waiting.statusReason).toMatch(/^Crash loop: Exited with code 3, 5 times in a row — next try in \d+ s$/);
    const nextTry = Date.parse(waiting.nextTryAt!);
    const fifthCrash = await instanceRow(id);
    // (The wait is counted from a moment just before the row is written: a busy machine makes the gap smaller.)
    const fifthBackoff = fifthCrash.nextAttemptAt.getTime() - fifthCrash.updatedAt.getTime();
    expect(fifthBackoff).toBeGreaterThan(12_000);
    expect(fifthBackoff).toBeLessThanOrEqual(16_000);
    const later = await waitForInstance(ctx, id, 'counting down', (i) => i.statusReason !== waiting.statusReason);
    expect(later.statusReason).toMatch(/^Crash loop: Exited with code 3, 5 times in a row — next try in \d+ s$/);
    expect(starts.slice(5).every((t) => t >= nextTry - 50), 'started before its backoff ended').toBe(true);

    // A user's start tries at once (well before the backoff would have ended) and begins the count anew: the next
    // crash waits 1 s again.
    await requestInstanceAction(ctx, id, { action: 'start' });
    await waitFor('a 6th start', async () => starts.length >= 6, 15_000, 50);
    expect(starts[5]!).toBeLessThan(nextTry);
    const row = await waitFor('the 6th crash to be recorded', async () => {
      const r = await instanceRow(id);
      return r.status === 'error' && r.crashes === 1 && r;
    });
    expect(row.statusReason).toBe('Stopped unexpectedly: Exited with code 3');
    const backoff = row.nextAttemptAt.getTime() - row.updatedAt.getTime();
    expect(backoff).toBeGreaterThan(0);
    expect(backoff).toBeLessThanOrEqual(1_000);
  });
});
