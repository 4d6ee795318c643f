// The billing background loop of a console process: meters what is due, closes finished months into invoices and
// raises budget alerts, once a minute. Every step is idempotent, so several console processes may run it.
import 'server-only';
import { db } from '@/lib/db/client';
import { meterPass } from './meter';
import { closeFinishedMonths, monthFor } from './service';
import { monthOf } from './timeline';

const EVERY_MS = 60_000;

async function pass(): Promise<void> {
  const client = db();
  const now = new Date();
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
