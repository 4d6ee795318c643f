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
import { z } from 'zod';
import { FieldErrors } from '@/lib/field-errors';
import { SSH_PORT, diskBounds, ZCreateContainer, ZCreateKind, ZCreateVm, ZInstanceName, type TCreateContainer, type TCreateVm, type TStoredSpec } from './spec';
import { quotaProblem, tenantUsage } from './quota';
import { assertWithinBudget } from '@/lib/billing/service';
import { resolveKeysForVm } from '@/lib/ssh-keys/service';
import type { Flavor, Image } from '@/lib/generated/prisma/client';
import { sealInstanceEnv, sealUserData } from '@/lib/secrets/fields';
import { secretsKeyring } from '@/lib/secrets/keyring';
import { writeInstanceLabels } from '@/lib/labels/service';
import type { TLabels } from '@/lib/labels/labels';
import { publishChange } from '@/lib/live/changes';
import { resolveImageRef } from './image-ref';
import { runSettings } from './versions';
import { attachInCreate, newVolumesGib } from '@/lib/volumes/service';
import type { TWizardVolume } from '@/lib/volumes/spec';

type Created = { id: string; name: string };

/** POST …/instances: `kind` ('container' when absent, or 'vm') chooses what the rest of the body must be. */
export async function createInstance(ctx: TenantContext, input: unknown): Promise<Created> {
  authorize(ctx, 'resource.create');
  const { kind } = parseInput(ZCreateKind, input);
  return kind === 'vm' ? createVm(ctx, input) : createContainer(ctx, input);
}

/** The parsed body, or undefined when it did not parse (the errors are in `errs`). */
type Checked<T> = T | undefined;

/**
 * POST …/instances for a container. `formFields` are errors a form found in its own parsing (an env line without
 * "="): they come back together with every other field error, in one answer.
 */
export async function createContainer(ctx: TenantContext, input: unknown, formFields: Record<string, string> = {}): Promise<Created> {
  authorize(ctx, 'resource.create');
  const errs = new FieldErrors(formFields);
  const data: Checked<TCreateContainer> = await errs.check(() => parseInput(ZCreateContainer, input));
  // An image by reference (any of the catalogue's or the tenant's own): checked before anything is written.
  const ref = ZCreateContainer.shape.image.safeParse((input as { image?: unknown } | null)?.image).data;
  const resolved = ref && !errs.has('image') ? await errs.check(() => resolveImageRef(ctx.tenant, ref)) : undefined;
  const chosen = await checkCommon(ctx, 'container', input, errs, ref !== undefined ? (resolved?.imageId ?? null) : undefined);
  errs.throwIfAny();
  return recordCreate(
    ctx,
    'container',
    data!,
    { ...chosen!, diskGib: chosen!.flavor.diskGib },
    () => ({
      ports: data!.ports.map((port) => ({ port, protocol: 'tcp' as const })),
      ...runSettings(data!),
      ...(resolved && !resolved.catalogue ? { imageRef: resolved.ref } : {}),
    }),
    data!.volumes,
  );
}

/** The key fields alone, so that a bad name does not hide a bad key. */
const ZVmKeys = z.object({ sshKeyIds: ZCreateVm.shape.sshKeyIds, sshPublicKeys: ZCreateVm.shape.sshPublicKeys });

/**
 * A virtual machine: an image and flavor of the VM provider, forwarded ports, a hostname, an optional user-data
 * script, and for images with SSH the public keys (the user's saved ones by id and/or pasted ones), copied into the
 * spec now; such images always forward port 22. `diskGib` sizes the boot disk within the flavor's bounds (its own
 * size by default); it counts against the disk quota and is billed per GiB-month.
 */
