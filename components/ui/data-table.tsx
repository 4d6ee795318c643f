'use client';
// The one table of the console: a captioned <table> with sortable column headers (the order lives in the URL as
// ?sort=field or ?sort=-field, so links and reloads keep it), an empty state, a loading skeleton, optional row
// selection for bulk actions, and keyboard navigation between rows (↑/↓/Home/End move, Enter opens, Space selects).
// Cells are ready-made nodes, so server pages (whose cells hold server-action forms) use it as well as client lists.
// It is drawn with the parts in ./table.tsx, as StaticTable (the same table, only read) is.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { BODY_ROW, BodyCells, cellClass, dataAttributes, HEAD_ROW, HeaderText, TableFrame, TotalsRow, type Column, type Density, type TableRow, type Totals } from './table';

export type { Column, Totals };

export type Row = TableRow & {
  /** What the row is called, for its checkbox ("Select web-1"). */
  label: string;
  /** Where Enter on the row goes. */
  href?: string;
  /** Values to sort by on the client (`sortMode="client"`), by column key. */
  sort?: Record<string, string | number>;
};

type Props = {
  caption: string;
  columns: Column[];
  rows: Row[];
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** `server`: the rows come sorted; `client`: sort them here by `row.sort`. */
  sortMode?: 'server' | 'client';
  /** The order when the URL names none (e.g. `-created`), shown in aria-sort. */
  defaultSort?: string;
  selection?: { selected: readonly string[]; onChange: (ids: string[]) => void };
  loading?: boolean;
  /** The column that names the row (rendered as its row header). */
  rowHeader?: number;
  testId?: string;
  /** A totals row under the body. */
  totals?: Totals;
  /** `compact` in a narrow card (smaller text, less padding). */
  density?: Density;
};

/** `sort=name` → { key: 'name', dir: 'asc' }; `-name` → desc. */
export function parseSort(value: string | null | undefined): { key: string; dir: 'asc' | 'desc' } | null {
  if (!value) return null;
  return value.startsWith('-') ? { key: value.slice(1), dir: 'desc' } : { key: value, dir: 'asc' };
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''), undefined, { numeric: true, sensitivity: 'base' });
}

