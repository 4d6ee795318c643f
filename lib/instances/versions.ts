// Versions of a container: what it runs (image reference and run settings) as a numbered history. Creating it is
// version 1; a deploy records the next version and asks the reconciler to recreate the container from it (same name,
// ports and, later, volumes: the recreate path is the reconciler's one 'redeploy' step); a rollback deploys a copy of
// an earlier version. Like every user request, a deploy is a new generation of the instance, recorded with its event
// and audit entry in one transaction.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { publishChange } from '@/lib/live/changes';
import { sealInstanceEnv } from '@/lib/secrets/fields';
import type { Prisma } from '@/lib/generated/prisma/client';
import { resolveImageRef } from './image-ref';
import { SECRET_MASK, ZDeploy, ZStoredSpec, publicSpec, type TCreateContainer, type TDeploy, type TStoredSpec } from './spec';

/** The run settings of a parsed request as stored in the spec (empty ones left out: the image's own apply). */
export function runSettings(d: Pick<TCreateContainer, 'env' | 'command' | 'entrypoint' | 'workingDir' | 'user' | 'healthCheck'>) {
  return {
    env: d.env,
    command: d.command,
    ...(d.entrypoint.length ? { entrypoint: d.entrypoint } : {}),
    ...(d.workingDir ? { workingDir: d.workingDir } : {}),
    ...(d.user ? { user: d.user } : {}),
    ...(d.healthCheck ? { healthCheck: d.healthCheck } : {}),
  };
}

export const ZRollback = z.strictObject({
  /** The version to go back to; the one before the current when absent. */
  version: z.number({ error: 'The version is a version number.' }).int({ error: 'The version is a version number.' }).min(1, { error: 'The version is a version number.' }).optional(),
});

type Deployed = { version: number; image: string };

/** POST …/instances/{id}/deploy: runs `image` (and any run settings given; others stay) as the next version. */
export async function deployInstance(ctx: TenantContext, instanceId: string, input: unknown): Promise<Deployed> {
  authorize(ctx, 'resource.operate');
  const body = parseInput(ZDeploy, input);
  const inst = await deployable(ctx, instanceId);
  const resolved = await resolveImageRef(ctx.tenant, body.image);
  const old = ZStoredSpec.parse(inst.spec);
  const spec = withChanges(inst.id, old, body, resolved.catalogue ? undefined : resolved.ref);
  return record(ctx, inst, { imageId: resolved.imageId, imageRef: resolved.ref, spec, cause: 'deploy' });
}

/** POST …/instances/{id}/rollback: deploys again what an earlier version ran (the previous one by default). */
export async function rollbackInstance(ctx: TenantContext, instanceId: string, input: unknown): Promise<Deployed> {
  authorize(ctx, 'resource.operate');
  const { version } = parseInput(ZRollback, input ?? {});
  const inst = await deployable(ctx, instanceId);
  const versions = await db().instanceVersion.findMany({ where: { instanceId: inst.id }, orderBy: { number: 'desc' } });
  const current = versions[0]?.number ?? 1;
  const target = version === undefined ? versions[1] : versions.find((v) => v.number === version);
  if (!target) {
    const message = version === undefined ? 'There is no earlier version to roll back to.' : `There is no version ${version} of this instance.`;
    throw new AppError(version === undefined ? 'invalid_state' : 'validation_failed', message, version === undefined ? {} : { version: message });
  }
  if (target.number === current) {
    throw new AppError('validation_failed', `Version ${current} is the current one.`, { version: `Version ${current} is the current one.` });
  }
  // The image may have been deleted since: refused now, as a deploy of it would be.
  const resolved = await resolveImageRef(ctx.tenant, target.imageRef);
  const spec = ZStoredSpec.parse(target.spec);
  return record(ctx, inst, { imageId: resolved.imageId, imageRef: resolved.ref, spec, cause: 'rollback', rolledBackTo: target.number });
}

async function deployable(ctx: TenantContext, id: string) {
  const inst = await db().instance.findFirst({ where: { id, tenantId: ctx.tenant.id, deletedAt: null }, include: { image: true } });
  if (!inst) throw notFoundError('instance');
  if (inst.kind !== 'container') throw new AppError('invalid_state', 'Only containers are deployed by image; a VM keeps its disk.');
  if (inst.desiredState === 'deleted') throw new AppError('invalid_state', 'Cannot deploy to an instance that is being deleted.');
  return inst;
}

/**
 * The old spec with the deploy's changes. A secret sent back as the mask keeps its stored (sealed) value, so that a
 * client may send the environment as it read it, changing only some of it.
 */
