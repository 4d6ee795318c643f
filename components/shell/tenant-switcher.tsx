'use client';
// Switches between the organisations the user belongs to by navigating to the same section of the other tenant.
import { usePathname, useRouter } from 'next/navigation';

export type SwitcherTenant = { slug: string; name: string };

export function TenantSwitcher({ tenants, current, id = 'tenant-switcher' }: { tenants: SwitcherTenant[]; current?: string; id?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  if (tenants.length === 0) return null;
  // The same section of the other organisation; from pages outside organisations (account, admin), its dashboard.
  const section = current && pathname.startsWith('/t/') ? (pathname.split('/')[3] ?? 'dashboard') : 'dashboard';
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-zinc-600 dark:text-zinc-400">
        Organisation
      </label>
      <select
        id={id}
        value={current ?? ''}
        onChange={(e) => router.push(`/t/${e.target.value}/${section}`)}
        className="max-w-[14rem] rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      >
        {current ? null : <option value="">Choose…</option>}
        {tenants.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
