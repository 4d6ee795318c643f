// Changing a function's settings. Memory, timeout and env belong to a version: changing any of them adds a version
// with the same code (note "settings"). Access and scaling belong to the function. Turning token access on makes
// a token (returned once); turning it off forgets the hash.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { ZSettings } from './schemas';
import { findTenantFunction, mergeEnv } from './lookup';
import { openFunctionEnv } from '@/lib/secrets/fields';
import { addActiveVersion, lockFunction } from './versions';
import { newInvokeToken } from './token';
import { invalidateFunction } from './cache';

export type SettingsResult = { versionNumber: number | null; token: string | null; changed: string[] };

export async function updateFunctionSettings(ctx: TenantContext, id: string, input: unknown): Promise<SettingsResult> {
  authorize(ctx, 'function.deploy');
  await findTenantFunction(ctx, id);
  const s = parseInput(ZSettings, input);
  const result = await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    const fn = await tx.serverlessFunction.findUniqueOrThrow({ where: { id } });
    const active = fn.activeVersionId ? await tx.functionVersion.findUnique({ where: { id: fn.activeVersionId } }) : null;
    const changed: string[] = [];
    let versionNumber: number | null = null;
    if (active && (s.memoryMib !== undefined || s.timeoutMs !== undefined || s.env !== undefined)) {
      // Compared in plaintext: sealing the same value twice gives different ciphertexts.
      const before = openFunctionEnv(id, active.env);
      const env = s.env ? mergeEnv(s.env, before) : before;
      const next = { memoryMib: s.memoryMib ?? active.memoryMib, timeoutMs: s.timeoutMs ?? active.timeoutMs };
      if (next.memoryMib !== active.memoryMib) changed.push('memoryMib');
      if (next.timeoutMs !== active.timeoutMs) changed.push('timeoutMs');
      if (JSON.stringify(env) !== JSON.stringify(before)) changed.push('env');
      if (changed.length) {
        versionNumber = (await addActiveVersion(tx, fn, { code: active.code, ...next, env, note: 'settings' }, ctx.user.id)).number;
      }
    }
    let token: string | null = null;
    const data: { access?: 'public' | 'token'; tokenHash?: string | null; concurrency?: number; maxScale?: number; idleSeconds?: number } = {};
    if (s.access && s.access !== fn.access) {
      changed.push('access');
      data.access = s.access;
      if (s.access === 'token') {
        const t = newInvokeToken();
        token = t.token;
        data.tokenHash = t.hash;
      } else {
        data.tokenHash = null;
      }
    }
    for (const key of ['concurrency', 'maxScale', 'idleSeconds'] as const) {
      if (s[key] !== undefined && s[key] !== fn[key]) {
        changed.push(key);
        data[key] = s[key];
      }
    }
    if (Object.keys(data).length) await tx.serverlessFunction.update({ where: { id }, data });
    if (changed.length) {
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorId: ctx.user.id,
        action: 'function.settings_changed',
        targetType: 'function',
        targetId: id,
        metadata: { name: fn.name, changed, version: versionNumber },
      });
    }
    return { versionNumber, token, changed };
  });
  if (result.changed.length) invalidateFunction(id);
  return result;
}