export function DataTable({ caption, columns, rows, empty, sortMode = 'server', defaultSort, selection, loading, rowHeader = 0, testId, totals, density = 'normal' }: Props) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const sort = parseSort(params.get('sort') ?? defaultSort);

  const shown = sortMode === 'client' && sort ? [...rows].sort((a, b) => compare(a.sort?.[sort.key], b.sort?.[sort.key]) * (sort.dir === 'asc' ? 1 : -1)) : rows;

  const sortHref = (key: string) => {
    const next = new URLSearchParams(params);
    next.set('sort', sort?.key === key && sort.dir === 'asc' ? `-${key}` : key);
    next.delete('page');
    return `${pathname}?${next}`;
  };

  if (!loading && rows.length === 0) {
    return <div data-testid={testId ? `${testId}-empty` : undefined}>{empty ?? <p className="text-sm text-zinc-700 dark:text-zinc-300">Nothing here yet.</p>}</div>;
  }

  const selected = new Set(selection?.selected ?? []);
  const allSelected = shown.length > 0 && shown.every((r) => selected.has(r.id));
  const toggle = (id: string) => selection?.onChange(selected.has(id) ? [...selected].filter((x) => x !== id) : [...selected, id]);

  const focusRow = (i: number) => {
    const rowsEls = bodyRef.current?.querySelectorAll<HTMLTableRowElement>(':scope > tr');
    const n = rowsEls?.length ?? 0;
    if (!n) return;
    const at = Math.max(0, Math.min(n - 1, i));
    setFocusIndex(at);
    rowsEls![at]!.focus();
  };

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, row: Row) => {
    // Keys typed in a control inside the row (a link, a menu, a checkbox) are that control's.
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown') focusRow(i + 1);
    else if (e.key === 'ArrowUp') focusRow(i - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(shown.length - 1);
    else if (e.key === 'Enter' && row.href) router.push(row.href);
    else if (e.key === ' ' && selection) toggle(row.id);
    else return;
    e.preventDefault();
  };

  return (
    <TableFrame caption={caption} testId={testId} busy={loading} density={density}>
      <thead>
        <tr className={HEAD_ROW}>
          {selection ? (
            <th scope="col" className="w-8 py-2 pr-2">
              <input
                type="checkbox"
                aria-label={`Select all ${shown.length} shown`}
                className="size-4 accent-sky-700 dark:accent-sky-400"
                checked={allSelected}
                disabled={loading || shown.length === 0}
                onChange={() => selection.onChange(allSelected ? [] : shown.map((r) => r.id))}
              />
            </th>
          ) : null}
          {columns.map((c) => {
            const active = sort?.key === c.key;
            return (
              <th
                key={c.key}
                scope="col"
                aria-sort={c.sortable ? (active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none') : undefined}
                className={`${cellClass(c, density)} font-medium`}
              >
                {c.sortable && !c.hiddenHeader ? (
                  <Link
                    href={sortHref(c.key)}
                    scroll={false}
                    className="inline-flex items-center gap-1 rounded hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:text-zinc-100"
                    data-testid={`sort-${c.key}`}
                  >
                    {c.header}
                    <span aria-hidden="true" className={active ? 'text-zinc-900 dark:text-zinc-100' : 'opacity-40'}>
                      {active && sort!.dir === 'desc' ? '▼' : '▲'}
                    </span>
                  </Link>
                ) : (
                  <HeaderText column={c} />
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody ref={bodyRef}>
        {loading
          ? <SkeletonRows count={columns.length + (selection ? 1 : 0)} />
          : shown.map((row, i) => (
              <tr
                key={row.id}
                tabIndex={i === Math.min(focusIndex, shown.length - 1) ? 0 : -1}
                onKeyDown={(e) => onRowKey(e, i, row)}
                onFocus={(e) => e.target === e.currentTarget && setFocusIndex(i)}
                data-testid={row.testId}
                {...dataAttributes(row.data)}
                data-selected={selected.has(row.id) || undefined}
                className={`${BODY_ROW} outline-none focus-visible:bg-sky-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 data-selected:bg-sky-50/60 dark:focus-visible:bg-sky-950 dark:focus-visible:outline-sky-400 dark:data-selected:bg-sky-950/50`}
              >
                {selection ? (
                  <td className="w-8 py-2 pr-2">
                    <input
                      type="checkbox"
                      aria-label={`Select ${row.label}`}
                      className="size-4 accent-sky-700 dark:accent-sky-400"
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                    />
                  </td>
                ) : null}
                <BodyCells columns={columns} cells={row.cells} rowHeader={rowHeader} density={density} />
              </tr>
            ))}
      </tbody>
      {totals && !loading ? (
        <tfoot>
          <TotalsRow columns={columns} totals={totals} lead={selection ? 1 : 0} density={density} />
        </tfoot>
      ) : null}
    </TableFrame>
  );
}

/** The shape of a list while its data loads (a route's loading.tsx). */
export function TableSkeleton({ caption, columns }: { caption: string; columns: string[] }) {
  return (
    <div className="overflow-x-auto" role="status" aria-label={`Loading ${caption.toLowerCase()}`}>
      <table className="w-full text-left text-sm" aria-hidden="true">
        <thead>
          <tr className={HEAD_ROW}>
            {columns.map((c) => (
              <th key={c} scope="col" className={`${cellClass(undefined)} font-medium`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <SkeletonRows count={columns.length} />
        </tbody>
      </table>
    </div>
  );
}

function SkeletonRows({ count }: { count: number }) {
  return Array.from({ length: 5 }, (_, i) => (
    <tr key={i} className={BODY_ROW} aria-hidden="true">
      {Array.from({ length: count }, (_, c) => (
        <td key={c} className={cellClass(undefined)}>
          <span className="block h-4 w-3/4 animate-pulse rounded bg-zinc-200 dark:bg-zinc-700" />
        </td>
      ))}
    </tr>
  ));
}
