// Labels shown as small chips (key=value); each may link to the list filtered by it.
import Link from 'next/link';
import { labelText } from '@/lib/labels/labels';

export const chipClass =
  'inline-flex items-center gap-1 rounded-full border border-zinc-300 bg-zinc-50 px-2 py-0.5 font-mono text-xs text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100';

export function LabelChips({ labels, filterHref }: { labels: Record<string, string>; filterHref?: (text: string) => string }) {
  const entries = Object.entries(labels);
  if (!entries.length) return null;
  return (
    <ul aria-label="Labels" className="mt-1 flex flex-wrap gap-1 font-normal">
      {entries.map(([key, value]) => {
        const text = labelText(key, value);
        return (
          <li key={key} className={chipClass}>
            {filterHref ? (
              <Link href={filterHref(text)} className="underline-offset-2 hover:underline" title={`Show only ${text}`}>
                {text}
              </Link>
            ) : (
              text
            )}
          </li>
        );
      })}
    </ul>
  );
}
