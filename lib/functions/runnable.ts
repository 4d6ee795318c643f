// What the gateway needs to serve a function: the live function, its tenant and its active version, read in one
// query. Null when there is no such live function, it has no active version yet, or its tenant is being deleted; a
// suspended tenant's function is returned marked `suspended` (the gateway refuses it with tenant_suspended).
import 'server-only';
import { db } from '@/lib/db/client';
import { openFunctionEnv } from '@/lib/secrets/fields';
import { env } from '@/lib/env';
import type { RunnableFunction } from './types';

type EnvEntry = { name?: unknown; value?: unknown };

/** Version env rows ([{ name, value, secret }]) as the process environment the code sees. */
export function envRecord(env: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(env)) return out;
  for (const e of env as EnvEntry[]) {
    if (typeof e?.name === 'string' && e.name) out[e.name] = typeof e.value === 'string' ? e.value : String(e.value ?? '');
  }
  return out;
}

export async function loadRunnable(where: { tenantSlug: string; name: string } | { tenantId: string; functionId: string }): Promise<RunnableFunction | null> {
  const fn = await db().serverlessFunction.findFirst({
    where:
      'tenantSlug' in where
        ? { liveName: where.name, deletedAt: null, tenant: { slug: where.tenantSlug } }
        : { id: where.functionId, tenantId: where.tenantId, deletedAt: null },
    include: { tenant: { select: { slug: true, status: true, deletingAt: true, quota: { select: { maxFnRequestsPerSecond: true, maxFnContainers: true } } } } },
  });
  if (!fn || !fn.activeVersionId || fn.tenant.deletingAt) return null;
  const v = await db().functionVersion.findFirst({ where: { id: fn.activeVersionId, functionId: fn.id, tenantId: fn.tenantId } });
  if (!v) return null;
  return {
    tenantId: fn.tenantId,
    tenantSlug: fn.tenant.slug,
    functionId: fn.id,
    name: fn.name,
    access: fn.access,
    tokenHash: fn.tokenHash,
    concurrency: fn.concurrency,
    maxScale: fn.maxScale,
    idleSeconds: fn.idleSeconds,
    suspended: fn.tenant.status === 'suspended',
    // Read with the function (no extra query); a quota change reaches the gateway with the next refresh (≤ 5 s).
    limits: {
      functionRps: env().OVERCAST_FN_RATE_PER_FUNCTION,
      tenantRps: fn.tenant.quota?.maxFnRequestsPerSecond ?? env().OVERCAST_FN_RATE_PER_TENANT,
      tenantContainers: fn.tenant.quota?.maxFnContainers ?? env().OVERCAST_FN_CONTAINERS_PER_TENANT,
    },
    version: {
      id: v.id,
      number: v.number,
      code: v.code,
      codeSha256: v.codeSha256,
      memoryMib: v.memoryMib,
      timeoutMs: v.timeoutMs,
      // Decrypted here, once per load: the gateway caches the result, so warm requests decrypt nothing.
      env: envRecord(openFunctionEnv(fn.id, v.env)),
    },
  };
}
