// Where a detail page sits: Organisation › Instances › web-1. The last crumb is the page itself (aria-current).
import Link from 'next/link';

export type Crumb = { label: string; href?: string };

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm print:hidden text-zinc-600 dark:text-zinc-400">
      <ol className="flex flex-wrap items-center gap-1.5">
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${i}-${c.label}`} className="flex items-center gap-1.5">
              {last || !c.href ? (
                <span aria-current={last ? 'page' : undefined} className={last ? 'font-medium text-zinc-900 dark:text-zinc-100' : ''}>
                  {c.label}
                </span>
              ) : (
                <Link href={c.href} className="underline-offset-2 hover:underline">
                  {c.label}
                </Link>
              )}
              {last ? null : <span aria-hidden="true">›</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
