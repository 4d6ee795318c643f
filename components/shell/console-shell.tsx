// The console frame: skip link, navigation (sidebar on wide screens, a disclosure on narrow ones), top bar with
// the tenant switcher, theme and user menu, and the page.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';
import { NavLinks, type NavItem } from '@/components/shell/nav-links';
import { TenantSwitcher, type SwitcherTenant } from '@/components/shell/tenant-switcher';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { UserMenu } from '@/components/shell/user-menu';
import { countMyInvitations } from '@/lib/tenants/invitations';
import { LocaleProvider } from '@/components/ui/locale';
import { requestLocale } from '@/lib/format/request-locale';
import { CommandPalette } from '@/components/shell/command-palette';

type Props = {
  user: { name: string; email: string; isPlatformAdmin: boolean };
  tenants: SwitcherTenant[];
  currentTenant?: string;
  banner?: ReactNode;
  children: ReactNode;
};

export function consoleNav(slug: string | undefined, opts: { isPlatformAdmin: boolean; canSeeBilling: boolean }): NavItem[] {
  const items: NavItem[] = [];
  if (slug) {
    items.push(
      { href: `/t/${slug}/dashboard`, label: 'Dashboard' },
      { href: `/t/${slug}/instances`, label: 'Instances' },
      { href: `/t/${slug}/functions`, label: 'Functions' },
      { href: `/t/${slug}/images`, label: 'Images' },
      { href: `/t/${slug}/builds`, label: 'Builds' },
      { href: `/t/${slug}/volumes`, label: 'Volumes' },
    );
    items.push({ href: `/t/${slug}/calculator`, label: 'Cost calculator' });
    if (opts.canSeeBilling) items.push({ href: `/t/${slug}/billing`, label: 'Billing' });
    items.push({ href: `/t/${slug}/settings`, label: 'Settings' });
  }
  if (opts.isPlatformAdmin) items.push({ href: '/admin', label: 'Admin' });
  return items;
}

export async function ConsoleShell({ user, tenants, currentTenant, banner, children, nav }: Props & { nav: NavItem[] }) {
  // Invitations wait for the user's answer: nobody joins an organisation without accepting.
  const [invitations, locale] = await Promise.all([countMyInvitations(user), requestLocale()]);
  return (
    <LocaleProvider locale={locale}>
      <div className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <header className="print:hidden sticky top-0 z-10 border-b border-zinc-200 bg-white/95 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95">
          <div className="flex h-14 items-center gap-3 px-4">
            <details className="md:hidden">
              <summary className="cursor-pointer list-none rounded-md px-2 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800">
                Menu
              </summary>
              <div className="absolute left-0 right-0 top-14 border-b border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
                <NavLinks items={nav} label="Main (mobile)" />
              </div>
            </details>
            {/* On a phone the word mark would push the header past the screen's edge: the cloud alone there. */}
            <Link href="/" className="rounded sm:hidden">
              <Logo compact />
            </Link>
            <Link href="/" className="hidden rounded sm:inline">
              <Logo />
            </Link>
            <div className="ml-auto flex items-center gap-3">
              <CommandPalette slug={currentTenant} nav={nav} isPlatformAdmin={user.isPlatformAdmin} />
              {invitations ? (
                <Link
                  href="/account/invitations"
                  className="rounded-md bg-sky-100 px-2 py-1 text-sm font-medium text-sky-900 hover:bg-sky-200 dark:bg-sky-950 dark:text-sky-100 dark:hover:bg-sky-900"
                  data-testid="pending-invitations"
                >
                  {invitations === 1 ? '1 invitation' : `${invitations} invitations`}
                </Link>
              ) : null}
              <div className="hidden sm:block">
                <TenantSwitcher tenants={tenants} current={currentTenant} />
              </div>
              <ThemeToggle />
              <UserMenu
                name={user.name}
                email={user.email}
                settingsHref={currentTenant ? `/t/${currentTenant}/settings` : undefined}
              />
            </div>
          </div>
        </header>
        <div className="flex">
          <aside className="print:hidden hidden w-56 shrink-0 border-r border-zinc-200 px-3 py-4 md:block dark:border-zinc-800">
            <NavLinks items={nav} label="Main" />
          </aside>
          {/* tabIndex -1: the skip link moves focus here, not just the scroll position. */}
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-8">
            <div className="sm:hidden mb-4">
              <TenantSwitcher tenants={tenants} current={currentTenant} id="tenant-switcher-narrow" />
            </div>
            {banner}
            {children}
          </main>
        </div>
      </div>
    </LocaleProvider>
  );
}
