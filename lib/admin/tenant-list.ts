// Platform admin: every organisation with its usage at a glance (instances, vCPUs, memory, disk, functions,
// month-to-date cost), searchable by name, slug or owner email, sortable by any column, paginated. One query per
// table over all matching tenants, then sorted and cut here: the columns mix stored values, aggregates and the
// month's bill, which no single ORDER BY can give. The bill (metering included) is computed for the page's rows
// only, except when sorting by cost, which needs every matching tenant's.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { monthFor } from '@/lib/billing/service';
import { monthOf } from '@/lib/billing/timeline';
import type { SessionUser } from '@/lib/auth/context';
import { decodeCursor, pageBody, pageOf, pageQueryShape } from '@/lib/api/pagination';

export const SORT_KEYS = ['name', 'slug', 'owner', 'members', 'status', 'created', 'instances', 'vcpus', 'memory', 'disk', 'functions', 'cost'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const SORT_VALUES = SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

export const ZTenantListQuery = z.strictObject({
  q: z.string().trim().max(200, 'At most 200 characters.').optional().meta({ description: 'Part of the name, slug or an owner’s email, any case.' }),
  sort: z
    .enum(SORT_VALUES, { error: `Sort by one of ${SORT_KEYS.join(', ')} (a leading - for descending).` })
    .optional()
    .meta({ description: `A column (${SORT_KEYS.join(', ')}); a leading \`-\` for descending. Default \`name\`.` }),
  page: z.coerce
    .number({ error: 'A page is a whole number from 1.' })
    .int('A page is a whole number from 1.')
    .min(1, 'A page is a whole number from 1.')
    .max(100_000)
    .optional()
    .meta({ description: 'A page number instead of a cursor (the console’s own list).' }),
  ...pageQueryShape,
});

export type TenantUsageRow = {
  id: string;
  slug: string;
  name: string;
  /** active | suspended | deleting (an admin deleted it; its engine objects are being removed). */
  status: string;
  /** While suspended: since when and the reason the admin gave. */
  suspension: { at: Date; reason: string } | null;
  createdAt: Date;
  owners: string[];
  /** Owner invitations not yet accepted (an organisation an admin created for someone). */
  pendingOwners: string[];
  members: number;
  instances: number;
  vcpus: number;
  memoryMib: number;
  diskGib: number;
  functions: number;
  month: { totalMinor: number; forecastMinor: number | null; currency: string; minorUnits: number } | null;
};

export type TenantPage = { tenants: TenantUsageRow[]; items: TenantUsageRow[]; total: number; page: number; pages: number; limit: number; sort: string; q: string; nextCursor: string | null };

export async function listTenantsForAdmin(admin: SessionUser, input: unknown = {}): Promise<TenantPage> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const query = parseInput(ZTenantListQuery, input);
  const q = query.q ?? '';
  const sort = query.sort ?? 'name';
  const limit = query.limit;
  if (query.cursor && query.page) throw new AppError('validation_failed', 'Send a page or a cursor, not both.', { cursor: 'Send a page or a cursor, not both.' });
  // A cursor names the last row's (sort value, slug) in this search and order (lib/api/pagination.ts).
  const context = `${sort}|${q}`;
  const key = sort.replace(/^-/, '') as SortKey;
  const after = query.cursor ? decodeCursor(query.cursor, NUMERIC_KEYS.has(key) ? 'number' : 'string', context) : undefined;

  const where = q
    ? {
        OR: [
          { name: { contains: q, mode: 'insensitive' as const } },
          { slug: { contains: q, mode: 'insensitive' as const } },
          { memberships: { some: { role: 'owner' as const, user: { email: { contains: q, mode: 'insensitive' as const } } } } },
          { invitations: { some: { role: 'owner' as const, acceptedAt: null, email: { contains: q, mode: 'insensitive' as const } } } },
        ],
      }
    : {};
  const tenants = await db().tenant.findMany({
    where,
    select: {
      id: true,
      slug: true,
      name: true,
      status: true,
      deletingAt: true,
      suspendedAt: true,
      suspensionReason: true,
      createdAt: true,
      _count: { select: { memberships: true } },
      memberships: { where: { role: 'owner' }, select: { user: { select: { email: true } } }, orderBy: { createdAt: 'asc' } },
      invitations: { where: { role: 'owner', acceptedAt: null, expiresAt: { gt: new Date() } }, select: { email: true } },
    },
  });
  const ids = tenants.map((t) => t.id);
  const [instances, functions] = ids.length
    ? await Promise.all([
        db().$queryRaw<{ tenantId: string; n: number; cpu: number; mem: number; disk: number }[]>`
          SELECT i."tenantId", count(*)::int AS n, coalesce(sum(f."cpuMillis"), 0)::int AS cpu, coalesce(sum(f."memoryMib"), 0)::int AS mem,
                 coalesce(sum(i."diskGib"), 0)::int AS disk
          FROM "Instance" i JOIN "Flavor" f ON f.id = i."flavorId"
          WHERE i."liveName" IS NOT NULL AND i."tenantId" = ANY(${ids})
          GROUP BY i."tenantId"`,
        db().serverlessFunction.groupBy({ by: ['tenantId'], where: { tenantId: { in: ids }, deletedAt: null }, _count: { _all: true } }),
      ])
    : [[], []];
  const inst = new Map(instances.map((r) => [r.tenantId, r]));
  const fns = new Map(functions.map((r) => [r.tenantId, r._count._all]));
  let rows: TenantUsageRow[] = tenants.map((t) => {
    const i = inst.get(t.id);
    return {
      id: t.id,
      slug: t.slug,
      name: t.name,
      status: t.deletingAt ? 'deleting' : t.status,
      suspension: suspensionOf(t),
      createdAt: t.createdAt,
      owners: t.memberships.map((m) => m.user.email),
      pendingOwners: t.invitations.map((x) => x.email),
      members: t._count.memberships,
      instances: i?.n ?? 0,
      vcpus: (i?.cpu ?? 0) / 1000,
      memoryMib: i?.mem ?? 0,
      diskGib: i?.disk ?? 0,
      functions: fns.get(t.id) ?? 0,
      month: null,
    };
  });

  if (key === 'cost') await withMonth(rows);
  const desc = sort.startsWith('-');
  const cmp = (a: [string | number, string], b: [string | number, string]) => (desc ? -1 : 1) * (compare(a[0], b[0]) || compare(a[1], b[1]));
  rows.sort((a, b) => cmp([sortValue(a, key), a.slug], [sortValue(b, key), b.slug]));
  const total = rows.length;
  const offset = after ? rows.findIndex((r) => cmp([sortValue(r, key), r.slug], [after.key, after.id]) > 0) : ((query.page ?? 1) - 1) * limit;
  const start = offset < 0 ? total : offset;
  const cut = pageOf(rows.slice(start, start + limit + 1), limit, (r) => [sortValue(r, key), r.slug], context);
  rows = cut.items;
  if (key !== 'cost') await withMonth(rows);
  return { ...pageBody('tenants', { items: rows, nextCursor: cut.nextCursor }), total, page: Math.floor(start / limit) + 1, pages: Math.max(1, Math.ceil(total / limit)), limit, sort, q };
}

