// The limits of a tenant, with what is in use (lib/tenants/quota-view.ts); functions' limits left to the console's
// default say so.
import type { QuotaItem, QuotaUnit } from '@/lib/tenants/quota-view';
import { StaticTable } from '@/components/ui/table';

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
    <StaticTable
      caption="Quota limits and usage"
      columns={[
        { key: 'resource', header: 'Resource' },
        { key: 'used', header: 'In use', align: 'right' },
        { key: 'limit', header: 'Limit', align: 'right' },
      ]}
      rows={items.map((i) => ({
        id: i.key,
        testId: `quota-${i.key}`,
        cells: [
          <>
            {i.label}
            {i.note ? <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">{i.note}</span> : null}
          </>,
          i.used === null ? '—' : fmt(i.used, i.unit),
          <>
            {fmt(i.limit, i.unit)}
            {i.isDefault ? <span className="text-xs text-zinc-600 dark:text-zinc-400"> (default)</span> : null}
          </>,
        ],
      }))}
    />
  );
}
