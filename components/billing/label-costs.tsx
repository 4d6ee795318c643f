// The month's cost per label: for each label key, what each value cost and what had no such label (each key's
// amounts add up to the month's total). Labels are read as they are now.
import type { LabelCost } from '@/lib/labels/labels';
import { labelText } from '@/lib/labels/labels';
import { formatMoney } from '@/lib/billing/units';

export function LabelCosts({ byLabel, currency, minorUnits }: { byLabel: LabelCost[]; currency: string; minorUnits: number }) {
  const money = (minor: number) => formatMoney(minor, currency, minorUnits);
  if (!byLabel.length) {
    return <p className="text-sm text-zinc-700 dark:text-zinc-300">No labelled instance or function was billed this month. Add labels on their pages to split the cost here.</p>;
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="label-costs">
      {byLabel.map((k) => (
        <section key={k.key} aria-labelledby={`label-cost-${k.key}`} className="text-sm">
          <h3 id={`label-cost-${k.key}`} className="mb-1 font-mono font-semibold">
            {k.key}
          </h3>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {k.values.map((v) => (
              <li key={v.value} className="flex justify-between gap-4 py-1">
                <span className="font-mono">{labelText(k.key, v.value)}</span>
                <span className="tabular-nums">{money(v.amountMinor)}</span>
              </li>
            ))}
            <li className="flex justify-between gap-4 py-1 text-zinc-600 dark:text-zinc-400">
              <span>Without {k.key}</span>
              <span className="tabular-nums">{money(k.unlabelledMinor)}</span>
            </li>
          </ul>
        </section>
      ))}
    </div>
  );
}
