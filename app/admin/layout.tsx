import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { pageAdmin } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';
import { rememberedTenant } from '@/lib/tenants/current-server';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await pageAdmin();
  const tenants = await myTenants(user.id);
  const current = await rememberedTenant(tenants);
  const nav = [
    ...consoleNav(current?.slug, { isPlatformAdmin: true, canSeeBilling: current?.role === 'owner' }).filter(
      (i) => i.href !== '/admin',
    ),
    { href: '/admin/tenants', label: 'Admin · Tenants' },
    { href: '/admin/users', label: 'Admin · Users' },
    { href: '/admin/prices', label: 'Admin · Prices' },
    { href: '/admin/billing', label: 'Admin · Billing' },
    { href: '/admin/capacity', label: 'Admin · Capacity' },
    { href: '/admin/audit', label: 'Admin · Audit log' },
    { href: '/admin/settings', label: 'Admin · Settings' },
  ];
  return (
    <ConsoleShell user={user} tenants={tenants} currentTenant={current?.slug} nav={nav}>
      {children}
    </ConsoleShell>
  );
}
