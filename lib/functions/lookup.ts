// One live function of the caller's tenant (anything else — another tenant's, deleted, missing — is not found),
// and the env handling every write shares: secret values are masked whenever shown and kept when sent back masked.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError } from '@/lib/errors';
import type { TenantContext } from '@/lib/auth/context';
import type { Prisma } from '@/lib/generated/prisma/client';
import { SECRET_MASK } from '@/lib/instances/spec';

export type EnvVar = { name: string; value: string; secret: boolean };
const ZStoredEnv = z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() }));

export async function findTenantFunction(ctx: TenantContext, id: string, client: Prisma.TransactionClient = db()) {
  const fn = await client.serverlessFunction.findFirst({ where: { id, tenantId: ctx.tenant.id, deletedAt: null } });
  if (!fn) throw notFoundError('function');
  return fn;
}

export function storedEnv(env: unknown): EnvVar[] {
  const parsed = ZStoredEnv.safeParse(env);
  return parsed.success ? parsed.data : [];
}

export function publicEnv(env: unknown): EnvVar[] {
  return storedEnv(env).map((e) => (e.secret ? { ...e, value: SECRET_MASK } : e));
}

/**
 * The env to store: a secret sent back as the mask keeps the value it had; a mask for a new name is an error.
 * `previous` is the active version's env opened (plaintext), as `next` is: versions.ts seals the result.
 */
export function mergeEnv(next: EnvVar[], previous: unknown): EnvVar[] {
  const before = new Map(storedEnv(previous).map((e) => [e.name, e]));
  return next.map((e) => {
    if (e.value !== SECRET_MASK) return e;
    const old = before.get(e.name);
    if (!old?.secret) throw new AppError('validation_failed', 'Some fields need attention.', { env: `Enter a value for ${e.name}.` });
    return { ...e, value: old.value, secret: true };
  });
}
