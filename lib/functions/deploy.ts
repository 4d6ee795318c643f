// Deploying new code: the code is checked first (syntax as an ES module, a default export, ≤ 256 KiB); a failure
// writes nothing, so the active version keeps serving. Otherwise a new immutable version becomes active and the
// gateway's cached runnable is dropped, so the very next request gets it.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { ZDeploy } from './schemas';
import { assertDeployableCode } from './validate-code';
import { addActiveVersion, lockFunction } from './versions';
import { findTenantFunction, mergeEnv } from './lookup';
import { openFunctionEnv } from '@/lib/secrets/fields';
import { invalidateFunction } from './cache';
import { DEFAULT_MEMORY_MIB, DEFAULT_TIMEOUT_MS } from './schemas';

export type Deployed = { versionId: string; versionNumber: number };

export async function deployFunction(ctx: TenantContext, id: string, input: unknown): Promise<Deployed> {
  authorize(ctx, 'function.deploy');
  await findTenantFunction(ctx, id);
  assertDeployableCode((input as { code?: unknown } | null)?.code);
  const data = parseInput(ZDeploy, input);
  const version = await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    const fn = await tx.serverlessFunction.findUniqueOrThrow({ where: { id } });
    const active = fn.activeVersionId ? await tx.functionVersion.findUnique({ where: { id: fn.activeVersionId } }) : null;
    const v = await addActiveVersion(
      tx,
      fn,
      {
        code: data.code,
        memoryMib: data.memoryMib ?? active?.memoryMib ?? DEFAULT_MEMORY_MIB,
        timeoutMs: data.timeoutMs ?? active?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        env: data.env ? mergeEnv(data.env, openFunctionEnv(id, active?.env)) : openFunctionEnv(id, active?.env),
        note: 'deploy',
      },
      ctx.user.id,
    );
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: 'function.deployed',
      targetType: 'function',
      targetId: id,
      metadata: { name: fn.name, version: v.number, previous: active?.number ?? null },
    });
    return v;
  });
  invalidateFunction(id);
  return { versionId: version.id, versionNumber: version.number };
}
