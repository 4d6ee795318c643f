import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { notFound } from 'next/navigation';
import { Card, PageHeader } from '@/components/ui/card';
import { InstanceProvider } from '@/components/instances/instance-context';
import { InstanceLive } from '@/components/instances/instance-live';
import { InstanceMetrics } from '@/components/instances/instance-metrics';
import { InstanceTerminal } from '@/components/instances/instance-terminal';
import { InstanceLogs } from '@/components/instances/instance-logs';
import { InstanceSnapshots } from '@/components/instances/instance-snapshots';
import { pageTenantFor } from '@/lib/auth/page';
import { blockedBySuspension, can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { getInstance } from '@/lib/instances/queries';
import { instancePrice } from '@/lib/billing/estimates';
import { PriceSummary } from '@/components/billing/price-summary';
import { listSnapshots } from '@/lib/instances/snapshots';
import { instanceAction, snapshotAction, versionAction } from '../actions';
import { listVersions } from '@/lib/instances/versions';
import { InstanceVersions } from '@/components/instances/instance-versions';
import { deployChoices } from '@/lib/instances/deploy-choices';
import { LabelEditor } from '@/components/labels/label-editor';
import { registryAddress } from '@/lib/registry/settings';
import { InstanceVolumes } from '@/components/volumes/instance-volumes';
import { attachedAs, instanceVolumes } from '@/lib/volumes/service';

export const metadata: Metadata = { title: 'Instance' };

export default async function InstancePage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const inst = await getInstance(ctx, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const api = `/api/v1/tenants/${slug}/instances/${id}`;
  const price = await instancePrice(inst);
  const allowed = (a: Parameters<typeof can>[1]) => can(ctx.principal, a, ctx.tenant);
  const [snapshots, volumes] = await Promise.all([inst.capabilities.includes('snapshots') ? listSnapshots(ctx, id) : null, instanceVolumes(ctx, id)]);
  const [versions, choices] = inst.kind === 'container' ? await Promise.all([listVersions(ctx, id), allowed('resource.operate') ? deployChoices(ctx) : undefined]) : [null, undefined];
  const registry = registryAddress();
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Instances', href: `/t/${slug}/instances` }, { label: inst.name }]} />
      <PageHeader title={inst.name} description={`${inst.kind} · ${inst.provider}`} />
      <InstanceProvider apiUrl={api} initial={inst}>
        <div className="grid gap-6 xl:grid-cols-2">
          <InstanceLive
            may={{ operate: allowed('resource.operate'), stop: allowed('resource.stop'), delete: allowed('resource.delete') }}
            operateSuspended={blockedBySuspension(ctx.principal, 'resource.operate', ctx.tenant)}
            action={instanceAction.bind(null, slug, id)}
          />
          <div className="space-y-6">
            <LabelEditor url={`${api}/labels`} initial={inst.labels} canEdit={allowed('resource.create')} />
            <InstanceVolumes slug={slug} volumes={volumes} asDisks={attachedAs(inst.provider) === 'disk'} />
            <Card title="Price" className="h-fit text-sm">
              <PriceSummary estimate={price} title={`At today’s prices, running all month (${inst.flavor.name})`} />
            </Card>
            {inst.capabilities.includes('metrics') ? <InstanceMetrics url={`${api}/stats`} /> : null}
            {inst.capabilities.includes('logs') ? (
              <Card title="Logs" className="h-fit">
                <InstanceLogs url={`${api}/logs?follow=1&tail=200`} />
              </Card>
            ) : null}
          </div>
        </div>
        {versions ? (
          <div className="mt-6">
            <InstanceVersions
              url={`${api}/versions`}
              initial={{ versions }}
              canOperate={allowed('resource.operate')}
              imageNamespace={registry ? `${registry}/${slug}/` : `${slug}/`}
              choices={choices}
              action={versionAction.bind(null, slug, id)}
            />
          </div>
        ) : null}
        {snapshots ? (
          <div className="mt-6">
            <InstanceSnapshots
              url={`${api}/snapshots`}
              initial={snapshots}
              canOperate={allowed('resource.operate')}
              canDelete={allowed('resource.delete')}
              action={snapshotAction.bind(null, slug, id)}
            />
          </div>
        ) : null}
        {inst.capabilities.includes('terminal') && can(ctx.principal, 'resource.terminal', ctx.tenant) ? (
          <div className="mt-6">
            <InstanceTerminal url={`${api}/terminal`} serial={inst.capabilities.includes('serialConsole')} />
          </div>
        ) : null}
      </InstanceProvider>
    </>
  );
}
