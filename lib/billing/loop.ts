// The billing background loop of a console process: meters what is due, closes finished months into invoices and
// raises budget alerts, once a minute, and measures registry storage every few minutes. Every step is idempotent, so
// several console processes may run it.
import 'server-only';
import { db } from '@/lib/db/client';
import { meterPass } from './meter';
import { measureRegistryStorage } from '@/lib/registry/measure';
import { closeFinishedMonths, monthFor } from './service';
import { monthOf } from './timeline';

const EVERY_MS = 60_000;
/** Registry storage is measured through the registry's API (a request per repository and tag): less often. */
const MEASURE_REGISTRY_EVERY_MS = 5 * 60_000;
let registryMeasuredAt = 0;

async function pass(): Promise<void> {
  const client = db();
  const now = new Date();
  if (now.getTime() - registryMeasuredAt >= MEASURE_REGISTRY_EVERY_MS) {
    registryMeasuredAt = now.getTime();
    // A registry that is down is measured at the next turn; its last levels keep being metered meanwhile.
    await measureRegistryStorage(now).catch((err: Error) => console.error(`[billing] registry storage not measured: ${err.message}`));
  }
  while ((await meterPass(client, { now })) === 500);
  await closeFinishedMonths(client, now);
  // Budgets: computing the month raises any alert newly crossed.
  for (const b of await client.budget.findMany({ select: { tenantId: true } })) await monthFor(client, b.tenantId, monthOf(now), now);
}

export function startBillingLoop(): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      await pass();
    } catch (err) {
      console.error(`[billing] pass failed: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(run, EVERY_MS);
  };
  timer = setTimeout(run, 5_000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
