import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { SuspensionBanner } from '@/components/tenants/suspension-banner';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { myTenants, tenantSuspension } from '@/lib/tenants/queries';

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const [tenants, suspension] = await Promise.all([myTenants(ctx.user.id), ctx.tenant.status === 'suspended' ? tenantSuspension(ctx.tenant.id) : null]);
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
        suspension ? (
          <div className="mb-4">
            <SuspensionBanner since={suspension.since} reason={suspension.reason} />
          </div>
        ) : null
      }
    >
      {children}
    </ConsoleShell>
  );
}
