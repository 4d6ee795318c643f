'use client';
// A function's live price: the expected requests a month and their average duration, priced with the billing list
// by the same pure estimator as the calculator and the bill (free tiers included), at the chosen memory size.
import { useId, useState } from 'react';
import { estimate, type Catalog } from '@/lib/billing/estimate';
import { PriceSummary } from '@/components/billing/price-summary';
import { inputClass } from '@/components/ui/field';

type Props = { prices: Catalog; provider: string | null; memoryMib: number; initialDurationMs?: number; initialRequests?: number };

export function FunctionPrice({ prices, provider, memoryMib, initialDurationMs = 100, initialRequests = 3_000_000 }: Props) {
  const [requests, setRequests] = useState(String(initialRequests));
  const [duration, setDuration] = useState(String(initialDurationMs));
  const id = useId();
  const r = Number(requests);
  const d = Number(duration);
  const valid = Number.isFinite(r) && r >= 0 && r <= 1e12 && Number.isFinite(d) && d > 0 && d <= 60_000;
  if (!provider) return <p className="text-sm text-zinc-600 dark:text-zinc-400">The billing price list has no prices for functions.</p>;
  const price = valid ? estimate({ items: [{ type: 'function', provider, requests: Math.round(r), durationMs: d, memoryMb: memoryMib }] }, prices) : null;
  return (
    <div className="space-y-3 text-sm">
      <div className="grid grid-cols-2 gap-3">
        <div className="space-y-1">
          <label htmlFor={`${id}-req`} className="block font-medium">
            Requests a month
          </label>
          <input id={`${id}-req`} inputMode="numeric" value={requests} onChange={(e) => setRequests(e.target.value)} className={inputClass} data-testid="price-requests" aria-invalid={!valid || undefined} />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-dur`} className="block font-medium">
            Average duration (ms)
          </label>
          <input id={`${id}-dur`} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} className={inputClass} aria-invalid={!valid || undefined} />
        </div>
      </div>
      {price ? <PriceSummary estimate={price} title={`Estimate at ${memoryMib} MiB`} /> : <p className="text-red-700 dark:text-red-400">Enter a number of requests and a duration of 1 ms to 60 s.</p>}
    </div>
  );
}
