// An estimate as a console shows it before "Create": the monthly figure, about how much an hour, and the lines it
// is made of. Announced politely to screen readers when it changes.
import type { Estimate } from '@/lib/billing/estimate';
import { formatMoney, formatUnitPrice, UNITS } from '@/lib/billing/units';

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
      {estimate.lines.length ? (
        <table className="w-full text-xs" data-testid="price-lines">
          <caption className="sr-only">How the estimate is made up</caption>
          <thead>
            <tr className="border-b border-zinc-200 text-left text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <th scope="col" className="py-1 pr-3 font-medium">Item</th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">Quantity</th>
              <th scope="col" className="py-1 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((l, i) => (
              <tr key={i} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                <td className="py-1 pr-3 align-top">
                  {l.description}
                  <span className="block text-zinc-600 dark:text-zinc-400" data-testid="unit-price">
                    {formatUnitPrice(l.unitPrice, estimate.currency)} {UNITS[l.unit].price}
                  </span>
                </td>
                <td className="py-1 pr-3 text-right align-top tabular-nums whitespace-nowrap">
                  {l.quantity} {UNITS[l.unit].quantity}
                  {l.freeQuantity !== '0' ? <span className="block text-zinc-600 dark:text-zinc-400">{l.freeQuantity} free</span> : null}
                </td>
                <td className="py-1 text-right align-top tabular-nums whitespace-nowrap">{money(l.amountMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {estimate.unpriced.map((u) => (
        <p key={u.item} className="text-amber-800 dark:text-amber-300">
          Not priced: {u.reason}.
        </p>
      ))}
    </section>
  );
}
