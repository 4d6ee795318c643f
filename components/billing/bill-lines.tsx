// A month's lines as a table: what each instance used, at which price, for how much; the total is their sum.
import type { Bill } from '@/lib/billing/bill';
import { formatMoney, formatUnitPrice, UNITS } from '@/lib/billing/units';

export function BillLines({ bill }: { bill: Bill }) {
  const money = (minor: number) => formatMoney(minor, bill.currency, bill.minorUnits);
  if (!bill.lines.length) return <p className="text-sm text-zinc-700 dark:text-zinc-300">Nothing has been used in {bill.month} yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="bill-lines">
        <caption className="sr-only">Charges of {bill.month}</caption>
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <th scope="col" className="py-2 pr-3 font-medium">Item</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Quantity</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Unit price</th>
            <th scope="col" className="py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody>
          {bill.lines.map((l, i) => (
            <tr key={i} className="border-b border-zinc-100 dark:border-zinc-800">
              <td className="py-2 pr-3">
                {l.description}
                <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">{l.kind}</span>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums whitespace-nowrap">
                {l.quantity} {UNITS[l.unit].quantity}
                {l.freeQuantity !== '0' ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{l.freeQuantity} free</span> : null}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums whitespace-nowrap" data-testid="unit-price">
                {formatUnitPrice(l.unitPrice, bill.currency)} {UNITS[l.unit].price}
              </td>
              <td className="py-2 text-right tabular-nums whitespace-nowrap">{money(l.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3} className="py-2 pr-3 text-right font-semibold">
              Total
            </th>
            <td className="py-2 text-right font-semibold tabular-nums" data-testid="bill-total">
              {money(bill.totalMinor)}
            </td>
          </tr>
        </tfoot>
      </table>
      {bill.unpriced.length ? <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">No price in the catalog (charged nothing): {bill.unpriced.join(', ')}.</p> : null}
    </div>
  );
}
