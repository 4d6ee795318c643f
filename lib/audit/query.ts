// Reading the audit log: the platform's whole log (admins) or one organisation's (its owners and admins), filtered by
// tenant, actor, action, outcome and time, newest first, cursor-paginated; and the same as a CSV download. An
// organisation's log holds only entries with its tenant id: platform-level entries (settings, users' own sessions and
// keys, sign-ins) have none and appear in the admin log only.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, parseInput } from '@/lib/errors';
import { authorize, type SessionUser, type TenantContext } from '@/lib/auth/context';
import type { Prisma } from '@/lib/generated/prisma/client';
import { csvRow } from './csv';
import { decodeCursor, encodeCursor, pageQueryShape } from '@/lib/api/pagination';

const DAY_MS = 86_400_000;
/** How many rows one CSV download holds at most (the retention setting bounds the log anyway). */
export const CSV_MAX_ROWS = 100_000;

/** `2026-12-05` (a whole day), or a date and time (`2026-12-05T10:30`, UTC unless it names a zone). */
function parseWhen(value: string, end: boolean): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) ? null : end ? new Date(d.getTime() + DAY_MS - 1) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) return null;
  const d = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const when = (end: boolean) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const d = parseWhen(v, end);
      if (!d) ctx.addIssue({ code: 'custom', message: 'Use a date (2026-12-05) or a date and time (2026-12-05T10:30Z).' });
      return d ?? undefined;
    })
    .optional();

type Cursor = { at: Date; id: string };

/** The audit log's cursor: lib/api/pagination.ts's, on (createdAt, id). */
const ZCursor = z
  .string()
  .max(1000)
  .transform((v): Cursor | undefined => {
    if (!v) return undefined;
    const c = decodeCursor(v, 'date');
    return { at: new Date(c.key as string), id: c.id };
  })
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page (opaque); absent for the first page.' });

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || undefined)
    .optional();

const ZFilters = {
  actor: text(320),
  action: text(200),
  outcome: z.enum(['success', 'refused', 'failed'], { error: 'Outcome is success, refused or failed.' }).or(z.literal('').transform(() => undefined)).optional(),
  from: when(false),
  to: when(true),
  cursor: ZCursor,
  limit: pageQueryShape.limit,
  format: z.enum(['json', 'csv'], { error: 'Format is json or csv.' }).default('json'),
};
export const ZAdminAuditQuery = z.strictObject({ tenant: text(200), ...ZFilters });
export const ZTenantAuditQuery = z.strictObject(ZFilters);
export type TAuditQuery = z.output<typeof ZAdminAuditQuery>;

export type AuditEntryView = {
  id: string;
  at: string;
  tenant: { id: string; slug: string; name: string } | null;
  actor: { id: string; email: string | null; name: string | null } | null;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: 'success' | 'refused' | 'failed';
  clientAddress: string | null;
  /** The API token the actor used (null: the console's pages, or background work). */
  via: { tokenId: string; tokenName: string | null } | null;
  metadata: unknown;
};

export type AuditPage = { entries: AuditEntryView[]; nextCursor: string | null };

/** A query string (URLSearchParams or a page's searchParams) as a plain object; a repeated key keeps its last value. */
export function queryObject(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    const last = Array.isArray(v) ? v.at(-1) : v;
    if (last !== undefined) out[k] = last;
  }
  return out;
}

/** The where clause of a query, or null when a filter names nobody (an unknown tenant or actor): nothing matches. */
async function whereOf(scope: { tenantId: string } | 'platform', q: TAuditQuery): Promise<Prisma.AuditEventWhereInput | null> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (scope !== 'platform') and.push({ tenantId: scope.tenantId });
  else if (q.tenant) {
    const t = await db().tenant.findFirst({ where: { OR: [{ id: q.tenant }, { slug: q.tenant.toLowerCase() }] }, select: { id: true } });
    if (!t) return null;
    and.push({ tenantId: t.id });
  }
  if (q.actor) {
    const users = await db().user.findMany({
      where: q.actor.includes('@') ? { email: q.actor.toLowerCase() } : { id: q.actor },
      select: { id: true },
    });
    // An id of a user since deleted still finds their entries.
    const ids = q.actor.includes('@') ? users.map((u) => u.id) : [q.actor];
    if (!ids.length) return null;
    and.push({ actorId: { in: ids } });
  }
  if (q.action) and.push({ action: { startsWith: q.action } });
  if (q.outcome) and.push({ outcome: q.outcome });
  if (q.from) and.push({ createdAt: { gte: q.from } });
  if (q.to) and.push({ createdAt: { lte: q.to } });
  return { AND: and };
}