/** The month-to-date bill and forecast of each row (one tenant after another: see platformMonth). */
async function withMonth(rows: TenantUsageRow[]): Promise<void> {
  const month = monthOf(new Date());
  for (const r of rows) {
    if (r.status === 'deleting') continue;
    const m = await monthOrNull(r.id, month);
    r.month = m && { totalMinor: m.totalMinor, forecastMinor: m.forecastMinor, currency: m.currency, minorUnits: m.minorUnits };
  }
}

/** The tenant's month, or null when there is no bill to compute (no billing catalog chosen yet). */
export async function monthOrNull(tenantId: string, month: string) {
  try {
    return await monthFor(db(), tenantId, month);
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_state') return null;
    throw err;
  }
}

const NUMERIC_KEYS = new Set<SortKey>(['members', 'created', 'instances', 'vcpus', 'memory', 'disk', 'functions', 'cost']);

function compare(x: string | number, y: string | number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The value a row sorts by in a column; ties are broken by slug (unique), so pages never overlap or skip a row. */
function sortValue(r: TenantUsageRow, key: SortKey): string | number {
  switch (key) {
    case 'name':
      return r.name.toLowerCase();
    case 'slug':
      return r.slug;
    case 'owner':
      return (r.owners[0] ?? r.pendingOwners[0] ?? '').toLowerCase();
    case 'members':
      return r.members;
    case 'status':
      return r.status;
    case 'created':
      return r.createdAt.getTime();
    case 'instances':
      return r.instances;
    case 'vcpus':
      return r.vcpus;
    case 'memory':
      return r.memoryMib;
    case 'disk':
      return r.diskGib;
    case 'functions':
      return r.functions;
    case 'cost':
      return r.month?.totalMinor ?? -1;
  }
}

/** A suspended tenant's since-when and reason (null while active, or for a row suspended before reasons existed). */
export function suspensionOf(t: { status: string; suspendedAt: Date | null; suspensionReason: string | null }): { at: Date; reason: string } | null {
  return t.status === 'suspended' && t.suspendedAt ? { at: t.suspendedAt, reason: t.suspensionReason ?? '' } : null;
}
