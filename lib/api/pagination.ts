// Cursor pagination, one scheme for every list under /api/v1: `?limit=` (1–200, default 50) and `?cursor=` (the
// `nextCursor` of the page before). A cursor is opaque to clients: base64url JSON of the last row's sort key and id
// (and, for lists sorted by a client-chosen column, that order), so the next page starts strictly after that row —
// rows inserted meanwhile never shift a page (no duplicates, none skipped), unlike page numbers. Answers are
// `{ items, nextCursor, <the list's own key>: items, … }`: the older key stays for the console's pages and clients.
import { z } from 'zod';
import { AppError, parseInput } from '@/lib/errors';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
const LIMIT_MESSAGE = `limit is a whole number from 1 to ${PAGE_LIMIT_MAX}.`;

/** The two query parameters of every paginated list (spread into its query schema). */
export const pageQueryShape = {
  limit: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int({ error: LIMIT_MESSAGE })
    .min(1, { error: LIMIT_MESSAGE })
    .max(PAGE_LIMIT_MAX, { error: LIMIT_MESSAGE })
    .default(PAGE_LIMIT_DEFAULT)
    .meta({ description: `How many items per page (1–${PAGE_LIMIT_MAX}, default ${PAGE_LIMIT_DEFAULT}).` }),
  cursor: z
    .string()
    .max(1000, { error: 'That cursor is not one this list gave out.' })
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page (opaque); absent for the first page.' }),
};

/** A list with no filters of its own: `?limit&cursor`. */
export const ZPageQuery = z.strictObject(pageQueryShape);
export type TPageQuery = z.output<typeof ZPageQuery>;

export type CursorKey = string | number;
export type Cursor = { key: CursorKey; id: string };
type Encoded = { v: 1; k: CursorKey; i: string; c?: string };

/** The cursor naming the row (key, id); `context` ties it to one order of the list (a cursor of another is refused). */
export function encodeCursor(key: CursorKey | Date, id: string, context?: string): string {
  const body: Encoded = { v: 1, k: key instanceof Date ? key.toISOString() : key, i: id, ...(context !== undefined && { c: context }) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function invalidCursor(why = 'That cursor is not one this list gave out: start again without a cursor, or send the nextCursor of the previous page.'): AppError {
  return new AppError('invalid_cursor', why, { cursor: 'Use the nextCursor of the previous page.' });
}

/** Reads a cursor this module wrote for a list whose key is `kind`; anything else is 400 `invalid_cursor`. */
export function decodeCursor(cursor: string, kind: 'date' | 'string' | 'number', context?: string): Cursor {
  let parsed: Partial<Encoded> | null = null;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Encoded>;
  } catch {
    throw invalidCursor();
  }
  if (!parsed || typeof parsed !== 'object' || parsed.v !== 1 || typeof parsed.i !== 'string' || !parsed.i || parsed.i.length > 200) throw invalidCursor();
  if ((parsed.c ?? undefined) !== context) {
    throw invalidCursor('That cursor belongs to another search or order of this list: start again without a cursor.');
  }
  const k = parsed.k;
  if (kind === 'number' && (typeof k !== 'number' || !Number.isFinite(k))) throw invalidCursor();
  if (kind === 'string' && (typeof k !== 'string' || k.length > 1000)) throw invalidCursor();
  if (kind === 'date' && (typeof k !== 'string' || Number.isNaN(new Date(k).getTime()))) throw invalidCursor();
  return { key: k as CursorKey, id: parsed.i };
}

/**
 * The Prisma `where` of the rows after the cursor in the order (`field` then `id`, both `order`): the keyset
 * condition. `field` holds a date when the cursor's key is one (decodeCursor(…, 'date')).
 */
export function afterCursor(cursor: Cursor | undefined, field = 'createdAt', order: 'asc' | 'desc' = 'desc', kind: 'date' | 'string' | 'number' = 'date') {
  if (!cursor) return {};
  const op = order === 'desc' ? 'lt' : 'gt';
  const value = kind === 'date' ? new Date(cursor.key as string) : cursor.key;
  return { OR: [{ [field]: { [op]: value } }, { [field]: value, id: { [op]: cursor.id } }] };
}

/** Cuts `limit + 1` fetched rows to a page: the rows, and the cursor of its last one when more follow. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => [CursorKey | Date, string], context?: string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last), context) : null };
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A page of a list already read whole and sorted by (key, id) in `order` (short lists: a user's SSH keys, a VM's
 * snapshots, the price catalogs): the same cursors as a database keyset.
 */
export function pageArray<T>(
  rows: T[],
  query: { limit: number; cursor?: string },
  keyOf: (row: T) => [CursorKey | Date, string],
  opts: { order?: 'asc' | 'desc'; kind?: 'date' | 'string' | 'number'; context?: string } = {},
): { items: T[]; nextCursor: string | null } {
  const order = opts.order ?? 'desc';
  const kind = opts.kind ?? 'date';
  const norm = (row: T): [CursorKey, string] => {
    const [k, id] = keyOf(row);
    return [k instanceof Date ? (kind === 'date' ? k.toISOString() : k.getTime()) : k, id];
  };
  const sign = order === 'desc' ? -1 : 1;
  const cmp = (a: [CursorKey, string], b: [CursorKey, string]) => sign * (compareKeys(a[0], b[0]) || compareKeys(a[1], b[1]));
  const sorted = [...rows].sort((a, b) => cmp(norm(a), norm(b)));
  let rest = sorted;
  if (query.cursor) {
    const c = decodeCursor(query.cursor, kind, opts.context);
    // ISO dates compare as strings in time order.
    rest = sorted.filter((r) => cmp(norm(r), [c.key, c.id]) > 0);
  }
  return pageOf(rest.slice(0, query.limit + 1), query.limit, norm, opts.context);
}

/** The answer of a paginated list: `items` and `nextCursor`, the list again under its older name, and extras. */
export function pageBody<N extends string, T, E extends object = object>(
  name: N,
  page: { items: T[]; nextCursor: string | null },
  extra?: E,
): E & Record<N, T[]> & { items: T[]; nextCursor: string | null } {
  return { ...(extra as E), [name]: page.items, items: page.items, nextCursor: page.nextCursor } as E & Record<N, T[]> & { items: T[]; nextCursor: string | null };
}

/** The OpenAPI shape of such an answer (lib/api/openapi): items, nextCursor, the older key, and any extras. */
export function pageSchema(name: string, item: z.ZodType, extra: Record<string, z.ZodType> = {}) {
  return z
    .object({
      items: z.array(item).meta({ description: 'This page, in the list’s order.' }),
      nextCursor: z.string().nullable().meta({ description: 'Send as `cursor` for the next page; null on the last.' }),
      [name]: z.array(item).meta({ description: 'The same items (the list’s older name).' }),
      ...extra,
    })
    .loose();
}

/** A route's `?limit&cursor` (and nothing else) for a list without filters; a bad value is a 400 problem. */
export function pageQueryOf(req: Request): TPageQuery {
  return parseInput(ZPageQuery, Object.fromEntries(new URL(req.url).searchParams));
}
