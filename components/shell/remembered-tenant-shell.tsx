// The console's frame for pages outside any organisation's URL (the account, the API reference): the signed-in
// user's navigation of the organisation they came from, else their first.
import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { pageUser } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';
import { rememberedTenant } from '@/lib/tenants/current-server';

export async function RememberedTenantShell({ children }: { children: ReactNode }) {
  const user = await pageUser();
  const tenants = await myTenants(user.id);
  const current = await rememberedTenant(tenants);
  const nav = consoleNav(current?.slug, { isPlatformAdmin: user.isPlatformAdmin, canSeeBilling: current?.role === 'owner' });
  return (
    <ConsoleShell user={user} tenants={tenants} currentTenant={current?.slug} nav={nav}>
      {children}
    </ConsoleShell>
  );
}
