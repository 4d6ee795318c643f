import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { Notice } from '@/components/ui/card';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { myTenants } from '@/lib/tenants/queries';

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const tenants = await myTenants(ctx.user.id);
  // A platform admin looking at a tenant they do not belong to still gets it in the switcher.
  if (!tenants.some((t) => t.slug === slug)) tenants.push({ slug, name: ctx.tenant.name, role: 'viewer', status: ctx.tenant.status });
  const nav = consoleNav(slug, {
    isPlatformAdmin: ctx.user.isPlatformAdmin,
    canSeeBilling: can(ctx.principal, 'billing.read', ctx.tenant),
  });
  return (
    <ConsoleShell
      user={ctx.user}
      tenants={tenants}
      currentTenant={slug}
      nav={nav}
      banner={
        ctx.tenant.status === 'suspended' ? (
          <div className="mb-4">
            <Notice tone="warning">This organisation is suspended: you can look around but not change anything.</Notice>
          </div>
        ) : null
      }
    >
      {children}
    </ConsoleShell>
  );
}
