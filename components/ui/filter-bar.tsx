'use client';
// Search and filters of a list, as configuration: a name search and any number of select filters, each a URL
// parameter (?q=&status=…), so a filtered list can be linked and survives a reload. Changing one goes back to page 1
// and keeps the order. A new filter (e.g. a label) is one more entry in `filters`.
import { useRef, type FormEvent } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button } from '@/components/ui/button';

export type FilterOption = { value: string; label: string };
export type Filter =
  | { name: string; label: string; type?: 'select'; options: FilterOption[]; allLabel?: string }
  | { name: string; label: string; type: 'text'; placeholder?: string };

type Props = {
  /** What the list holds ("instances"), for labels. */
  noun: string;
  /** The name search (`?q=`); false for a list without one. */
  search?: { name?: string; placeholder?: string; label?: string } | false;
  filters?: Filter[];
};

const INPUT =
  'min-h-9 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

export function FilterBar({ noun, search = {}, filters = [] }: Props) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const names = [...(search ? [search.name ?? 'q'] : []), ...filters.map((f) => f.name)];
  const active = names.some((n) => params.get(n));

  const apply = (fd: FormData | null) => {
    const next = new URLSearchParams(params);
    for (const n of names) {
      const v = String(fd?.get(n) ?? '').trim();
      if (v) next.set(n, v);
      else next.delete(n);
    }
    next.delete('page');
    router.push(next.size ? `${pathname}?${next}` : pathname, { scroll: false });
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    apply(new FormData(e.currentTarget));
  };

  return (
    <form ref={form} role="search" aria-label={`Search and filter ${noun}`} onSubmit={onSubmit} className="mb-4 flex flex-wrap items-end gap-3" data-testid="filter-bar">
      {search ? (
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{search.label ?? 'Search'}</span>
          <input
            // Keyed by the URL's value so Back/Forward show what the list shows.
            key={params.get(search.name ?? 'q') ?? ''}
            type="search"
            name={search.name ?? 'q'}
            defaultValue={params.get(search.name ?? 'q') ?? ''}
            placeholder={search.placeholder ?? 'Name contains…'}
            maxLength={100}
            className={`${INPUT} w-56`}
          />
        </label>
      ) : null}
      {filters.map((f) =>
        f.type === 'text' ? (
          <label key={f.name} className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{f.label}</span>
            <input key={params.get(f.name) ?? ''} type="text" name={f.name} defaultValue={params.get(f.name) ?? ''} placeholder={f.placeholder} className={`${INPUT} w-44`} />
          </label>
        ) : (
          <label key={f.name} className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{f.label}</span>
            <select
              key={params.get(f.name) ?? ''}
              name={f.name}
              defaultValue={params.get(f.name) ?? ''}
              // A choice applies at once, as a person expects of a filter.
              onChange={() => form.current && apply(new FormData(form.current))}
              className={INPUT}
            >
              <option value="">{f.allLabel ?? 'All'}</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ),
      )}
      <Button type="submit" tone="secondary">
        Search
      </Button>
      {active ? (
        <Button type="button" tone="secondary" onClick={() => apply(null)}>
          Clear filters
        </Button>
      ) : null}
    </form>
  );
}
