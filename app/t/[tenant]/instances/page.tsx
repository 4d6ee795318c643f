import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { InstanceTable } from '@/components/instances/instance-table';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listInstances, ZListQuery } from '@/lib/instances/queries';

export const metadata: Metadata = { title: 'Instances' };

const STATUS_FILTERS = ['', 'running', 'stopped', 'creating', 'error'] as const;

export default async function InstancesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string>>;
}) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const parsed = ZListQuery.safeParse(await searchParams);
  const q = parsed.success ? parsed.data : ZListQuery.parse({});
  const page = await listInstances(ctx, q);
  const query = new URLSearchParams(
    Object.entries({ kind: q.kind, status: q.status, page: String(q.page) }).filter((e): e is [string, string] => !!e[1]),
  ).toString();
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const href = (extra: Record<string, string | undefined>) => {
    const entries: [string, string | undefined][] = Object.entries({ kind: q.kind, status: q.status, ...extra });
    const p = new URLSearchParams(entries.filter((e): e is [string, string] => !!e[1]));
    return `/t/${slug}/instances${p.size ? `?${p}` : ''}`;
  };
  return (
    <>
      <PageHeader
        title="Instances"
        description="Containers and virtual machines of this organisation."
        actions={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/instances/new${q.kind === 'vm' ? '?kind=vm' : ''}`}>Create instance</ButtonLink> : null}
      />
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {STATUS_FILTERS.map((s) => (
          <Link
            key={s || 'all'}
            href={href({ status: s || undefined })}
            aria-current={(q.status ?? '') === s ? 'true' : undefined}
            className="rounded-full border border-zinc-300 px-3 py-1 aria-[current=true]:border-sky-700 aria-[current=true]:bg-sky-50 dark:border-zinc-700 dark:aria-[current=true]:border-sky-400 dark:aria-[current=true]:bg-sky-950"
          >
            {s || 'All'}
          </Link>
        ))}
      </nav>
      <Card>
        {page.total === 0 && !q.status ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">No instances yet.</p>
        ) : (
          <InstanceTable slug={slug} initial={page} query={query} />
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
            {q.page > 1 ? <Link className="underline" href={href({ page: String(q.page - 1) })}>Previous</Link> : null}
            <span>
              Page {q.page} of {pages}
            </span>
            {q.page < pages ? <Link className="underline" href={href({ page: String(q.page + 1) })}>Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
