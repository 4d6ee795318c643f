// Flavors and images offered in the create wizard: data in the database, per provider (the one running each kind).
import 'server-only';
import { db } from '@/lib/db/client';
import { providerForKind } from '@/lib/providers/registry';
import type { InstanceKind } from '@/lib/generated/prisma/enums';

export async function catalogFor(kind: InstanceKind) {
  const provider = providerForKind(kind);
  const [flavors, images] = await Promise.all([
    db().flavor.findMany({ where: { provider, active: true }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] }),
    db().image.findMany({ where: { provider, active: true }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] }),
  ]);
  return {
    kind,
    provider,
    flavors: flavors.map((f) => ({ id: f.id, name: f.name, description: f.description, cpuMillis: f.cpuMillis, memoryMib: f.memoryMib, diskGib: f.diskGib, maxDiskGib: f.maxDiskGib, pidsLimit: f.pidsLimit })),
    images: images.map((i) => ({ id: i.id, name: i.name, description: i.description, defaultPorts: i.defaultPorts, minMemoryMib: i.minMemoryMib, sshUser: i.sshUser })),
  };
}
export type KindCatalog = Awaited<ReturnType<typeof catalogFor>>;
