// An estimate as a console shows it before "Create": the monthly figure, about how much an hour, and the lines it
// is made of. Announced politely to screen readers when it changes.
import type { Estimate } from '@/lib/billing/estimate';
import { formatMoney, UNITS } from '@/lib/billing/units';

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
        That’s about {estimate.currency === 'USD' ? '$' : `${estimate.currency} `}
        {estimate.hourly} hourly ({estimate.hoursPerMonth} hours a month).
      </p>
      {estimate.lines.length ? (
        <table className="w-full text-xs">
          <caption className="sr-only">How the estimate is made up</caption>
          <thead>
            <tr className="text-left text-zinc-600 dark:text-zinc-400">
              <th scope="col" className="font-normal">Item</th>
              <th scope="col" className="text-right font-normal">Quantity</th>
              <th scope="col" className="text-right font-normal">Amount</th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((l, i) => (
              <tr key={i}>
                <td>
                  {l.description}
                  <span className="block text-zinc-500 dark:text-zinc-400">
                    {l.unitPrice} {UNITS[l.unit].price}
                  </span>
                </td>
                <td className="text-right align-top">
                  {l.quantity} {UNITS[l.unit].quantity}
                  {l.freeQuantity !== '0' ? <span className="block text-zinc-500 dark:text-zinc-400">{l.freeQuantity} free</span> : null}
                </td>
                <td className="text-right align-top">{money(l.amountMinor)}</td>
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
