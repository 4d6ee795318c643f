// Flavors and images offered in the create wizard: data in the database, per provider.
import 'server-only';
import { db } from '@/lib/db/client';
import { providerForKind } from '@/lib/providers/registry';

export async function containerCatalog() {
  const provider = providerForKind('container');
  const [flavors, images] = await Promise.all([
    db().flavor.findMany({ where: { provider, active: true }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] }),
    db().image.findMany({ where: { provider, active: true }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] }),
  ]);
  return {
    flavors: flavors.map((f) => ({ id: f.id, name: f.name, description: f.description, cpuMillis: f.cpuMillis, memoryMib: f.memoryMib, diskGib: f.diskGib, pidsLimit: f.pidsLimit })),
    images: images.map((i) => ({ id: i.id, name: i.name, description: i.description, defaultPorts: i.defaultPorts })),
  };
}
export type ContainerCatalog = Awaited<ReturnType<typeof containerCatalog>>;
