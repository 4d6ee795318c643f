import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { DataTable, type Column, type Row } from '@/components/ui/data-table';
import { FilterBar } from '@/components/ui/filter-bar';
import { Pagination } from '@/components/ui/pagination';
import { TenantStatusControl } from '@/components/admin/tenant-status-control';
import { TenantStatusText } from '@/components/admin/tenant-suspension-text';
import { pageAdmin } from '@/lib/auth/page';
import { listTenantsForAdmin, SORT_KEYS, type SortKey, type TenantUsageRow } from '@/lib/admin/tenant-list';
import { formatMoney } from '@/lib/billing/units';
import { AppError } from '@/lib/errors';
import { setTenantStatusAction } from '../actions';
import { When } from '@/components/ui/locale';

export const metadata: Metadata = { title: 'Admin · Tenants' };

type Search = { q?: string; sort?: string; page?: string; deleted?: string };

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'slug', label: 'Slug' },
  { key: 'owner', label: 'Owner' },
  { key: 'members', label: 'Members', numeric: true },
  { key: 'status', label: 'Status' },
  { key: 'instances', label: 'Instances', numeric: true },
  { key: 'vcpus', label: 'vCPUs', numeric: true },
  { key: 'memory', label: 'Memory', numeric: true },
  { key: 'disk', label: 'Disk', numeric: true },
  { key: 'functions', label: 'Functions', numeric: true },
  { key: 'cost', label: 'Month to date', numeric: true },
  { key: 'created', label: 'Created' },
];

export default async function AdminTenantsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await pageAdmin();
  const sp = await searchParams;
  const wanted = { q: sp.q ?? '', sort: SORT_KEYS.some((k) => sp.sort === k || sp.sort === `-${k}`) ? sp.sort! : 'name', page: Number(sp.page) >= 1 ? Math.floor(Number(sp.page)) : 1 };
  let data;
  try {
    data = await listTenantsForAdmin(admin, { ...(wanted.q ? { q: wanted.q } : {}), sort: wanted.sort, page: wanted.page, limit: 25 });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    data = await listTenantsForAdmin(admin, { sort: wanted.sort, limit: 25 });
  }
  return (
    <>
      <PageHeader
        title="Tenants"
        description={`Every organisation on this console (${data.total}${data.q ? ` matching “${data.q}”` : ''}).`}
        actions={
          <>
            <ButtonLink tone="secondary" href="/admin/tenants/defaults">
              Default quota
            </ButtonLink>
            <ButtonLink href="/admin/tenants/new">Create organisation</ButtonLink>
          </>
        }
      />
      {sp.deleted ? (
        <div className="mb-4">
          <Notice tone="success">The organisation is being deleted: its members lost access, and its engine objects and records are being removed.</Notice>
        </div>
      ) : null}
      <Card>
        <FilterBar noun="organisations" search={{ label: 'Search by name, address or owner email', placeholder: 'Name, address or owner email' }} />
        <DataTable
          caption="All tenants"
          columns={[...COLUMNS.map((c): Column => ({ key: c.key, header: c.label, sortable: true, align: c.numeric ? 'right' : undefined })), { key: 'actions', header: 'Actions', hiddenHeader: true }]}
          rows={data.tenants.map(row)}
          defaultSort="name"
          empty={<p className="py-4 text-sm text-zinc-600 dark:text-zinc-400">No organisation matches.</p>}
        />
        <Pagination page={data.page} pages={data.pages} path="/admin/tenants" params={{ q: data.q || undefined, sort: data.sort === 'name' ? undefined : data.sort }} />
      </Card>
    </>
  );
}

/** One organisation's cells, in COLUMNS' order, then its status control. */
function row(t: TenantUsageRow): Row {
  return {
    id: t.id,
    label: t.name,
    href: `/admin/tenants/${t.id}`,
    testId: `tenant-${t.slug}`,
    cells: [
      <Link key="n" className="underline" href={`/admin/tenants/${t.id}`}>
        {t.name}
      </Link>,
      <span key="s" className="font-mono text-xs">
        {t.slug}
      </span>,
      t.owners.join(', ') || (t.pendingOwners.length ? <span className="text-zinc-600 dark:text-zinc-400">invited: {t.pendingOwners.join(', ')}</span> : '—'),
      t.members,
      <TenantStatusText key="st" status={t.status} suspension={t.suspension} />,
      t.instances,
      t.vcpus.toLocaleString('en', { maximumFractionDigits: 2 }),
      `${(t.memoryMib / 1024).toLocaleString('en', { maximumFractionDigits: 2 })} GiB`,
      `${t.diskGib} GiB`,
      t.functions,
      t.month ? formatMoney(t.month.totalMinor, t.month.currency, t.month.minorUnits) : '—',
      <When key="c" at={t.createdAt} day />,
      t.status === 'deleting' ? null : <TenantStatusControl key="c" tenant={t} action={setTenantStatusAction} />,
    ],
  };
}
