import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar } from '@/components/ui/filter-bar';
import { FunctionTable } from '@/components/functions/function-table';
import { pageTenantFor } from '@/lib/auth/page';
import { blockedBySuspension, can } from '@/lib/auth/policy';
import { SuspendedButton } from '@/components/tenants/suspended-button';
import { PAGE_LIMIT_MAX } from '@/lib/api/pagination';
import { listFunctions, ZFunctionListQuery } from '@/lib/functions/queries';
import { functionsOrigin } from '@/lib/functions/origin';
import { LabelFilter } from '@/components/labels/label-filter';
import { pageLabelFilter } from '@/lib/labels/labels';
import { bulkFunctionAction } from './actions';

export const metadata: Metadata = { title: 'Functions' };

export default async function FunctionsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[]>> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const raw = await searchParams;
  const labelFilter = pageLabelFilter(raw.label);
  const text = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v : undefined);
  // A hand-edited URL with a value the list does not know shows the whole list rather than an error page.
  const parsed = ZFunctionListQuery.pick({ q: true, status: true }).safeParse({ q: text(raw.q), status: text(raw.status) });
  const filters = parsed.success ? parsed.data : {};
  const query = { ...filters, limit: PAGE_LIMIT_MAX };
  const list = await listFunctions(ctx, await functionsOrigin(), { ...query, ...(labelFilter.labels.length ? { label: labelFilter.labels } : {}) });
  const apiQuery = new URLSearchParams([
    ...Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)]),
    ...labelFilter.labels.map((l) => ['label', l]),
  ]).toString();
  const filtered = !!(filters.q || filters.status || labelFilter.labels.length);
  return (
    <>
      <PageHeader
        title="Functions"
        description="Serverless functions of this organisation: code that runs on each request to its URL."
        actions={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/functions/new`}>Create function</ButtonLink> : blockedBySuspension(ctx.principal, 'resource.create', ctx.tenant) ? <SuspendedButton label="Create function" /> : null}
      />
      <FilterBar
        noun="functions"
        filters={[{ name: 'status', label: 'Status', options: [{ value: 'ready', label: 'Ready' }, { value: 'not_deployed', label: 'Not deployed' }] }]}
      />
      <LabelFilter error={labelFilter.error} />
      <Card>
        {list.functions.length === 0 && !filtered ? (
          <EmptyState
            title="No functions yet"
            testId="functions-empty"
            action={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/functions/new`}>Create your first function</ButtonLink> : null}
          >
            A function is code that runs on each request to its own URL, and costs nothing while nobody calls it. It starts from a working example you can
            test in the browser.
          </EmptyState>
        ) : (
        <FunctionTable
          key={apiQuery}
          slug={slug}
          initial={list}
          query={apiQuery}
          bulk={can(ctx.principal, 'resource.delete', ctx.tenant) ? bulkFunctionAction.bind(null, slug) : null}
          empty={filtered ? 'No functions match these filters.' : 'No functions yet.'}
        />
        )}
      </Card>
    </>
  );
}