export async function createVm(ctx: TenantContext, input: unknown, formFields: Record<string, string> = {}): Promise<Created> {
  authorize(ctx, 'resource.create');
  const errs = new FieldErrors(formFields);
  const data: Checked<TCreateVm> = await errs.check(() => parseInput(ZCreateVm, input));
  const keyInput = ZVmKeys.safeParse(input);
  const keys = keyInput.success ? await errs.check(() => resolveKeysForVm(ctx.user, keyInput.data.sshKeyIds, keyInput.data.sshPublicKeys)) : undefined;
  const chosen = await checkCommon(ctx, 'vm', input, errs);
  if (chosen) {
    const { image, flavor } = chosen;
    if (flavor.memoryMib < image.minMemoryMib) {
      errs.add({ flavorId: `${image.name} needs at least ${image.minMemoryMib} MiB of memory: choose a larger flavor than ${flavor.name}.` });
    }
    if (keys && image.sshUser && keys.length === 0) {
      errs.add({ sshKeyIds: `Choose or paste at least one SSH key: it is how you log in to ${image.name} (as “${image.sshUser}”).` });
    }
    if (keys && !image.sshUser && keys.length > 0) errs.add({ sshKeyIds: `${image.name} has no SSH server: it takes no SSH keys.` });
    const disk = diskBounds(flavor);
    const asked = ZCreateVm.shape.diskGib.safeParse((input as { diskGib?: unknown } | null)?.diskGib).data;
    if (asked !== undefined && (asked < disk.min || asked > disk.max)) {
      errs.add({
        diskGib: disk.min === disk.max ? `${flavor.name} has a fixed ${disk.min} GiB disk.` : `${flavor.name} takes a disk of ${disk.min} to ${disk.max} GiB.`,
      });
    }
  }
  errs.throwIfAny();
  const ports = chosen!.image.sshUser && !data!.ports.includes(SSH_PORT) ? [SSH_PORT, ...data!.ports] : data!.ports;
  return recordCreate(ctx, 'vm', data!, { ...chosen!, diskGib: data!.diskGib ?? chosen!.flavor.diskGib }, () => ({
    ports: ports.map((port) => ({ port, protocol: 'tcp' as const })),
    env: [],
    command: [],
    // Only when chosen: without one the guest is named after the instance.
    ...(data!.hostname ? { hostname: data!.hostname } : {}),
    ...(data!.userData ? { userData: data!.userData } : {}),
    ...(keys!.length ? { sshPublicKeys: keys! } : {}),
  }), data!.volumes);
}

type Chosen = { image: Image; flavor: Flavor };

/**
 * What every kind checks against the database, whatever else is wrong with the body: the image and flavor are the
 * kind's provider's and offered, and the name is free in this organisation (the unique index stays the last word).
 */
async function checkCommon(
  ctx: TenantContext,
  kind: InstanceKind,
  input: unknown,
  errs: FieldErrors,
  /** The catalogue row an image reference resolved to (null: it did not); undefined when the image is chosen by id. */
  byRef?: string | null,
): Promise<Chosen | undefined> {
  const provider = providerForKind(kind);
  const body = (input ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : null);
  const name = ZInstanceName.safeParse(body.name);
  const [image, flavor, taken] = await Promise.all([
    byRef !== undefined
      ? byRef && db().image.findFirst({ where: { id: byRef, provider } })
      : text('imageId')
        ? db().image.findFirst({ where: { id: text('imageId')!, provider, active: true } })
        : null,
    text('flavorId') ? db().flavor.findFirst({ where: { id: text('flavorId')!, provider, active: true } }) : null,
    name.success ? db().instance.findFirst({ where: { tenantId: ctx.tenant.id, liveName: name.data }, select: { id: true } }) : null,
  ]);
  if (!image && byRef === undefined && !errs.has('imageId')) errs.add({ imageId: 'Choose one of the images offered.' });
  if (!flavor && !errs.has('flavorId')) errs.add({ flavorId: 'Choose one of the flavors offered.' });
  if (taken) await errs.check(() => Promise.reject(nameTaken()));
  return image && flavor ? { image, flavor } : undefined;
}

function nameTaken(): AppError {
  return new AppError('conflict', 'An instance with this name already exists.', { name: 'This name is already used in this organisation.' });
}

type CommonInput = { name: string; start: boolean; labels: TLabels };

/**
 * The shared part, once every field is known good: budget, then quota and the row under the quota's lock. The spec
 * is built after the checks (which may add what the image needs).
 */
