// The command palette's search: the caller's tenant's live instances and functions whose name contains the text.
// The tenant is the one the session's membership resolved (TenantContext), never an id sent by the client.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';

const PER_KIND = 8;

export const ZSearchQuery = z.strictObject({
  q: z.string().trim().max(100, { error: 'Search for at most 100 characters.' }).default('').meta({ description: 'Part of a name, any case; empty lists the newest.' }),
});

export async function searchResources(ctx: TenantContext, query: unknown) {
  authorize(ctx, 'resource.read');
  const { q } = parseInput(ZSearchQuery, query);
  const name = q ? { name: { contains: q, mode: 'insensitive' as const } } : {};
  const [instances, functions] = await Promise.all([
    db().instance.findMany({
      where: { tenantId: ctx.tenant.id, deletedAt: null, ...name },
      select: { id: true, name: true, kind: true, status: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PER_KIND,
    }),
    db().serverlessFunction.findMany({
      where: { tenantId: ctx.tenant.id, deletedAt: null, ...name },
      select: { id: true, name: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PER_KIND,
    }),
  ]);
  return { instances, functions };
}
