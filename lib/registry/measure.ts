// Measures every organisation's registry storage from one listing of the registry and records it for billing (the
// billing loop runs it every few minutes; the Images page and push tokens measure their own tenant in between). An
// organisation that had images and has none now is recorded at zero, so its metering stops.
import 'server-only';
import { db } from '@/lib/db/client';
import { registryBytesBySlug } from './images';
import { noteRegistryBytes } from './usage';
import { registrySettings } from './settings';

/** Returns how many organisations were recorded; 0 (nothing asked) when the console runs without a registry. */
export async function measureRegistryStorage(now = new Date()): Promise<number> {
  if (!registrySettings().enabled) return 0;
  const bySlug = await registryBytesBySlug();
  const tenants = await db().tenant.findMany({
    where: { OR: [{ slug: { in: [...bySlug.keys()] } }, { registryStorage: { isNot: null } }] },
    select: { id: true, slug: true },
  });
  for (const t of tenants) await noteRegistryBytes(t.id, bySlug.get(t.slug) ?? 0, now);
  return tenants.length;
}
