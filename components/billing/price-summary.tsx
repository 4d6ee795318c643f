// An estimate as a console shows it before "Create": the monthly figure, about how much an hour, and the lines it
// is made of. Announced politely to screen readers when it changes.
import type { Estimate } from '@/lib/billing/estimate';
import { formatMoney, formatUnitPrice, UNITS } from '@/lib/billing/units';
import { StaticTable } from '@/components/ui/table';

export function PriceSummary({ estimate, title = 'Monthly estimate' }: { estimate: Estimate; title?: string }) {
  const money = (minor: number) => formatMoney(minor, estimate.currency, estimate.minorUnits);
  return (
    <section aria-live="polite" aria-label={title} data-testid="price-estimate" className="space-y-2">
      <h3 className="font-medium">{title}</h3>
      <p>
        <span className="text-2xl font-semibold" data-testid="price-monthly">
          {money(estimate.monthlyMinor)}
        </span>{' '}
        <span className="text-zinc-600 dark:text-zinc-400">a month</span>
      </p>
      <p className="text-zinc-600 dark:text-zinc-400" data-testid="price-hourly">
        That’s about {formatUnitPrice(estimate.hourly, estimate.currency)} hourly ({estimate.hoursPerMonth} hours a month).
      </p>
      <StaticTable
        caption="How the estimate is made up"
        testId="price-lines"
        density="compact"
        columns={[
          { key: 'item', header: 'Item' },
          { key: 'quantity', header: 'Quantity', align: 'right' },
          { key: 'amount', header: 'Amount', align: 'right' },
        ]}
        rows={estimate.lines.map((l, i) => ({
          id: String(i),
          cells: [
            <>
              {l.description}
              <span className="block font-normal text-zinc-600 dark:text-zinc-400" data-testid="unit-price">
                {formatUnitPrice(l.unitPrice, estimate.currency)} {UNITS[l.unit].price}
              </span>
            </>,
            <>
              {l.quantity} {UNITS[l.unit].quantity}
              {l.freeQuantity !== '0' ? <span className="block text-zinc-600 dark:text-zinc-400">{l.freeQuantity} free</span> : null}
            </>,
            money(l.amountMinor),
          ],
        }))}
      />
      {estimate.unpriced.map((u) => (
        <p key={u.item} className="text-amber-800 dark:text-amber-300">
          Not priced: {u.reason}.
        </p>
      ))}
    </section>
  );
}
