// Reading instances of a tenant: the list (filtered, paginated) and one instance with its activity. Secret env
// values are masked here, so neither the UI nor the API can leak them.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { afterCursor, decodeCursor, pageBody, pageOf, pageQueryShape } from '@/lib/api/pagination';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { can } from '@/lib/auth/policy';
import type { Prisma } from '@/lib/generated/prisma/client';
import { driverFor } from '@/lib/providers/registry';
import { capabilitiesOf } from '@/lib/providers/types';
import { publicSpec, SSH_PORT } from './spec';
import { allowedActions } from './operate';
import { waitInWords } from '@/lib/reconciler/plan';
import { openUserData } from '@/lib/secrets/fields';
import { appsAddress, endpointUrl } from '@/lib/admin/apps-address';
import { labelsOf, ZLabelFilters } from '@/lib/labels/labels';
import { labelWhere } from '@/lib/labels/service';
import { httpsUrls, type HttpsUrls } from '@/lib/ingress/urls';

const STATUSES = ['pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting'] as const;
const SORT_FIELDS = ['name', 'status', 'kind', 'image', 'created'] as const;
/** The orders of the console's list: each field ascending, or descending with a leading `-`. */
export const INSTANCE_SORTS = SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);
type TInstanceSort = (typeof INSTANCE_SORTS)[number];

function orderOf(sort: TInstanceSort | undefined): Prisma.InstanceOrderByWithRelationInput[] {
  if (!sort) return [{ createdAt: 'desc' }, { id: 'desc' }];
  const dir = sort.startsWith('-') ? ('desc' as const) : ('asc' as const);
  const field = sort.replace(/^-/, '') as (typeof SORT_FIELDS)[number];
  const first: Prisma.InstanceOrderByWithRelationInput =
    field === 'created' ? { createdAt: dir } : field === 'image' ? { image: { name: dir } } : { [field]: dir };
  return [first, { name: 'asc' }, { id: 'asc' }];
}

/** Filters, then either a cursor page (`limit`, `cursor`: lib/api/pagination.ts) or, for the console's own list with
 * its numbered pages, `page` and `pageSize`. */
export const ZListQuery = z.object({
  kind: z.enum(['container', 'vm']).optional().meta({ description: 'Only containers or only VMs.' }),
  status: z.enum(STATUSES).optional().meta({ description: 'Only instances in this status.' }),
  image: z.string().trim().min(1).max(100).optional().meta({ description: 'Only instances of this image (its id, e.g. `docker-static-web`).' }),
  q: z.string().trim().max(100, { error: 'Search for at most 100 characters.' }).optional().meta({ description: 'Part of the name, any case.' }),
  label: ZLabelFilters,
  sort: z
    .enum(INSTANCE_SORTS, { error: `sort is one of ${INSTANCE_SORTS.join(', ')}.` })
    .optional()
    .meta({ description: 'Order of a numbered page (with `page`/`pageSize`): a field, `-` first for descending. Default: newest first.' }),
  ...pageQueryShape,
  page: z.coerce.number().int().min(1).max(100_000).optional().meta({ description: 'A page number instead of a cursor (the console’s own list); with `pageSize`.' }),
  pageSize: z.coerce.number().int().min(1).max(100).optional().meta({ description: 'Items per numbered page (1–100, default 20).' }),
});

type Endpoint = { port: number; hostIp: string; hostPort: number };

/** `ssh -p PORT user@HOST` for an image with an SSH user whose port 22 is forwarded now (the port changes at each
 * start); HOST is the public apps host, where forwarded ports are published. */
export function sshAccess(sshUser: string | null, endpoints: Endpoint[], host: string): { user: string; host: string; port: number; command: string } | null {
  const fwd = sshUser ? endpoints.find((e) => e.port === SSH_PORT) : undefined;
  if (!sshUser || !fwd) return null;
  return { user: sshUser, host, port: fwd.hostPort, command: `ssh -p ${fwd.hostPort} ${sshUser}@${host}` };
}

/** Where people reach an endpoint: the public apps host (an endpoint published before it existed keeps its address). */
function shownHost(e: Endpoint, appsHost: string): string {
  return e.hostIp === env().OVERCAST_APPS_HOST ? appsHost : e.hostIp;
}

