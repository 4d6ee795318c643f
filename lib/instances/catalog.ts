// Flavors and images offered in the create wizard: data in the database, per provider (the one running each kind).
import 'server-only';
import { db } from '@/lib/db/client';
import { providerForKind } from '@/lib/providers/registry';
import type { InstanceKind } from '@/lib/generated/prisma/enums';
import type { Flavor, Image } from '@/lib/generated/prisma/client';

function catalogOf(kind: InstanceKind, flavors: Flavor[], images: Image[]) {
  const provider = providerForKind(kind);
  return {
    kind,
    provider,
    flavors: flavors
      .filter((f) => f.provider === provider)
      .map((f) => ({ id: f.id, name: f.name, description: f.description, cpuMillis: f.cpuMillis, memoryMib: f.memoryMib, diskGib: f.diskGib, maxDiskGib: f.maxDiskGib, pidsLimit: f.pidsLimit })),
    images: images
      .filter((i) => i.provider === provider)
      .map((i) => ({ id: i.id, name: i.name, description: i.description, defaultPorts: i.defaultPorts, minMemoryMib: i.minMemoryMib, sshUser: i.sshUser })),
  };
}
export type KindCatalog = ReturnType<typeof catalogOf>;

/** What the kinds' providers offer, two queries for all of them (the wizard shows every kind's catalog). */
export async function catalogsFor<K extends InstanceKind>(kinds: readonly K[]): Promise<Record<K, KindCatalog>> {
  const providers = kinds.map(providerForKind);
  const order = [{ sortOrder: 'asc' as const }, { name: 'asc' as const }];
  const [flavors, images] = await Promise.all([
    db().flavor.findMany({ where: { provider: { in: providers }, active: true }, orderBy: order }),
    db().image.findMany({ where: { provider: { in: providers }, active: true }, orderBy: order }),
  ]);
  return Object.fromEntries(kinds.map((k) => [k, catalogOf(k, flavors, images)])) as Record<K, KindCatalog>;
}

export async function catalogFor(kind: InstanceKind): Promise<KindCatalog> {
  return (await catalogsFor([kind]))[kind];
}
