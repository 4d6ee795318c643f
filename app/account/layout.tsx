// The signed-in user's own settings (not an organisation's): the navigation of their first organisation around it.
import type { ReactNode } from 'react';
import { ConsoleShell, consoleNav } from '@/components/shell/console-shell';
import { pageUser } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await pageUser();
  const tenants = await myTenants(user.id);
  const nav = consoleNav(tenants[0]?.slug, { isPlatformAdmin: user.isPlatformAdmin, canSeeBilling: tenants[0]?.role === 'owner' });
  return (
    <ConsoleShell user={user} tenants={tenants} nav={nav}>
      {children}
    </ConsoleShell>
  );
}
