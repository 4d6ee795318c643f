// A month's lines as a table: what each instance used, at which price, for how much; the total is their sum.
import { kindLabel } from '@/lib/instances/kinds';
import type { Bill } from '@/lib/billing/bill';
import { formatMoney, formatUnitPrice, UNITS } from '@/lib/billing/units';
import { StaticTable } from '@/components/ui/table';

export function BillLines({ bill }: { bill: Bill }) {
  const money = (minor: number) => formatMoney(minor, bill.currency, bill.minorUnits);
  return (
    <div>
      <StaticTable
        caption={`Charges of ${bill.month}`}
        testId="bill-lines"
        columns={[
          { key: 'item', header: 'Item' },
          { key: 'quantity', header: 'Quantity', align: 'right' },
          { key: 'unitPrice', header: 'Unit price', align: 'right' },
          { key: 'amount', header: 'Amount', align: 'right' },
        ]}
        rows={bill.lines.map((l, i) => ({
          id: String(i),
          cells: [
            <>
              {l.description}
              <span className="ml-2 text-xs font-normal text-zinc-600 dark:text-zinc-400">{kindLabel(l.kind)}</span>
            </>,
            <>
              {l.quantity} {UNITS[l.unit].quantity}
              {l.freeQuantity !== '0' ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{l.freeQuantity} free</span> : null}
            </>,
            <span key="price" data-testid="unit-price">
              {formatUnitPrice(l.unitPrice, bill.currency)} {UNITS[l.unit].price}
            </span>,
            money(l.amountMinor),
          ],
        }))}
        totals={{ label: 'Total', values: { amount: money(bill.totalMinor) }, testIds: { amount: 'bill-total' } }}
        empty={<p className="text-sm text-zinc-700 dark:text-zinc-300">Nothing has been used in {bill.month} yet.</p>}
      />
      {bill.unpriced.length ? <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">No price in the catalog (charged nothing): {bill.unpriced.join(', ')}.</p> : null}
    </div>
  );
}
