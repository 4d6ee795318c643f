import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { CapacityView } from '@/components/admin/capacity-view';
import { pageAdmin } from '@/lib/auth/page';
import { platformCapacity } from '@/lib/admin/capacity';

export const metadata: Metadata = { title: 'Admin · Capacity' };

export default async function AdminCapacityPage() {
  const admin = await pageAdmin();
  const initial = await platformCapacity(admin);
  return (
    <>
      <PageHeader title="Capacity" description="This host, and what its engines hold now: limits, what is in use, and whose it is." />
      <CapacityView initial={initial} />
    </>
  );
}