async function page(where: Prisma.AuditEventWhereInput, cursor: Cursor | undefined, limit: number): Promise<AuditPage> {
  const after: Prisma.AuditEventWhereInput = cursor
    ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }
    : {};
  const rows = await db().auditEvent.findMany({
    where: { AND: [where, after] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { tenant: { select: { id: true, slug: true, name: true } } },
  });
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const actorIds = [...new Set(shown.map((r) => r.actorId).filter((id): id is string => !!id))];
  const users = actorIds.length
    ? await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const last = shown.at(-1);
  return {
    entries: shown.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      tenant: r.tenant,
      actor: r.actorId ? (byId.get(r.actorId) ?? { id: r.actorId, email: null, name: null }) : null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      outcome: r.outcome,
      clientAddress: r.clientAddress,
      via: r.tokenId ? { tokenId: r.tokenId, tokenName: r.tokenName } : null,
      metadata: r.metadata,
    })),
    nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** A CSV download reads its rows as it sends them (auditCsv), not here. */
const NONE: AuditPage = { entries: [], nextCursor: null };

async function read(scope: { tenantId: string } | 'platform', q: TAuditQuery): Promise<AuditPage> {
  const where = await whereOf(scope, q);
  return where ? page(where, q.cursor, q.limit) : { entries: [], nextCursor: null };
}

/** The platform's log. The caller has checked that `admin` is a platform admin (requirePlatformAdmin). */
export async function adminAuditLog(admin: SessionUser, query: unknown): Promise<AuditPage & { query: TAuditQuery }> {
  if (!admin.isPlatformAdmin) throw new AppError('not_found', 'No such page.');
  const q = parseInput(ZAdminAuditQuery, query);
  return { ...(q.format === 'csv' ? NONE : await read('platform', q)), query: q };
}

/** One organisation's log, for its owners and admins (policy action audit.read). */
export async function tenantAuditLog(ctx: TenantContext, query: unknown): Promise<AuditPage & { query: TAuditQuery }> {
  authorize(ctx, 'audit.read');
  const q = { ...parseInput(ZTenantAuditQuery, query), tenant: undefined };
  return { ...(q.format === 'csv' ? NONE : await read({ tenantId: ctx.tenant.id }, q)), query: q };
}

const CSV_HEADER = ['time', 'tenant', 'actor', 'action', 'target_type', 'target_id', 'outcome', 'client_address', 'details', 'via'];

/** "token <name>" for an entry made with an API token, else empty. */
export function viaText(via: AuditEntryView['via']): string {
  return via ? `token ${via.tokenName ?? via.tokenId}` : '';
}

/** Every entry the query matches (not only one page), newest first, as CSV: read in pages while it is sent. */
export function auditCsv(scope: { tenantId: string } | 'platform', q: TAuditQuery): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cursor = q.cursor;
  let sent = 0;
  let where: Prisma.AuditEventWhereInput | null | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(csvRow(CSV_HEADER)));
      where = await whereOf(scope, q);
    },
    async pull(controller) {
      if (!where || sent >= CSV_MAX_ROWS) return controller.close();
      const p = await page(where, cursor, Math.min(500, CSV_MAX_ROWS - sent));
      let chunk = '';
      for (const e of p.entries) {
        chunk += csvRow([
          e.at,
          e.tenant?.slug ?? '',
          e.actor ? (e.actor.email ?? e.actor.id) : '',
          e.action,
          e.targetType,
          e.targetId,
          e.outcome,
          e.clientAddress,
          JSON.stringify(e.metadata ?? {}),
          viaText(e.via),
        ]);
      }
      sent += p.entries.length;
      if (chunk) controller.enqueue(enc.encode(chunk));
      if (!p.nextCursor) return controller.close();
      cursor = { at: new Date(p.entries.at(-1)!.at), id: p.entries.at(-1)!.id };
    },
  });
}

/** The HTTP answer for a query: a JSON page, or the CSV download of every matching entry. */
export function auditResponse(scope: { tenantId: string } | 'platform', result: AuditPage & { query: TAuditQuery }, name: string): Response {
  if (result.query.format === 'csv') {
    const day = new Date().toISOString().slice(0, 10);
    return new Response(auditCsv(scope, result.query), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${name}-${day}.csv"`,
        'cache-control': 'no-store',
      },
    });
  }
  return Response.json({ entries: result.entries, items: result.entries, nextCursor: result.nextCursor });
}
