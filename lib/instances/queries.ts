// Reading instances of a tenant: the list (filtered, paginated) and one instance with its activity. Secret env
// values are masked here, so neither the UI nor the API can leak them.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { can } from '@/lib/auth/policy';
import type { Prisma } from '@/lib/generated/prisma/client';
import { driverFor } from '@/lib/providers/registry';
import { publicSpec, SSH_PORT } from './spec';
import { allowedActions } from './operate';

const STATUSES = ['pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting'] as const;
export const ZListQuery = z.object({
  kind: z.enum(['container', 'vm']).optional(),
  status: z.enum(STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

type Endpoint = { port: number; hostIp: string; hostPort: number };

/** `ssh -p PORT user@localhost` for an image with an SSH user whose port 22 is forwarded now (the port changes at each start). */
export function sshAccess(sshUser: string | null, endpoints: Endpoint[]): { user: string; host: string; port: number; command: string } | null {
  const fwd = sshUser ? endpoints.find((e) => e.port === SSH_PORT) : undefined;
  if (!sshUser || !fwd) return null;
  return { user: sshUser, host: 'localhost', port: fwd.hostPort, command: `ssh -p ${fwd.hostPort} ${sshUser}@localhost` };
}

function view(i: Prisma.InstanceGetPayload<{ include: { flavor: true; image: true } }>) {
  const stored = i.endpoints as Endpoint[];
  const endpoints = stored.map((e) => ({ ...e, url: `http://localhost:${e.hostPort}/` }));
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    provider: i.provider,
    desiredState: i.desiredState,
    status: i.status,
    statusReason: i.statusReason,
    flavor: { id: i.flavor.id, name: i.flavor.name, cpuMillis: i.flavor.cpuMillis, memoryMib: i.flavor.memoryMib, diskGib: i.flavor.diskGib },
    image: { id: i.image.id, name: i.image.name },
    endpoints,
    ssh: i.status === 'running' ? sshAccess(i.image.sshUser, stored) : null,
    actions: allowedActions(i.desiredState, i.status),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
export type InstanceView = ReturnType<typeof view>;

export async function listInstances(ctx: TenantContext, query: unknown) {
  authorize(ctx, 'resource.read');
  const q = parseInput(ZListQuery, query);
  const where: Prisma.InstanceWhereInput = {
    tenantId: ctx.tenant.id,
    deletedAt: null,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
  const [total, rows] = await Promise.all([
    db().instance.count({ where }),
    db().instance.findMany({
      where,
      include: { flavor: true, image: true },
      orderBy: { createdAt: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return { total, page: q.page, pageSize: q.pageSize, instances: rows.map(view) };
}

export async function getInstance(ctx: TenantContext, id: string) {
  authorize(ctx, 'resource.read');
  const i = await db().instance.findFirst({
    where: { id, tenantId: ctx.tenant.id, deletedAt: null },
    include: { flavor: true, image: true, events: { orderBy: { createdAt: 'desc' }, take: 50 } },
  });
  if (!i) throw notFoundError('instance');
  const driver = driverFor(i.provider);
  return {
    ...view(i),
    spec: publicSpec(i.spec, { showUserData: can(ctx.principal, 'resource.readSecrets', ctx.tenant) }),
    capabilities: [...driver.capabilities],
    events: i.events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      message: e.message,
      at: e.createdAt.toISOString(),
    })),
  };
}
export type InstanceDetail = Awaited<ReturnType<typeof getInstance>>;
