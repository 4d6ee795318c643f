// Registry storage against the quota (Quota.maxRegistryGib): an organisation's images with shared layers counted
// once. Checked when a push token is asked for: over the quota, the token grants pull only, so the registry refuses
// the push (nothing else can stop a push midway without the registry's help).
import 'server-only';
import { db } from '@/lib/db/client';
import { tenantRegistryBytes } from './images';
import { lastRegistryBytes, noteRegistryBytes } from './usage';

/**
 * Bytes the tenant's images take (each measurement is recorded for billing); when the registry cannot be asked,
 * null, with the level last measured (`lastBytes`) if there is one.
 */
export async function registryUsage(tenantId: string): Promise<{ bytes: number | null; limitBytes: number; lastBytes?: { bytes: number; measuredAt: Date } | null }> {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { slug: true, quota: { select: { maxRegistryGib: true } } } });
  const limitBytes = (t?.quota?.maxRegistryGib ?? 0) * 1024 ** 3;
  if (!t) return { bytes: 0, limitBytes };
  let bytes: number;
  try {
    bytes = await tenantRegistryBytes(t.slug);
  } catch {
    return { bytes: null, limitBytes, lastBytes: await lastRegistryBytes(tenantId) };
  }
  await noteRegistryBytes(tenantId, bytes);
  return { bytes, limitBytes };
}

/** Whether the tenant may push more (under its quota; an unreachable registry refuses the push by itself anyway). */
export async function mayPush(tenantId: string): Promise<boolean> {
  const u = await registryUsage(tenantId);
  return u.bytes === null || u.bytes < u.limitBytes;
}
