import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { CreateWizard } from '@/components/instances/create-wizard';
import { pageTenantFor } from '@/lib/auth/page';
import { containerCatalog } from '@/lib/instances/catalog';
import { usageOf } from '@/lib/instances/usage';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { providerForKind } from '@/lib/providers/registry';
import { createInstanceAction } from '../actions';

export const metadata: Metadata = { title: 'Create instance' };

export default async function NewInstancePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.create');
  const [catalog, { usage, quota }, prices] = await Promise.all([containerCatalog(), usageOf(ctx), billingCatalogAt()]);
  return (
    <>
      <PageHeader title="Create a container" description="It starts on this console’s Docker Engine in a few seconds." />
      <CreateWizard action={createInstanceAction.bind(null, slug)} catalog={catalog} usage={usage} quota={quota} prices={prices} provider={providerForKind('container')} />
    </>
  );
}
