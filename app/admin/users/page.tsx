import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { DataTable } from '@/components/ui/data-table';
import { pageAdmin } from '@/lib/auth/page';
import { AppError } from '@/lib/errors';
import { listUsers, ZUserListQuery } from '@/lib/admin/users';
import { When } from '@/components/ui/locale';

export const metadata: Metadata = { title: 'Admin · Users' };

const when = (d: Date | null) => (d ? <When at={d} /> : 'never');

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const admin = await pageAdmin();
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === 'string' ? sp[k] : undefined);
  const parsed = ZUserListQuery.safeParse({ q: one('q') || undefined, cursor: one('cursor') || undefined });
  const query = parsed.success ? parsed.data : { q: undefined, cursor: undefined };
  // A stale or edited cursor: start again from the first page (and say so).
  const page = await listUsers(query).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'validation_failed') return null;
    throw err;
  });
  const result = page ?? (await listUsers({ q: query.q }));
  const href = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries({ q: query.q, ...extra }).filter((e): e is [string, string] => !!e[1]));
    return `/admin/users${p.size ? `?${p}` : ''}`;
  };
  return (
    <>
      <PageHeader
        title="Users"
        description={`Everyone with an account on this console${query.q ? ` matching “${query.q}”` : ''} (${result.total}).`}
      />
      <Card>
        <form method="get" action="/admin/users" className="mb-4 flex flex-wrap items-end gap-2" role="search">
          <div className="min-w-64 flex-1">
            <label htmlFor="user-search" className="mb-1 block text-sm font-medium">
              Search by email or name
            </label>
            <input id="user-search" name="q" type="search" defaultValue={query.q ?? ''} className={inputClass} maxLength={200} />
          </div>
          <Button type="submit" tone="secondary">
            Search
          </Button>
          {query.q ? (
            <Link className="py-2 text-sm underline" href="/admin/users">
              Clear
            </Link>
          ) : null}
        </form>
        {!page ? <Notice tone="warning">That page of the list no longer exists; showing the first page.</Notice> : null}
        <DataTable
          caption="Users"
          columns={[
            { key: 'user', header: 'User' },
            { key: 'orgs', header: 'Organisations' },
            { key: 'created', header: 'Created' },
            { key: 'signin', header: 'Last sign-in' },
            { key: 'status', header: 'Status' },
            { key: 'admin', header: 'Platform admin' },
          ]}
          rows={result.users.map((u) => ({
            id: u.id,
            label: u.email,
            href: `/admin/users/${u.id}`,
            testId: `user-${u.email}`,
            cells: [
              <>
                <Link className="underline" href={`/admin/users/${u.id}`}>
                  {u.name}
                </Link>
                {u.id === admin.id ? <span className="ml-1 text-xs font-normal text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                <div className="font-normal text-zinc-600 dark:text-zinc-400">{u.email}</div>
              </>,
              u.organisations.length === 0 ? (
                <span key="o" className="text-zinc-600 dark:text-zinc-400">none</span>
              ) : (
                <ul key="o">
                  {u.organisations.map((o) => (
                    <li key={o.tenantId}>
                      {o.name} <span className="text-zinc-600 dark:text-zinc-400">· {o.role}</span>
                    </li>
                  ))}
                </ul>
              ),
              <span key="c" className="whitespace-nowrap"><When at={u.createdAt} day /></span>,
              <span key="s" className="whitespace-nowrap">{when(u.lastSignInAt)}</span>,
              u.status === 'disabled' ? <strong key="d" className="text-red-700 dark:text-red-400">disabled</strong> : 'active',
              u.isPlatformAdmin ? 'yes' : 'no',
            ],
          }))}
          empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No users match.</p>}
        />
        {query.cursor || result.nextCursor ? (
          <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
            {query.cursor ? (
              <Link className="underline" href={href({})}>
                First page
              </Link>
            ) : null}
            {result.nextCursor ? (
              <Link className="underline" href={href({ cursor: result.nextCursor })}>
                Next page
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
