// Tabs between the organisation's settings pages.
import Link from 'next/link';

export function SettingsTabs({
  slug,
  showMembers,
  showAudit = showMembers,
  current = 'members',
}: {
  slug: string;
  showMembers: boolean;
  /** Owners and admins (policy action audit.read), like the member list by default. */
  showAudit?: boolean;
  current?: 'general' | 'members' | 'audit';
}) {
  const tabs = [{ key: 'general', href: `/t/${slug}/settings`, label: 'General' }];
  if (showMembers) tabs.push({ key: 'members', href: `/t/${slug}/settings/members`, label: 'Members' });
  if (showAudit) tabs.push({ key: 'audit', href: `/t/${slug}/settings/audit`, label: 'Audit log' });
  return (
    <nav aria-label="Settings sections" className="mb-6 border-b border-zinc-200 dark:border-zinc-800">
      <ul className="flex gap-4">
        {tabs.map((t) => (
          <li key={t.key}>
            <Link
              href={t.href}
              aria-current={current === t.key ? 'page' : undefined}
              className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium ${
                current === t.key
                  ? 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300'
                  : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
              }`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
