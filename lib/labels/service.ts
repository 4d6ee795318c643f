// Reading and writing the labels of a tenant's instances and functions. Every query reaches labels through a row of
// the caller's tenant (from the session), never through an id alone; a change replaces the whole set and is audited.
import 'server-only';
import { db } from '@/lib/db/client';
import { parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import type { Prisma } from '@/lib/generated/prisma/client';
import { findTenantInstance } from '@/lib/instances/lookup';
import { findTenantFunction } from '@/lib/functions/lookup';
import { labelsOf, ZLabelsBody, type LabelFilter, type TLabels } from './labels';

type Tx = Prisma.TransactionClient;

/** The `where` of a list filtered by labels: each filter must match one of the row's labels (AND across filters). */
export function labelWhere(filters: LabelFilter[]): { AND: { labels: { some: { key: string; value?: string } } }[] } | object {
  if (!filters.length) return {};
  return { AND: filters.map((f) => ({ labels: { some: f.value === undefined ? { key: f.key } : { key: f.key, value: f.value } } })) };
}

const rows = (labels: TLabels) => Object.entries(labels).map(([key, value]) => ({ key, value }));

/** The labels of a new instance, written in its create transaction. */
export async function writeInstanceLabels(tx: Tx, instanceId: string, labels: TLabels): Promise<void> {
  const data = rows(labels).map((r) => ({ ...r, instanceId }));
  if (data.length) await tx.instanceLabel.createMany({ data });
}

/** The labels of a new function, written in its create transaction. */
export async function writeFunctionLabels(tx: Tx, functionId: string, labels: TLabels): Promise<void> {
  const data = rows(labels).map((r) => ({ ...r, functionId }));
  if (data.length) await tx.functionLabel.createMany({ data });
}

function changes(before: Record<string, string>, after: TLabels) {
  const added = Object.keys(after).filter((k) => !(k in before));
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.keys(after).filter((k) => k in before && before[k] !== after[k]);
  return { added, removed, changed };
}

/** PUT …/instances/{id}/labels: the instance's labels become exactly `labels`. */
export async function setInstanceLabels(ctx: TenantContext, id: string, input: unknown): Promise<{ labels: Record<string, string> }> {
  // Labels change how a resource is listed and billed, not what runs: members may edit them, as they create.
  authorize(ctx, 'resource.create');
  const { labels } = parseInput(ZLabelsBody, input);
  const inst = await findTenantInstance(ctx, id);
  await db().$transaction(async (tx) => {
    const before = labelsOf(await tx.instanceLabel.findMany({ where: { instanceId: inst.id } }));
    await tx.instanceLabel.deleteMany({ where: { instanceId: inst.id } });
    await writeInstanceLabels(tx, inst.id, labels);
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: 'instance.labels_set',
      targetType: 'instance',
      targetId: inst.id,
      metadata: { name: inst.name, labels, ...changes(before, labels) },
    });
  });
  return { labels: labelsOf(rows(labels)) };
}

/** PUT …/functions/{id}/labels: the function's labels become exactly `labels`. */
export async function setFunctionLabels(ctx: TenantContext, id: string, input: unknown): Promise<{ labels: Record<string, string> }> {
  authorize(ctx, 'resource.create');
  const { labels } = parseInput(ZLabelsBody, input);
  const fn = await findTenantFunction(ctx, id);
  await db().$transaction(async (tx) => {
    const before = labelsOf(await tx.functionLabel.findMany({ where: { functionId: fn.id } }));
    await tx.functionLabel.deleteMany({ where: { functionId: fn.id } });
    await writeFunctionLabels(tx, fn.id, labels);
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: 'function.labels_set',
      targetType: 'function',
      targetId: fn.id,
      metadata: { name: fn.name, labels, ...changes(before, labels) },
    });
  });
  return { labels: labelsOf(rows(labels)) };
}

/** The labels of the tenant's instances and functions among `ids` (the bill's lines), by resource id. */
export async function labelsOfResources(tenantId: string, instanceIds: string[], functionIds: string[]): Promise<Map<string, Record<string, string>>> {
  const [inst, fns] = await Promise.all([
    instanceIds.length ? db().instanceLabel.findMany({ where: { instanceId: { in: instanceIds }, instance: { tenantId } } }) : [],
    functionIds.length ? db().functionLabel.findMany({ where: { functionId: { in: functionIds }, function: { tenantId } } }) : [],
  ]);
  const out = new Map<string, { key: string; value: string }[]>();
  for (const r of inst) out.set(r.instanceId, [...(out.get(r.instanceId) ?? []), r]);
  for (const r of fns) out.set(r.functionId, [...(out.get(r.functionId) ?? []), r]);
  return new Map([...out].map(([id, list]) => [id, labelsOf(list)]));
}
