// Numbered pages of a list as links that keep the list's other URL parameters (filters, order).
import Link from 'next/link';

type Props = {
  page: number;
  pages: number;
  /** The list's path and its current parameters; `page` is replaced. */
  path: string;
  params: Record<string, string | string[] | undefined>;
  /** The total, for "41 instances". */
  total?: number;
  noun?: string;
};

export function Pagination({ page, pages, path, params, total, noun }: Props) {
  if (pages <= 1 && total === undefined) return null;
  const href = (n: number) => {
    // A repeated parameter (e.g. `label`) is written once per value.
    const p = new URLSearchParams(
      Object.entries({ ...params, page: n > 1 ? String(n) : undefined }).flatMap(([k, v]) => [v ?? []].flat().filter(Boolean).map((x) => [k, x] as [string, string])),
    );
    return p.size ? `${path}?${p}` : path;
  };
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center gap-3 text-sm text-zinc-700 dark:text-zinc-300">
      {total !== undefined && noun ? <span>{`${total} ${noun}`}</span> : null}
      {pages > 1 ? (
        <>
          {page > 1 ? (
            <Link className="underline" href={href(page - 1)}>
              Previous
            </Link>
          ) : null}
          <span aria-current="page">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link className="underline" href={href(page + 1)}>
              Next
            </Link>
          ) : null}
        </>
      ) : null}
    </nav>
  );
}
