import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar } from '@/components/ui/filter-bar';
import { Pagination } from '@/components/ui/pagination';
import { InstanceTable } from '@/components/instances/instance-table';
import { pageTenantFor } from '@/lib/auth/page';
import { blockedBySuspension, can } from '@/lib/auth/policy';
import { SuspendedButton } from '@/components/tenants/suspended-button';
import { listInstances, ZListQuery } from '@/lib/instances/queries';
import { LabelFilter } from '@/components/labels/label-filter';
import { pageLabelFilter } from '@/lib/labels/labels';
import { catalogsFor } from '@/lib/instances/catalog';
import { INSTANCE_ACTIONS, policyActionOf } from '@/lib/instances/operate';
import { bulkInstanceAction } from './actions';

export const metadata: Metadata = { title: 'Instances' };

const STATUSES = ['running', 'stopped', 'creating', 'pending', 'stopping', 'error', 'deleting'];
const PAGE_SIZE = 20;

export default async function InstancesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const raw = await searchParams;
  const labelFilter = pageLabelFilter(raw.label);
  // A hand-edited URL with a value the list does not know shows the whole list rather than an error page.
  const parsed = ZListQuery.safeParse({ ...raw, label: undefined });
  const q = parsed.success ? parsed.data : ZListQuery.parse({});
  const current = q.page ?? 1;
  const filters = { q: q.q || undefined, status: q.status, kind: q.kind, image: q.image, sort: q.sort };
  const [page, { container: containers, vm: vms }] = await Promise.all([
    listInstances(ctx, { ...filters, label: labelFilter.labels, page: current, pageSize: PAGE_SIZE }),
    catalogsFor(['container', 'vm']),
  ]);
  const apiQuery = new URLSearchParams([
    ...Object.entries({ ...filters, page: String(current), pageSize: String(PAGE_SIZE) }).filter((e): e is [string, string] => !!e[1]),
    ...labelFilter.labels.map((l) => ['label', l]),
  ]).toString();
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const filtered = !!(filters.q || filters.status || filters.kind || filters.image || labelFilter.labels.length);
  const allowed = Object.fromEntries(INSTANCE_ACTIONS.map((a) => [a, can(ctx.principal, policyActionOf(a), ctx.tenant)])) as Record<(typeof INSTANCE_ACTIONS)[number], boolean>;
  return (
    <>
      <PageHeader
        title="Instances"
        description="Containers and virtual machines of this organisation."
        actions={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/instances/new${q.kind === 'vm' ? '?kind=vm' : ''}`}>Create instance</ButtonLink> : blockedBySuspension(ctx.principal, 'resource.create', ctx.tenant) ? <SuspendedButton label="Create instance" /> : null}
      />
      <FilterBar
        noun="instances"
        filters={[
          { name: 'status', label: 'Status', options: STATUSES.map((s) => ({ value: s, label: s })) },
          { name: 'kind', label: 'Kind', options: [{ value: 'container', label: 'Container' }, { value: 'vm', label: 'Virtual machine' }] },
          { name: 'image', label: 'Image', options: [...containers.images, ...vms.images].map((i) => ({ value: i.id, label: i.name })) },
        ]}
      />
      <LabelFilter error={labelFilter.error} />
      <Card>
        {page.total === 0 && !filtered ? (
          <EmptyState
            title="No instances yet"
            testId="instances-empty"
            action={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/instances/new`}>Create your first instance</ButtonLink> : null}
          >
            An instance is a container or a virtual machine of this organisation. The wizard shows what it will cost, and the quota it uses, before you create
            it.
          </EmptyState>
        ) : (
        <InstanceTable
          // A new query is a new list: its selection and polling start afresh.
          key={apiQuery}
          slug={slug}
          initial={page}
          query={apiQuery}
          allowed={allowed}
          bulk={bulkInstanceAction.bind(null, slug)}
          empty={filtered ? 'No instances match these filters.' : 'No instances yet.'}
        />
        )}
        <Pagination page={current} pages={pages} path={`/t/${slug}/instances`} params={{ ...filters, label: labelFilter.labels }} total={page.total} noun={page.total === 1 ? 'instance' : 'instances'} />
      </Card>
    </>
  );
}
