// Reading a tenant's functions: the list (status, active version, invoke URL, invocations today) and one function
// with its active code, settings and versions. Secret env values are masked here, so neither the UI nor the API
// can leak them; the token is never read back (only its hash is stored).
import 'server-only';
import { db } from '@/lib/db/client';
import { z } from 'zod';
import { notFoundError, parseInput } from '@/lib/errors';
import { afterCursor, decodeCursor, pageBody, pageOf, pageQueryShape } from '@/lib/api/pagination';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { findTenantFunction, publicEnv } from './lookup';
import { invokeUrl } from './invoke-url';
import { labelsOf, ZLabelFilters } from '@/lib/labels/labels';
import { labelWhere } from '@/lib/labels/service';

/** Midnight UTC of the day `now` is in: "today" for the invocation counts. */
export function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

type Counts = { invocations: number; errors: number };

async function countsToday(tenantId: string, functionIds: string[]): Promise<Map<string, Counts>> {
  if (!functionIds.length) return new Map();
  const since = startOfUtcDay();
  const [all, failed] = await Promise.all([
    db().functionInvocation.groupBy({ by: ['functionId'], where: { tenantId, functionId: { in: functionIds }, startedAt: { gte: since } }, _count: { _all: true } }),
    db().functionInvocation.groupBy({
      by: ['functionId'],
      where: { tenantId, functionId: { in: functionIds }, startedAt: { gte: since }, outcome: { not: 'ok' } },
      _count: { _all: true },
    }),
  ]);
  const out = new Map<string, Counts>();
  for (const r of all) out.set(r.functionId, { invocations: r._count._all, errors: 0 });
  for (const r of failed) out.set(r.functionId, { invocations: out.get(r.functionId)?.invocations ?? 0, errors: r._count._all });
  return out;
}

export const ZFunctionListQuery = z.strictObject({
  q: z.string().trim().max(100, { error: 'Search for at most 100 characters.' }).optional().meta({ description: 'Part of the name, any case.' }),
  status: z.enum(['ready', 'not_deployed'], { error: 'status is ready or not_deployed.' }).optional().meta({ description: '`ready` (a version is active) or `not_deployed`.' }),
  label: ZLabelFilters,
  ...pageQueryShape,
});