function view(i: Prisma.InstanceGetPayload<{ include: { flavor: true; image: true; labels: true } }>, appsHost: string, https: HttpsUrls) {
  const stored = i.endpoints as Endpoint[];
  // Crashed and waiting out its backoff before it is started again: say when, as of now. (After an engine failure
  // the retry comes sooner when the engine is back, so no time is promised then.)
  const retryInMs = i.status === 'error' && i.desiredState === 'running' && i.crashes > 0 ? i.nextAttemptAt.getTime() - Date.now() : 0;
  // `httpsUrl`: the same port through the ingress (lib/ingress), on a host of its own; null without an ingress.
  const endpoints = stored.map((e) => ({ ...e, url: endpointUrl({ host: shownHost(e, appsHost) }, e.hostPort), httpsUrl: https(i.id, e.port) }));
  const ssh = stored.find((e) => e.port === SSH_PORT);
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    provider: i.provider,
    desiredState: i.desiredState,
    status: i.status,
    statusReason: retryInMs > 0 ? `${i.statusReason ?? 'Failed'} — next try in ${waitInWords(retryInMs)}` : i.statusReason,
    /** When a crashed instance is started again (while its crash-loop backoff runs), else null. */
    nextTryAt: retryInMs > 0 ? i.nextAttemptAt.toISOString() : null,
    /** Bumped by each request on the instance; `observedGeneration` catches up once the console has acted on it. */
    generation: i.generation,
    observedGeneration: i.observedGeneration,
    flavor: { id: i.flavor.id, name: i.flavor.name, cpuMillis: i.flavor.cpuMillis, memoryMib: i.flavor.memoryMib, diskGib: i.flavor.diskGib },
    /** The boot disk's size (GiB): the flavor's, or what was chosen at create (VMs). */
    diskGib: i.diskGib,
    // A container of the tenant's own image shows its reference (its catalogue row only says "own-image").
    image: { id: i.image.id, name: (i.spec as { imageRef?: string } | null)?.imageRef ?? i.image.name, ref: (i.spec as { imageRef?: string } | null)?.imageRef ?? i.image.ref },
    /** The health check's verdict (starting, healthy, unhealthy); null without a health check. */
    health: i.health as 'starting' | 'healthy' | 'unhealthy' | null,
    labels: labelsOf(i.labels),
    endpoints,
    ssh: i.status === 'running' && ssh ? sshAccess(i.image.sshUser, stored, shownHost(ssh, appsHost)) : null,
    actions: allowedActions(i.desiredState, i.status),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
export type InstanceView = ReturnType<typeof view>;

export async function listInstances(ctx: TenantContext, query: unknown) {
  authorize(ctx, 'resource.read');
  const q = parseInput(ZListQuery, query);
  const numbered = q.page !== undefined || q.pageSize !== undefined;
  if (numbered && q.cursor) throw new AppError('validation_failed', 'Send a page or a cursor, not both.', { cursor: 'Send a page or a cursor, not both.' });
  // A cursor continues the newest-first order; another order is for numbered pages.
  if (q.sort && !numbered) throw new AppError('validation_failed', 'sort works with page and pageSize.', { sort: 'sort works with page and pageSize.' });
  const where: Prisma.InstanceWhereInput = {
    tenantId: ctx.tenant.id,
    deletedAt: null,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.image ? { imageId: q.image } : {}),
    ...(q.q ? { name: { contains: q.q, mode: 'insensitive' as const } } : {}),
    ...labelWhere(q.label),
  };
  const page = q.page ?? 1;
  const take = numbered ? (q.pageSize ?? 20) : q.limit;
  const after = q.cursor ? decodeCursor(q.cursor, 'date') : undefined;
  const [total, rows, apps] = await Promise.all([
    db().instance.count({ where }),
    db().instance.findMany({
      // One query per relation, for the page's rows only: joined in one statement, PostgreSQL built the related
      // rows before the LIMIT (~60–100 ms for a tenant with 10,000 instances on the embedded database against ~15).
      relationLoadStrategy: 'query',
      where: { AND: [where, afterCursor(after)] },
      include: { flavor: true, image: true, labels: true },
      orderBy: orderOf(q.sort),
      ...(numbered ? { skip: (page - 1) * take } : {}),
      take: take + 1,
    }),
    appsAddress(),
  ]);
  const cut = pageOf(rows, take, (r) => [r.createdAt, r.id]);
  const https = await httpsUrls(ctx.tenant.slug, cut.items.filter((r) => r.status === 'running'));
  const instances = cut.items.map((r) => view(r, apps.host, https));
  return { ...pageBody('instances', { items: instances, nextCursor: cut.nextCursor }, { total }), ...(numbered ? { page, pageSize: take } : {}) };
}

export async function getInstance(ctx: TenantContext, id: string) {
  authorize(ctx, 'resource.read');
  const i = await db().instance.findFirst({
    where: { id, tenantId: ctx.tenant.id, deletedAt: null },
    include: { flavor: true, image: true, labels: true, events: { orderBy: { createdAt: 'desc' }, take: 50 } },
  });
  if (!i) throw notFoundError('instance');
  const driver = driverFor(i.provider);
  return {
    ...view(i, (await appsAddress()).host, await httpsUrls(ctx.tenant.slug, i.status === 'running' ? [i] : [])),
    spec: publicSpec(i.spec, { openUserData: can(ctx.principal, 'resource.readSecrets', ctx.tenant) ? (stored) => openUserData(i.id, stored) : null }),
    capabilities: capabilitiesOf(driver),
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