async function recordCreate(
  ctx: TenantContext,
  kind: InstanceKind,
  data: CommonInput,
  { image, flavor, diskGib }: Chosen & { diskGib: number },
  buildSpec: () => TStoredSpec,
  volumes: TWizardVolume[] = [],
): Promise<Created> {
  const provider = providerForKind(kind);
  const spec = buildSpec();
  // A missing or broken key fails the request here, before anything is written (not half-way through).
  const ring = spec.userData !== undefined || spec.env.some((e) => e.secret) ? secretsKeyring() : undefined;
  await assertWithinBudget(db(), ctx.tenant.id);

  try {
    const created = await db().$transaction(async (tx) => {
      // Serialises creates of one tenant: the usage read below cannot change until this transaction ends.
      const quota = (await tx.$queryRaw<{ maxInstances: number; maxVcpus: number; maxMemoryMib: number; maxDiskGib: number }[]>`
        SELECT "maxInstances", "maxVcpus", "maxMemoryMib", "maxDiskGib" FROM "Quota" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`)[0];
      if (!quota) throw new AppError('quota_exceeded', 'This organisation has no quota set; ask a platform admin.');
      const usage = await tenantUsage(tx, ctx.tenant.id);
      // New volumes made with it count in the disk quota with it.
      const add = { cpuMillis: flavor.cpuMillis, memoryMib: flavor.memoryMib, diskGib: diskGib + newVolumesGib(volumes) };
      const problem = quotaProblem(usage, add, quota);
      if (problem) {
        // Only the disk is over: say so next to what the user chose (the volumes, the disk size), else the flavor.
        const diskOnly = add.diskGib !== flavor.diskGib && quotaProblem(usage, { ...add, diskGib: 0 }, quota) === null;
        const field = !diskOnly ? 'flavorId' : newVolumesGib(volumes) > 0 ? 'volumes' : 'diskGib';
        throw new AppError('quota_exceeded', `Over quota: ${problem}`, { [field]: problem });
      }
      const inst = await tx.instance.create({
        data: {
          tenantId: ctx.tenant.id,
          name: data.name,
          liveName: data.name,
          kind,
          provider,
          flavorId: flavor.id,
          imageId: image.id,
          diskGib,
          // Written below, once the id is known: secrets are sealed bound to it (the plaintext never reaches the row).
          spec: {},
          desiredState: data.start ? 'running' : 'stopped',
          status: 'pending',
          createdById: ctx.user.id,
          events: {
            create: {
              tenantId: ctx.tenant.id,
              type: 'requested',
              toStatus: 'pending',
              actorId: ctx.user.id,
              message: `Created by ${ctx.user.email} (${spec.imageRef ?? image.name}, ${flavor.name}${diskGib !== flavor.diskGib ? `, ${diskGib} GiB disk` : ''})`,
            },
          },
        },
      });
      const sealed: TStoredSpec = {
        ...spec,
        env: sealInstanceEnv(inst.id, spec.env, ring),
        ...(spec.userData !== undefined ? { userData: sealUserData(inst.id, spec.userData, ring) } : {}),
      };
      await tx.instance.update({ where: { id: inst.id }, data: { spec: sealed } });
      await writeInstanceLabels(tx, inst.id, data.labels);
      if (kind === 'container') {
        await tx.instanceVersion.create({
          data: { instanceId: inst.id, tenantId: ctx.tenant.id, number: 1, imageRef: sealed.imageRef ?? image.ref, spec: sealed, cause: 'create', createdById: ctx.user.id },
        });
      }
      await attachInCreate(tx, ctx, inst.id, volumes);
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorId: ctx.user.id,
        action: 'instance.created',
        targetType: 'instance',
        targetId: inst.id,
        metadata: { name: data.name, kind, image: spec.imageRef ?? image.name, flavor: flavor.name, diskGib, labels: data.labels },
      });
      return inst;
    });
    publishChange({ kind: 'instance', id: created.id, tenantId: ctx.tenant.id });
    nudgeReconciler();
    return { id: created.id, name: created.name };
  } catch (err) {
    if (uniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
