'use client';
// The tenant's functions on the shared table, re-read when the organisation's event stream announces a change: status, active version, invoke URL,
// invocations today. Filtered by the server (?q=&status=), sorted here (the whole list is on the page), with a row
// menu and bulk delete behind one confirmation.
import Link from 'next/link';
import { useLive } from '@/components/live/use-live';
import { LabelChips } from '@/components/labels/label-chips';
import type { FunctionListItem } from '@/lib/functions/queries';
import type { FormState } from '@/lib/form-state';
import { DataTable, type Column, type Row } from '@/components/ui/data-table';
import { RowMenu } from '@/components/ui/row-menu';
import { BulkBar, BulkConfirm, BulkResults, useBulk } from '@/components/ui/bulk';

const COLUMNS: Column[] = [
  { key: 'name', header: 'Name', sortable: true },
  { key: 'status', header: 'Status', sortable: true },
  { key: 'version', header: 'Version' },
  { key: 'url', header: 'Invoke URL' },
  { key: 'invocations', header: 'Invocations today', sortable: true, align: 'right' },
  { key: 'errors', header: 'Errors today', sortable: true, align: 'right' },
  { key: 'menu', header: 'Actions', hiddenHeader: true },
];

type Props = {
  slug: string;
  initial: { functions: FunctionListItem[] };
  /** The API query of this page (its filters). */
  query: string;
  /** The server action deleting one or many (`action`, `ids`); null when the member may not delete. */
  bulk: ((prev: FormState, fd: FormData) => Promise<FormState>) | null;
  empty: string;
};

const noop = async (): Promise<FormState> => ({ ok: false });

export function FunctionTable({ slug, initial, query, bulk, empty }: Props) {
  const { data, error } = useLive(`/api/v1/tenants/${slug}/functions?${query}`, initial, (c) => c.kind === 'function');
  const b = useBulk(bulk ?? noop, new Map(data.functions.map((f) => [f.id, f.name])));
  const rows: Row[] = data.functions.map((f) => ({
    id: f.id,
    label: f.name,
    href: `/t/${slug}/functions/${f.id}`,
    testId: `function-row-${f.name}`,
    sort: { name: f.name, status: f.status, invocations: f.today.invocations, errors: f.today.errors },
    cells: [
      <>
        <Link className="font-medium underline" href={`/t/${slug}/functions/${f.id}`}>
          {f.name}
        </Link>
        {f.access === 'token' ? <span className="ml-2 text-xs font-normal text-zinc-600 dark:text-zinc-400">token</span> : null}
        <LabelChips labels={f.labels} filterHref={(t) => `/t/${slug}/functions?label=${encodeURIComponent(t)}`} />
      </>,
      f.status === 'ready' ? 'Ready' : 'Not deployed',
      f.activeVersion ? `v${f.activeVersion.number} · ${f.activeVersion.memoryMib} MiB` : '—',
      <span key="u" className="font-mono text-xs break-all">
        {f.invokeUrl}
      </span>,
      f.today.invocations,
      f.today.errors,
      <RowMenu
        key="m"
        label={`Actions for ${f.name}`}
        items={[{ label: 'Open', href: `/t/${slug}/functions/${f.id}` }, ...(bulk ? [{ label: 'Delete', danger: true, onSelect: () => b.ask('delete', [f.id]) }] : [])]}
      />,
    ],
  }));
  return (
    <>
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <BulkBar count={b.selected.length} noun="function" actions={[{ key: 'delete', label: 'Delete', danger: true }]} onAction={() => b.ask('delete', b.selected)} onClear={() => b.setSelected([])} busy={b.busy} />
      <BulkResults state={b.state} names={b.last?.names ?? {}} />
      <DataTable
        caption="Functions"
        columns={COLUMNS}
        rows={rows}
        sortMode="client"
        selection={bulk ? { selected: b.selected, onChange: b.setSelected } : undefined}
        empty={<p className="text-sm text-zinc-700 dark:text-zinc-300">{empty}</p>}
        testId="function-table"
      />
      <BulkConfirm dialogRef={b.dialog} pending={b.pending} noun="function" verb="Delete" busy={b.busy} onConfirm={b.confirm} />
    </>
  );
}