/** The tenant's functions, newest first, filtered and cursor-paginated (lib/api/pagination.ts). */
export async function listFunctions(ctx: TenantContext, origin: string, query: unknown = {}) {
  authorize(ctx, 'resource.read');
  const q = parseInput(ZFunctionListQuery, query);
  const fetched = await db().serverlessFunction.findMany({
    where: {
      AND: [
        { tenantId: ctx.tenant.id, deletedAt: null },
        q.q ? { name: { contains: q.q, mode: 'insensitive' } } : {},
        q.status ? { activeVersionId: q.status === 'ready' ? { not: null } : null } : {},
        labelWhere(q.label),
        afterCursor(q.cursor ? decodeCursor(q.cursor, 'date') : undefined),
      ],
    },
    include: { labels: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const cut = pageOf(fetched, q.limit, (r) => [r.createdAt, r.id]);
  const rows = cut.items;
  const activeIds = rows.map((r) => r.activeVersionId).filter((v): v is string => !!v);
  const [versions, counts] = await Promise.all([
    db().functionVersion.findMany({
      where: { tenantId: ctx.tenant.id, id: { in: activeIds } },
      select: { id: true, number: true, memoryMib: true, timeoutMs: true, createdAt: true },
    }),
    countsToday(ctx.tenant.id, rows.map((r) => r.id)),
  ]);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const items = rows.map((f) => {
    const v = f.activeVersionId ? byId.get(f.activeVersionId) : undefined;
    return {
      id: f.id,
      name: f.name,
      runtime: f.runtime,
      access: f.access,
      status: v ? ('ready' as const) : ('not_deployed' as const),
      activeVersion: v ? { id: v.id, number: v.number, memoryMib: v.memoryMib, timeoutMs: v.timeoutMs, deployedAt: v.createdAt.toISOString() } : null,
      invokeUrl: invokeUrl(ctx.tenant.slug, f.name, origin),
      today: counts.get(f.id) ?? { invocations: 0, errors: 0 },
      labels: labelsOf(f.labels),
      createdAt: f.createdAt.toISOString(),
    };
  });
  return pageBody('functions', { items, nextCursor: cut.nextCursor });
}
export type FunctionListItem = Awaited<ReturnType<typeof listFunctions>>['functions'][number];

export async function getFunction(ctx: TenantContext, id: string, origin: string) {
  authorize(ctx, 'resource.read');
  const f = await findTenantFunction(ctx, id);
  const [versions, counts, labels] = await Promise.all([
    db().functionVersion.findMany({
      where: { functionId: f.id, tenantId: ctx.tenant.id },
      orderBy: { number: 'desc' },
      select: { id: true, number: true, codeSha256: true, memoryMib: true, timeoutMs: true, note: true, createdAt: true, createdById: true, createdByTokenName: true },
    }),
    countsToday(ctx.tenant.id, [f.id]),
    db().functionLabel.findMany({ where: { functionId: f.id } }),
  ]);
  const active = f.activeVersionId ? await db().functionVersion.findFirst({ where: { id: f.activeVersionId, tenantId: ctx.tenant.id } }) : null;
  return {
    id: f.id,
    name: f.name,
    runtime: f.runtime,
    access: f.access,
    hasToken: !!f.tokenHash,
    concurrency: f.concurrency,
    maxScale: f.maxScale,
    idleSeconds: f.idleSeconds,
    status: active ? ('ready' as const) : ('not_deployed' as const),
    invokeUrl: invokeUrl(ctx.tenant.slug, f.name, origin),
    today: counts.get(f.id) ?? { invocations: 0, errors: 0 },
    labels: labelsOf(labels),
    active: active
      ? {
          id: active.id,
          number: active.number,
          code: active.code,
          memoryMib: active.memoryMib,
          timeoutMs: active.timeoutMs,
          env: publicEnv(active.env),
          deployedAt: active.createdAt.toISOString(),
        }
      : null,
    versions: await withAuthors(versions.map((v) => versionSummary(v, f.activeVersionId)), versions),
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

/** Who made a version: a person (name, email), an API token of theirs, or nobody known (a deleted user). */
export type VersionAuthor = { name: string | null; email: string | null; token: string | null };

/** Adds `madeBy` to versions (one query for all their authors). */
async function withAuthors<T extends { id: string }>(
  summaries: T[],
  rows: { id: string; createdById: string | null; createdByTokenName: string | null }[],
): Promise<(T & { madeBy: VersionAuthor })[]> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((v): v is string => !!v))];
  const users = ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  return summaries.map((s) => {
    const r = rowOf.get(s.id);
    const u = r?.createdById ? byId.get(r.createdById) : undefined;
    return { ...s, madeBy: { name: u?.name ?? null, email: u?.email ?? null, token: r?.createdByTokenName ?? null } };
  });
}
type VersionRow = { id: string; number: number; codeSha256: string; memoryMib: number; timeoutMs: number; note: string; createdAt: Date };

/** A version as lists show it (no code, no env). */
function versionSummary(v: VersionRow, activeVersionId: string | null) {
  return {
    id: v.id,
    number: v.number,
    codeSha256: v.codeSha256,
    memoryMib: v.memoryMib,
    timeoutMs: v.timeoutMs,
    note: v.note,
    active: v.id === activeVersionId,
    createdAt: v.createdAt.toISOString(),
  };
}

export type FunctionDetail = Awaited<ReturnType<typeof getFunction>>;

/** One version with its code (env masked): for reading an older version before rolling back to it. */
export async function getFunctionVersion(ctx: TenantContext, id: string, versionId: string) {
  authorize(ctx, 'resource.read');
  const f = await findTenantFunction(ctx, id);
  const v = await db().functionVersion.findFirst({ where: { id: versionId, functionId: f.id, tenantId: ctx.tenant.id } });
  if (!v) throw notFoundError('version');
  return { ...versionSummary(v, f.activeVersionId), code: v.code, env: publicEnv(v.env) };
}

/** How many live functions the tenant has, against its quota (the create page and the dashboard show it). */
export async function functionUsage(ctx: TenantContext): Promise<{ functions: number; maxFunctions: number | null }> {
  authorize(ctx, 'resource.read');
  const [functions, quota] = await Promise.all([
    db().serverlessFunction.count({ where: { tenantId: ctx.tenant.id, deletedAt: null } }),
    db().quota.findUnique({ where: { tenantId: ctx.tenant.id }, select: { maxFunctions: true } }),
  ]);
  return { functions, maxFunctions: quota?.maxFunctions ?? null };
}
