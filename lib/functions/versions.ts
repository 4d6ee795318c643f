// Writing a function version: immutable, numbered 1, 2, 3 … per function, made active in the same transaction.
// Callers hold the function's row lock (lockFunction), so two deploys cannot take the same number.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import { sealFunctionEnv } from '@/lib/secrets/fields';
import { requestToken } from '@/lib/auth/request-credential';
import type { EnvVar } from './lookup';

/** `env` in plaintext: its secret values are sealed here, bound to the function (lib/secrets). */
export type VersionInput = { code: string; memoryMib: number; timeoutMs: number; env: EnvVar[]; note: string };

export const codeSha256 = (code: string) => createHash('sha256').update(code).digest('hex');

/** Locks one function row for the rest of the transaction (deploys, rollbacks and settings of it queue here). */
export async function lockFunction(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ServerlessFunction" WHERE "id" = ${id} AND "tenantId" = ${tenantId} AND "deletedAt" IS NULL FOR UPDATE`;
  return rows.length === 1;
}

export async function addActiveVersion(
  tx: Prisma.TransactionClient,
  fn: { id: string; tenantId: string },
  v: VersionInput,
  actorId: string,
): Promise<{ id: string; number: number }> {
  const last = await tx.functionVersion.findFirst({ where: { functionId: fn.id }, orderBy: { number: 'desc' }, select: { number: true } });
  const version = await tx.functionVersion.create({
    data: {
      functionId: fn.id,
      tenantId: fn.tenantId,
      number: (last?.number ?? 0) + 1,
      code: v.code,
      codeSha256: codeSha256(v.code),
      memoryMib: v.memoryMib,
      timeoutMs: v.timeoutMs,
      env: sealFunctionEnv(fn.id, v.env),
      note: v.note,
      createdById: actorId,
      // Made through an API token: its name, so that "Made by" says so (the token's owner is actorId).
      createdByTokenName: requestToken()?.name ?? null,
    },
    select: { id: true, number: true },
  });
  await tx.serverlessFunction.update({ where: { id: fn.id }, data: { activeVersionId: version.id } });
  return version;
}
