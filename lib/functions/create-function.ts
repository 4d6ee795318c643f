// Creating a function: validates the input and the code (parse only), checks the budget and the maxFunctions quota
// under the quota's row lock, then writes the function and its first version (active) with an audit event in one
// transaction. A private function gets its invoke token here, returned once; only its sha256 is stored.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { uniqueViolation } from '@/lib/db/unique';
import { assertWithinBudget } from '@/lib/billing/service';
import { FieldErrors } from '@/lib/field-errors';
import { ZCreateFunction, ZFunctionName } from './schemas';
import { assertDeployableCode } from './validate-code';
import { addActiveVersion } from './versions';
import { mergeEnv } from './lookup';
import { newInvokeToken } from './token';
import { invalidateFunction } from './cache';
import { publishChange } from '@/lib/live/changes';
import { writeFunctionLabels } from '@/lib/labels/service';
import { plural } from '@/lib/plural';

export type CreatedFunction = { id: string; name: string; versionId: string; versionNumber: number; token: string | null };

export async function createFunction(ctx: TenantContext, input: unknown): Promise<CreatedFunction> {
  authorize(ctx, 'resource.create');
  // Every field's error in one answer: the code's, the body's and a taken name's.
  const errs = new FieldErrors();
  await errs.check(() => assertDeployableCode((input as { code?: unknown } | null)?.code));
  const parsed = await errs.check(() => parseInput(ZCreateFunction, input));
  const name = ZFunctionName.safeParse((input as { name?: unknown } | null)?.name);
  if (name.success && (await db().serverlessFunction.findFirst({ where: { tenantId: ctx.tenant.id, liveName: name.data }, select: { id: true } }))) {
    await errs.check(() => Promise.reject(nameTaken()));
  }
  errs.throwIfAny();
  const data = parsed!;
  const env = mergeEnv(data.env, []);
  await assertWithinBudget(db(), ctx.tenant.id);
  const token = data.access === 'token' ? newInvokeToken() : null;
  try {
    const created = await db().$transaction(async (tx) => {
      // Serialises creates of one tenant: the count below cannot change until this transaction ends.
      const quota = (await tx.$queryRaw<{ maxFunctions: number }[]>`
        SELECT "maxFunctions" FROM "Quota" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`)[0];
      if (!quota) throw new AppError('quota_exceeded', 'This organisation has no quota set; ask a platform admin.');
      const live = await tx.serverlessFunction.count({ where: { tenantId: ctx.tenant.id, deletedAt: null } });
      if (live + 1 > quota.maxFunctions) {
        const msg = `This would make ${plural(live + 1, 'function')}; the quota is ${quota.maxFunctions}.`;
        throw new AppError('quota_exceeded', `Over quota: ${msg}`, { name: msg });
      }
      const fn = await tx.serverlessFunction.create({
        data: {
          tenantId: ctx.tenant.id,
          name: data.name,
          liveName: data.name,
          runtime: data.runtime,
          access: data.access,
          tokenHash: token?.hash ?? null,
          createdById: ctx.user.id,
          ...(data.concurrency ? { concurrency: data.concurrency } : {}),
          ...(data.maxScale ? { maxScale: data.maxScale } : {}),
          ...(data.idleSeconds ? { idleSeconds: data.idleSeconds } : {}),
        },
      });
      await writeFunctionLabels(tx, fn.id, data.labels);
      const version = await addActiveVersion(tx, fn, { code: data.code, memoryMib: data.memoryMib, timeoutMs: data.timeoutMs, env, note: 'created' }, ctx.user.id);
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorId: ctx.user.id,
        action: 'function.created',
        targetType: 'function',
        targetId: fn.id,
        metadata: { name: fn.name, access: fn.access, memoryMib: data.memoryMib, timeoutMs: data.timeoutMs, version: version.number, labels: data.labels },
      });
      return { id: fn.id, name: fn.name, versionId: version.id, versionNumber: version.number };
    });
    invalidateFunction(created.id);
    publishChange({ kind: 'function', id: created.id, tenantId: ctx.tenant.id });
    return { ...created, token: token?.token ?? null };
  } catch (err) {
    if (uniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

function nameTaken(): AppError {
  return new AppError('conflict', 'A function with this name already exists.', { name: 'This name is already used in this organisation.' });
}
