import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { pageTenantFor } from '@/lib/auth/page';

export const metadata: Metadata = { title: 'Instances' };

export default async function InstancesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await pageTenantFor(slug, 'resource.read');
  return (
    <>
      <PageHeader title="Instances" description="Virtual machines and containers of this organisation." />
      <Card>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">No instances yet.</p>
      </Card>
    </>
  );
}
