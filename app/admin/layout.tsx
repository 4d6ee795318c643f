import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { pageAdmin } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await pageAdmin();
  const tenants = await myTenants(user.id);
  const nav = [
    ...consoleNav(tenants[0]?.slug, { isPlatformAdmin: true, canSeeBilling: tenants[0]?.role === 'owner' }).filter(
      (i) => i.href !== '/admin',
    ),
    { href: '/admin/tenants', label: 'Admin · Tenants' },
    { href: '/admin/prices', label: 'Admin · Prices' },
    { href: '/admin/billing', label: 'Admin · Billing' },
    { href: '/admin/capacity', label: 'Admin · Capacity' },
    { href: '/admin/settings', label: 'Admin · Settings' },
  ];
  return (
    <ConsoleShell user={user} tenants={tenants} nav={nav}>
      {children}
    </ConsoleShell>
  );
}