function withChanges(instanceId: string, old: TStoredSpec, body: TDeploy, imageRef: string | undefined): TStoredSpec {
  const next: TStoredSpec = { ...old, imageRef };
  if (body.env) {
    const kept = new Map(old.env.filter((e) => e.secret).map((e) => [e.name, e]));
    const fresh = body.env.filter((e) => !(e.secret && e.value === SECRET_MASK && kept.has(e.name)));
    const sealed = new Map(sealInstanceEnv(instanceId, fresh).map((e) => [e.name, e]));
    next.env = body.env.map((e) => sealed.get(e.name) ?? kept.get(e.name)!);
  }
  if (body.command) next.command = body.command;
  for (const k of ['entrypoint', 'workingDir', 'user', 'healthCheck'] as const) {
    if (body[k] === undefined) continue;
    const v = body[k];
    const empty = v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) delete next[k];
    else (next as Record<string, unknown>)[k] = v;
  }
  if (next.imageRef === undefined) delete next.imageRef;
  return next;
}

async function record(
  ctx: TenantContext,
  inst: { id: string; status: string; spec: Prisma.JsonValue; image: { ref: string } },
  v: { imageId: string; imageRef: string; spec: TStoredSpec; cause: 'deploy' | 'rollback'; rolledBackTo?: number },
): Promise<Deployed> {
  const number = await db().$transaction(async (tx) => {
    // Serialises deploys of one instance (the version numbers) behind the row's lock.
    await tx.$queryRaw`SELECT id FROM "Instance" WHERE id = ${inst.id} FOR UPDATE`;
    const last = await tx.instanceVersion.findFirst({ where: { instanceId: inst.id }, orderBy: { number: 'desc' }, select: { number: true } });
    if (!last) {
      // Made before versions were recorded: what it runs now is version 1.
      const spec = ZStoredSpec.parse(inst.spec);
      await tx.instanceVersion.create({ data: { instanceId: inst.id, tenantId: ctx.tenant.id, number: 1, imageRef: spec.imageRef ?? inst.image.ref, spec, cause: 'create' } });
    }
    const n = (last?.number ?? 1) + 1;
    await tx.instanceVersion.create({
      data: { instanceId: inst.id, tenantId: ctx.tenant.id, number: n, imageRef: v.imageRef, spec: v.spec, cause: v.cause, rolledBackTo: v.rolledBackTo ?? null, createdById: ctx.user.id },
    });
    const what = v.cause === 'rollback' ? `Rollback to version ${v.rolledBackTo} (${v.imageRef}) as version ${n}` : `Deploy of ${v.imageRef} as version ${n}`;
    await tx.instance.update({
      where: { id: inst.id },
      data: {
        imageId: v.imageId,
        spec: v.spec,
        pendingAction: 'redeploy',
        generation: { increment: 1 },
        attempts: 0,
        crashes: 0,
        nextAttemptAt: new Date(),
        events: { create: { tenantId: ctx.tenant.id, type: 'requested', actorId: ctx.user.id, fromStatus: inst.status as never, message: `${what} requested by ${ctx.user.email}` } },
      },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: v.cause === 'rollback' ? 'instance.rolled_back' : 'instance.deployed',
      targetType: 'instance',
      targetId: inst.id,
      metadata: { version: n, image: v.imageRef, ...(v.rolledBackTo ? { rolledBackTo: v.rolledBackTo } : {}) },
    });
    return n;
  });
  publishChange({ kind: 'instance', id: inst.id, tenantId: ctx.tenant.id });
  nudgeReconciler();
  return { version: number, image: v.imageRef };
}

export type VersionView = {
  number: number;
  image: string;
  cause: string;
  rolledBackTo: number | null;
  current: boolean;
  createdAt: string;
  createdBy: string | null;
  settings: Pick<TStoredSpec, 'command' | 'entrypoint' | 'workingDir' | 'user' | 'healthCheck' | 'env'>;
};

/** GET …/instances/{id}/versions: newest first; secret values masked. */
export async function listVersions(ctx: TenantContext, instanceId: string): Promise<VersionView[]> {
  authorize(ctx, 'resource.read');
  const inst = await db().instance.findFirst({ where: { id: instanceId, tenantId: ctx.tenant.id, deletedAt: null }, select: { id: true } });
  if (!inst) throw notFoundError('instance');
  const rows = await db().instanceVersion.findMany({ where: { instanceId: inst.id }, orderBy: { number: 'desc' }, take: 100 });
  const users = await db().user.findMany({ where: { id: { in: rows.map((r) => r.createdById).filter((x): x is string => !!x) } }, select: { id: true, email: true } });
  const email = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r, i) => {
    const s = publicSpec(r.spec, { openUserData: null });
    return {
      number: r.number,
      image: r.imageRef,
      cause: r.cause,
      rolledBackTo: r.rolledBackTo,
      current: i === 0,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdById ? (email.get(r.createdById) ?? null) : null,
      settings: { command: s.command, entrypoint: s.entrypoint, workingDir: s.workingDir, user: s.user, healthCheck: s.healthCheck, env: s.env },
    };
  });
}
