'use client';
// The live list of instances on the shared table: polls the API (status changes appear without a reload), sorts
// through the URL, selects rows for bulk start/stop/restart/delete behind one confirmation, and gives each row a menu.
// Every action, one row's or many, goes through the same server action and so the same per-instance checks.
import Link from 'next/link';
import type { InstanceView } from '@/lib/instances/queries';
import type { InstanceAction } from '@/lib/instances/operate';
import type { FormState } from '@/lib/form-state';
import { DataTable, type Column, type Row } from '@/components/ui/data-table';
import { RowMenu, type MenuItem } from '@/components/ui/row-menu';
import { BulkBar, BulkConfirm, BulkResults, useBulk } from '@/components/ui/bulk';
import { StatusBadge } from './status-badge';
import { useLive } from '@/components/live/use-live';
import { LabelChips } from '@/components/labels/label-chips';

type Page = { total: number; page?: number; pageSize?: number; instances: InstanceView[] };
/** Which actions the signed-in member may ask for here (role and suspension: lib/auth/policy.ts). */
export type Allowed = Record<InstanceAction, boolean>;

const COLUMNS: Column[] = [
  { key: 'name', header: 'Name', sortable: true },
  { key: 'status', header: 'Status', sortable: true },
  { key: 'kind', header: 'Kind', sortable: true },
  { key: 'image', header: 'Image', sortable: true },
  { key: 'flavor', header: 'Flavor' },
  { key: 'endpoints', header: 'Endpoints' },
  { key: 'menu', header: 'Actions', hiddenHeader: true },
];

const VERB: Record<InstanceAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', delete: 'Delete' };

type Props = {
  slug: string;
  initial: Page;
  /** The API query of this page (filters, order, page). */
  query: string;
  allowed: Allowed;
  /** The server action for one or many ids (`action`, `ids`). */
  bulk: (prev: FormState, fd: FormData) => Promise<FormState>;
  empty: string;
};

export function InstanceTable({ slug, initial, query, allowed, bulk, empty }: Props) {
  const { data, error } = useLive<Page>(`/api/v1/tenants/${slug}/instances?${query}`, initial, (c) => c.kind === 'instance');
  const b = useBulk(bulk, new Map(data.instances.map((i) => [i.id, i.name])));
  const bulkAllowed = (Object.keys(allowed) as InstanceAction[]).filter((a) => allowed[a]);

  const rows: Row[] = data.instances.map((i) => {
    const menu: MenuItem[] = [
      { label: 'Open', href: `/t/${slug}/instances/${i.id}` },
      ...i.actions
        .filter((a) => allowed[a])
        .map((a) => ({ label: VERB[a], danger: a === 'delete', onSelect: () => (a === 'delete' ? b.ask(a, [i.id]) : b.run(a, [i.id])) })),
    ];
    return {
      id: i.id,
      label: i.name,
      href: `/t/${slug}/instances/${i.id}`,
      testId: `instance-row-${i.name}`,
      cells: [
        <span key="n">
          <Link className="text-sky-800 underline dark:text-sky-300" href={`/t/${slug}/instances/${i.id}`}>
            {i.name}
          </Link>
          <LabelChips labels={i.labels} filterHref={(t) => `/t/${slug}/instances?label=${encodeURIComponent(t)}`} />
        </span>,
        <StatusBadge key="s" status={i.desiredState === 'deleted' ? 'deleting' : i.status} />,
        i.kind,
        i.image.name,
        i.flavor.name,
        i.endpoints.map((e) => (
          <span key={e.port} className="mr-2 inline-flex gap-1">
            <a className="font-mono text-xs underline" href={e.url} target="_blank" rel="noreferrer">
              :{e.port} → {e.hostPort}
            </a>
            {e.httpsUrl ? (
              <a className="font-mono text-xs text-sky-800 underline dark:text-sky-300" href={e.httpsUrl} target="_blank" rel="noreferrer" title={`Port ${e.port} over HTTPS through the ingress`}>
                {e.httpsUrl.replace(/\/$/, '')}
              </a>
            ) : null}
          </span>
        )),
        <RowMenu key="m" label={`Actions for ${i.name}`} items={menu} />,
      ],
    };
  });

  return (
    <>
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <BulkBar
        count={b.selected.length}
        noun="instance"
        actions={bulkAllowed.map((a) => ({ key: a, label: VERB[a], danger: a === 'delete' }))}
        onAction={(a) => b.ask(a, b.selected)}
        onClear={() => b.setSelected([])}
        busy={b.busy}
      />
      <BulkResults state={b.state} names={b.last?.names ?? {}} />
      <DataTable
        caption="Instances"
        columns={COLUMNS}
        rows={rows}
        defaultSort="-created"
        selection={bulkAllowed.length ? { selected: b.selected, onChange: b.setSelected } : undefined}
        empty={<p className="text-sm text-zinc-700 dark:text-zinc-300">{empty}</p>}
        testId="instance-table"
      />
      <BulkConfirm dialogRef={b.dialog} pending={b.pending} noun="instance" verb={b.pending ? VERB[b.pending.action as InstanceAction] : ''} busy={b.busy} onConfirm={b.confirm} />
    </>
  );
}
