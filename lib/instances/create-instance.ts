// Creating an instance records intent only: the row (desired state + spec) and a "requested" event, in one
// transaction that also checks the quota. The reconciler makes it real. Containers and VMs differ only in what they
// ask for (their zod schema and stored spec); the catalogue check, budget, quota, event and audit are shared.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { uniqueViolation } from '@/lib/db/unique';
import { providerForKind } from '@/lib/providers/registry';
import type { InstanceKind } from '@/lib/generated/prisma/enums';
import { SSH_PORT, ZCreateContainer, ZCreateKind, ZCreateVm, type TStoredSpec } from './spec';
import { quotaProblem, tenantUsage } from './quota';
import { assertWithinBudget } from '@/lib/billing/service';
import { resolveKeysForVm } from '@/lib/ssh-keys/service';
import type { Flavor, Image } from '@/lib/generated/prisma/client';

type Created = { id: string; name: string };

/** POST …/instances: `kind` ('container' when absent, or 'vm') chooses what the rest of the body must be. */
export async function createInstance(ctx: TenantContext, input: unknown): Promise<Created> {
  authorize(ctx, 'resource.create');
  const { kind } = parseInput(ZCreateKind, input);
  return kind === 'vm' ? createVm(ctx, input) : createContainer(ctx, input);
}

export async function createContainer(ctx: TenantContext, input: unknown): Promise<Created> {
  authorize(ctx, 'resource.create');
  const data = parseInput(ZCreateContainer, input);
  return recordCreate(ctx, 'container', data, () => ({
    ports: data.ports.map((port) => ({ port, protocol: 'tcp' as const })),
    env: data.env,
    command: data.command,
  }));
}

/**
 * A virtual machine: an image and flavor of the VM provider, forwarded ports, a hostname, an optional user-data
 * script, and for images with SSH the public keys (the user's saved ones by id and/or pasted ones), copied into the
 * spec now; such images always forward port 22.
 */
export async function createVm(ctx: TenantContext, input: unknown): Promise<Created> {
  authorize(ctx, 'resource.create');
  const data = parseInput(ZCreateVm, input);
  const keys = await resolveKeysForVm(ctx.user, data.sshKeyIds, data.sshPublicKeys);
  let ports = data.ports;
  const checkImage = (image: Image, flavor: Flavor) => {
    const fields: Record<string, string> = {};
    if (flavor.memoryMib < image.minMemoryMib) {
      fields.flavorId = `${image.name} needs at least ${image.minMemoryMib} MiB of memory: choose a larger flavor than ${flavor.name}.`;
    }
    if (image.sshUser && keys.length === 0) {
      fields.sshKeyIds = `Choose or paste at least one SSH key: it is how you log in to ${image.name} (as “${image.sshUser}”).`;
    }
    if (!image.sshUser && keys.length > 0) fields.sshKeyIds = `${image.name} has no SSH server: it takes no SSH keys.`;
    if (Object.keys(fields).length) throw new AppError('validation_failed', Object.values(fields).join(' '), fields);
    if (image.sshUser && !ports.includes(SSH_PORT)) ports = [SSH_PORT, ...ports];
  };
  return recordCreate(
    ctx,
    'vm',
    data,
    () => ({
      ports: ports.map((port) => ({ port, protocol: 'tcp' as const })),
      env: [],
      command: [],
      // Only when chosen: without one the guest is named after the instance.
      ...(data.hostname ? { hostname: data.hostname } : {}),
      ...(data.userData ? { userData: data.userData } : {}),
      ...(keys.length ? { sshPublicKeys: keys } : {}),
    }),
    checkImage,
  );
}

type CommonInput = { name: string; imageId: string; flavorId: string; start: boolean };

/**
 * The shared part: image and flavor of the kind's provider (and the kind's own check of the pair), budget, then quota
 * and the row under the quota's lock. The spec is built after the check (which may add what the image needs).
 */
async function recordCreate(
  ctx: TenantContext,
  kind: InstanceKind,
  data: CommonInput,
  buildSpec: () => TStoredSpec,
  check?: (image: Image, flavor: Flavor) => void,
): Promise<Created> {
  const provider = providerForKind(kind);
  const [image, flavor] = await Promise.all([
    db().image.findFirst({ where: { id: data.imageId, provider, active: true } }),
    db().flavor.findFirst({ where: { id: data.flavorId, provider, active: true } }),
  ]);
  const fields: Record<string, string> = {};
  if (!image) fields.imageId = 'Choose one of the images offered.';
  if (!flavor) fields.flavorId = 'Choose one of the flavors offered.';
  if (!image || !flavor) throw new AppError('validation_failed', 'Some fields need attention.', fields);
  check?.(image, flavor);
  const spec = buildSpec();
  await assertWithinBudget(db(), ctx.tenant.id);

  try {
    const created = await db().$transaction(async (tx) => {
      // Serialises creates of one tenant: the usage read below cannot change until this transaction ends.
      const quota = (await tx.$queryRaw<{ maxInstances: number; maxVcpus: number; maxMemoryMib: number; maxDiskGib: number }[]>`
        SELECT "maxInstances", "maxVcpus", "maxMemoryMib", "maxDiskGib" FROM "Quota" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`)[0];
      if (!quota) throw new AppError('quota_exceeded', 'This organisation has no quota set; ask a platform admin.');
      const problem = quotaProblem(await tenantUsage(tx, ctx.tenant.id), flavor, quota);
      if (problem) throw new AppError('quota_exceeded', `Over quota: ${problem}`, { flavorId: problem });
      const inst = await tx.instance.create({
        data: {
          tenantId: ctx.tenant.id,
          name: data.name,
          liveName: data.name,
          kind,
          provider,
          flavorId: flavor.id,
          imageId: image.id,
          spec,
          desiredState: data.start ? 'running' : 'stopped',
          status: 'pending',
          createdById: ctx.user.id,
          events: {
            create: {
              tenantId: ctx.tenant.id,
              type: 'requested',
              toStatus: 'pending',
              actorId: ctx.user.id,
              message: `Created by ${ctx.user.email} (${image.name}, ${flavor.name})`,
            },
          },
        },
      });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorId: ctx.user.id,
        action: 'instance.created',
        targetType: 'instance',
        targetId: inst.id,
        metadata: { name: data.name, kind, image: image.name, flavor: flavor.name },
      });
      return inst;
    });
    nudgeReconciler();
    return { id: created.id, name: created.name };
  } catch (err) {
    if (uniqueViolation(err)) {
      throw new AppError('conflict', 'An instance with this name already exists.', { name: 'This name is already used in this organisation.' });
    }
    throw err;
  }
}
