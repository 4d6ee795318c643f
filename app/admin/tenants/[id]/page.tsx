import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { ButtonLink } from '@/components/ui/button';
import { QuotaTable } from '@/components/tenants/quota-table';
import { RenameForm } from '@/components/tenants/rename-form';
import { QuotaForm } from '@/components/admin/tenants/quota-form';
import { DeleteTenantForm } from '@/components/admin/tenants/delete-tenant-form';
import { TenantStatusControl } from '@/components/admin/tenant-status-control';
import { TenantSuspensionNotice } from '@/components/admin/tenant-suspension-text';
import { pageAdmin } from '@/lib/auth/page';
import { AppError } from '@/lib/errors';
import { adminTenantDetail } from '@/lib/admin/tenant-detail';
import { quotaFormFields } from '@/lib/admin/quota-fields';
import { formatMoney } from '@/lib/billing/units';
import { setTenantStatusAction } from '../../actions';
import { deleteTenantAction, renameTenantAction, setTenantQuotaAction } from '../actions';
import { When } from '@/components/ui/locale';

export const metadata: Metadata = { title: 'Admin · Tenant' };


export default async function AdminTenantPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await pageAdmin();
  const { id } = await params;
  const d = await adminTenantDetail(admin, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const t = d.tenant;
  const deleting = t.status === 'deleting';
  const quota = d.limits;
  return (
    <>
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Tenants', href: '/admin/tenants' }, { label: t.name }]} />
      <PageHeader
        title={t.name}
        description={
          <>
            <span className="font-mono">{t.slug}</span> · {t.status} · created <When at={t.createdAt} day />
          </>
        }
        actions={
          deleting ? null : (
            <>
              <ButtonLink tone="secondary" href={`/t/${t.slug}/dashboard`}>
                Open as admin
              </ButtonLink>
              <TenantStatusControl tenant={t} action={setTenantStatusAction} />
            </>
          )
        }
      />
      {t.suspension ? (
        <div className="mb-6">
          <TenantSuspensionNotice suspension={t.suspension} />
        </div>
      ) : null}
      {deleting ? (
        <div className="mb-6">
          <Notice tone="warning">Being deleted: its instances and functions are being removed from the engines; then its records go.</Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Quota">
          <QuotaTable items={d.quota} />
        </Card>
        <Card title="This month">
          {d.month ? (
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-zinc-600 dark:text-zinc-400">Month to date ({d.month.month})</dt>
              <dd className="text-right tabular-nums" data-testid="month-total">
                {formatMoney(d.month.totalMinor, d.month.currency, d.month.minorUnits)}
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Forecast for the month</dt>
              <dd className="text-right tabular-nums" data-testid="month-forecast">
                {d.month.forecastMinor === null ? '—' : formatMoney(d.month.forecastMinor, d.month.currency, d.month.minorUnits)}
              </dd>
            </dl>
          ) : (
            <p className="text-sm">No bill while it is being deleted.</p>
          )}
          {deleting ? null : (
            <p className="mt-3 text-sm">
              <Link className="underline" href={`/t/${t.slug}/billing`}>
                The full bill
              </Link>
            </p>
          )}
        </Card>
      </div>

      {deleting || !quota ? null : (
        <Card title="Change the quota" className="mt-6">
          <QuotaForm action={setTenantQuotaAction} fields={quotaFormFields(quota, d.quota)} hidden={{ tenantId: t.id }} showUsage submitLabel="Save quota" />
        </Card>
      )}

      <Card title={`Members (${d.members.length})`} className="mt-6">
        <DataTable
          caption="Members"
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'email', header: 'Email' },
            { key: 'role', header: 'Role' },
            { key: 'since', header: 'Since' },
          ]}
          rows={[
            ...d.members.map((m) => ({ id: m.id, label: m.email, cells: [m.name, m.email, m.role, <When key="s" at={m.since} day />] })),
            ...d.invitations.map((i) => ({
              id: i.id,
              label: i.email,
              cells: [<span key="i" className="font-normal text-zinc-600 dark:text-zinc-400">(invited)</span>, i.email, i.role, <span key="u">until <When at={i.expiresAt} day /></span>],
            })),
          ]}
          empty={<p className="text-sm">No members.</p>}
        />
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title={`Instances (${d.instances.length})`}>
          {d.instances.length ? (
            <ul className="space-y-1 text-sm">
              {d.instances.map((i) => (
                <li key={i.id}>
                  {deleting ? i.name : <Link className="underline" href={`/t/${t.slug}/instances/${i.id}`}>{i.name}</Link>} · {i.kind} · {i.flavor} · {i.status}
                  {i.desiredState === 'deleted' ? ' (being deleted)' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">None.</p>
          )}
        </Card>
        <Card title={`Functions (${d.functions.length})`}>
          {d.functions.length ? (
            <ul className="space-y-1 text-sm">
              {d.functions.map((f) => (
                <li key={f.id}>
                  <Link className="underline" href={`/t/${t.slug}/functions/${f.id}`}>
                    {f.name}
                  </Link>{' '}
                  · {f.runtime} · {f.access} · {f.deployed ? 'deployed' : 'not deployed'}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">None.</p>
          )}
        </Card>
      </div>

      <Card title="Recent audit entries" className="mt-6">
        {d.audit.length ? (
          <DataTable
            caption="Latest audit entries of this organisation"
            columns={[
              { key: 'when', header: 'When (UTC)' },
              { key: 'actor', header: 'Actor' },
              { key: 'action', header: 'Action' },
              { key: 'target', header: 'Target' },
            ]}
            rows={d.audit.map((a) => ({
              id: a.id,
              label: a.action,
              testId: 'audit-entry',
              cells: [
                <span key="w" className="font-normal tabular-nums"><When at={a.createdAt} seconds /></span>,
                a.actor ?? 'system',
                <span key="a" className="font-mono text-xs">{a.action}</span>,
                <span key="t" className="text-xs">
                  {a.targetType}
                  {a.targetId ? ` ${a.targetId}` : ''}
                </span>,
              ],
            }))}
          />
        ) : (
          <p className="text-sm">No entries.</p>
        )}
      </Card>

      {deleting ? null : (
        <>
          <Card title="Rename" className="mt-6">
            <RenameForm action={renameTenantAction.bind(null, t.id)} name={t.name} />
          </Card>
          <Card title="Delete the organisation" className="mt-6">
            <DeleteTenantForm action={deleteTenantAction} tenantId={t.id} slug={t.slug} holdings={{ instances: d.instances.length, functions: d.functions.length }} />
          </Card>
        </>
      )}
    </>
  );
}
