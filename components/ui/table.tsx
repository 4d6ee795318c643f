// The parts every table of the console is drawn with: its frame and caption, header row, cells (the naming cell as a
// row header, amounts right-aligned in tabular figures) and a totals row. DataTable composes them with sorting,
// selection and keyboard navigation; StaticTable is the same table with none of that, for figures that are only read
// (a bill, an estimate, a quota), and it works in server and client components alike (no hooks).
import type { ReactNode } from 'react';

export type Column = {
  key: string;
  header: ReactNode;
  /** Sortable by this key (the URL's `sort` value); the server or `rows[].sort` does the ordering. DataTable only. */
  sortable?: boolean;
  /** `right` for amounts and counts: right-aligned, tabular figures, never wrapped. */
  align?: 'left' | 'right';
  /** Shown to screen readers only (a column of controls). */
  hiddenHeader?: boolean;
  /** As narrow as its content (a label beside a bar, a column of buttons); the other columns share the rest. */
  shrink?: boolean;
};

export type TableRow = {
  id: string;
  cells: ReactNode[];
  testId?: string;
  /** Extra `data-*` attributes of the row (names without the prefix), for tests and styles. */
  data?: Record<string, string>;
};

/** A totals row under the body: the label spans the columns before the first value (values by column key). */
export type Totals = { label: ReactNode; values: Record<string, ReactNode>; testIds?: Record<string, string> };

export type Density = 'normal' | 'compact';

const TEXT: Record<Density, string> = { normal: 'text-sm', compact: 'text-xs' };
const PAD: Record<Density, string> = { normal: 'py-2 pr-4 last:pr-0', compact: 'py-1 pr-3 last:pr-0' };

export const HEAD_ROW = 'border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400';
export const BODY_ROW = 'border-b border-zinc-100 last:border-0 dark:border-zinc-800';

/** The class of a cell of `column` (header or body). */
export function cellClass(column: Column | undefined, density: Density = 'normal'): string {
  return [
    PAD[density],
    'align-middle',
    column?.align === 'right' ? 'text-right tabular-nums whitespace-nowrap' : '',
    column?.shrink ? 'w-px whitespace-nowrap' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The outer frame: scrolls sideways on a narrow screen instead of the page; the caption is for screen readers. */
export function TableFrame({
  caption,
  testId,
  density = 'normal',
  busy,
  visuallyHidden,
  children,
}: {
  caption: string;
  testId?: string;
  density?: Density;
  busy?: boolean;
  /** The figures of a chart, for screen readers: the table is there, but not drawn. */
  visuallyHidden?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={visuallyHidden ? 'sr-only' : 'overflow-x-auto'}>
      <table className={`w-full text-left ${TEXT[density]}`} aria-busy={busy || undefined} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** The header text of a plain column (no sorting). */
export function HeaderText({ column }: { column: Column }) {
  return column.hiddenHeader ? <span className="sr-only">{column.header}</span> : <>{column.header}</>;
}

/** A body row's cells: the `rowHeader` column as <th scope="row">, the others as <td>. */
export function BodyCells({ columns, cells, rowHeader = 0, density = 'normal' }: { columns: Column[]; cells: ReactNode[]; rowHeader?: number; density?: Density }) {
  return cells.map((cell, i) =>
    i === rowHeader ? (
      <th key={i} scope="row" className={`${cellClass(columns[i], density)} font-medium`}>
        {cell}
      </th>
    ) : (
      <td key={i} className={cellClass(columns[i], density)}>
        {cell}
      </td>
    ),
  );
}

/** A totals row; `lead` is the number of extra cells before the columns (a selection checkbox). */
export function TotalsRow({ columns, totals, density = 'normal', lead = 0 }: { columns: Column[]; totals: Totals; density?: Density; lead?: number }) {
  const first = columns.findIndex((c) => c.key in totals.values);
  const span = lead + Math.max(1, first);
  return (
    <tr className="border-t border-zinc-200 dark:border-zinc-800">
      <th scope="row" colSpan={span} className={`${PAD[density]} text-right font-semibold`}>
        {totals.label}
      </th>
      {columns.slice(Math.max(1, first)).map((c) => (
        <td key={c.key} className={`${cellClass(c, density)} font-semibold`} data-testid={totals.testIds?.[c.key]}>
          {totals.values[c.key]}
        </td>
      ))}
    </tr>
  );
}

type StaticProps = {
  caption: string;
  columns: Column[];
  rows: TableRow[];
  /** Shown instead of the table when there are no rows (nothing at all when left out). */
  empty?: ReactNode;
  /** The column that names the row (rendered as its row header). */
  rowHeader?: number;
  totals?: Totals;
  density?: Density;
  /** Column headers for screen readers only (a histogram whose rows say what they are). */
  quietHeader?: boolean;
  visuallyHidden?: boolean;
  testId?: string;
};

/** A table that is only read: no sorting, selection or row focus. */
export function StaticTable({ caption, columns, rows, empty, rowHeader = 0, totals, density = 'normal', quietHeader, visuallyHidden, testId }: StaticProps) {
  if (rows.length === 0) return empty ? <div data-testid={testId ? `${testId}-empty` : undefined}>{empty}</div> : null;
  return (
    <TableFrame caption={caption} testId={testId} density={density} visuallyHidden={visuallyHidden}>
      <thead className={quietHeader ? 'sr-only' : undefined}>
        <tr className={HEAD_ROW}>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={`${cellClass(c, density)} font-medium`}>
              <HeaderText column={c} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={BODY_ROW} data-testid={row.testId} {...dataAttributes(row.data)}>
            <BodyCells columns={columns} cells={row.cells} rowHeader={rowHeader} density={density} />
          </tr>
        ))}
      </tbody>
      {totals ? (
        <tfoot>
          <TotalsRow columns={columns} totals={totals} density={density} />
        </tfoot>
      ) : null}
    </TableFrame>
  );
}

export function dataAttributes(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
}
