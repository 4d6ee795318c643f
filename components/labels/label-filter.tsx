'use client';
// The label filter of a list page: `key` or `key=value`, several separated by spaces (all must match). It writes
// `?label=` parameters into the page's address (keeping the other filters) and shows the active ones as chips.
import { useRouter, useSearchParams, usePathname } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { controlProps } from '@/components/ui/field';
import { chipClass } from './label-chips';

export function LabelFilter({ error }: { error?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const active = params.getAll('label');
  const [text, setText] = useState(active.join(' '));

  function go(labels: string[]) {
    const next = new URLSearchParams(params);
    next.delete('label');
    next.delete('page');
    next.delete('cursor');
    for (const l of labels) next.append('label', l);
    router.push(`${pathname}${next.size ? `?${next}` : ''}`);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const labels = text.split(/[\s,]+/).filter(Boolean);
    go(labels);
  }

  return (
    <div className="mb-4 text-sm">
      <form role="search" aria-label="Filter by label" onSubmit={submit} className="flex flex-wrap items-center gap-2">
        <label htmlFor="f-label-filter" className="font-medium">
          Label
        </label>
        <input
          {...controlProps('label-filter', true, error)}
          className={`${controlProps('label-filter').className} w-64 max-w-full`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="team=web env"
          autoComplete="off"
          spellCheck={false}
          data-page-search
        />
        <Button type="submit" tone="secondary">
          Filter
        </Button>
        {active.length ? (
          <Button type="button" tone="secondary" onClick={() => (setText(''), go([]))}>
            Clear
          </Button>
        ) : null}
      </form>
      <p id="f-label-filter-hint" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        key or key=value; several separated by spaces must all match.
      </p>
      {error ? (
        <p id="f-label-filter-error" className="mt-1 text-red-700 dark:text-red-400" data-field-error="label">
          {error}
        </p>
      ) : null}
      {active.length && !error ? (
        <ul aria-label="Active label filters" className="mt-2 flex flex-wrap gap-1">
          {active.map((l) => (
            <li key={l} className={chipClass}>
              {l}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
