import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { CreateWizard } from '@/components/instances/create-wizard';
import { pageTenantFor } from '@/lib/auth/page';
import { catalogsFor } from '@/lib/instances/catalog';
import { usageOf } from '@/lib/instances/usage';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { listMySshKeys } from '@/lib/ssh-keys/service';
import { suggestInstanceName } from '@/lib/instances/suggest-name';
import { readyOfKind } from '@/lib/performance/figures';
import { createInstanceAction } from '../actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { registryAddress } from '@/lib/registry/settings';
import { freeVolumes } from '@/lib/volumes/service';

export const metadata: Metadata = { title: 'Create instance' };

export default async function NewInstancePage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { tenant: slug } = await params;
  const { kind } = await searchParams;
  const ctx = await pageTenantFor(slug, 'resource.create');
  const [catalogs, { usage, quota }, prices, sshKeys, readyContainer, readyVm, volumes] = await Promise.all([
    catalogsFor(['container', 'vm']),
    usageOf(ctx),
    billingCatalogAt(),
    listMySshKeys(ctx.user),
    readyOfKind('container'),
    readyOfKind('vm'),
    freeVolumes(ctx),
  ]);
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Instances', href: `/t/${slug}/instances` }, { label: 'Create' }]} />
      <PageHeader title="Create an instance" description="A container on this console’s Docker Engine, or a virtual machine on QEMU." />
      <CreateWizard
        action={createInstanceAction.bind(null, slug)}
        catalogs={catalogs}
        initialKind={kind === 'vm' ? 'vm' : 'container'}
        usage={usage}
        quota={quota}
        prices={prices}
        sshKeys={sshKeys.map((k) => ({ id: k.id, name: k.name, fingerprint: k.fingerprint }))}
        suggestedName={suggestInstanceName()}
        readyIn={{ container: readyContainer, vm: readyVm }}
        imageNamespace={registryAddress() ? `${registryAddress()}/${slug}/` : `${slug}/`}
        freeVolumes={volumes}
      />
    </>
  );
}
