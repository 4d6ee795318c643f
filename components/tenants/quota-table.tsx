// The limits of a tenant, with what is in use (lib/tenants/quota-view.ts); functions' limits left to the console's
// default say so.
import type { QuotaItem, QuotaUnit } from '@/lib/tenants/quota-view';

function fmt(n: number, unit: QuotaUnit): string {
  switch (unit) {
    case 'mib':
      // Below a GiB in MiB: 128 MiB read as "0.13 GiB", and a few MiB as "0 GiB" as if nothing were in use.
      return n > 0 && n < 1024 ? `${n.toLocaleString('en')} MiB` : `${(n / 1024).toLocaleString('en', { maximumFractionDigits: 2 })} GiB`;
    case 'gib':
      return `${n.toLocaleString('en')} GiB`;
    case 'bytes':
      return n < 1024 * 1024 ? `${(n / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KiB` : `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;
    case 'per_second':
      return `${n.toLocaleString('en')}/s`;
    default:
      return n.toLocaleString('en');
  }
}

export function QuotaTable({ items }: { items: QuotaItem[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Quota limits and usage</caption>
      <thead>
        <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <th scope="col" className="py-2 font-medium">Resource</th>
          <th scope="col" className="py-2 font-medium">In use</th>
          <th scope="col" className="py-2 font-medium">Limit</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.key} data-testid={`quota-${i.key}`} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
            <th scope="row" className="py-2 font-normal">
              {i.label}
              {i.note ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{i.note}</span> : null}
            </th>
            <td className="py-2">{i.used === null ? '—' : fmt(i.used, i.unit)}</td>
            <td className="py-2">
              {fmt(i.limit, i.unit)}
              {i.isDefault ? <span className="text-xs text-zinc-600 dark:text-zinc-400"> (default)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
