// Records the container catalogue in the database: the default flavors (only when missing, so admins' edits stay)
// and every image of the catalogue (refreshed from its definition).
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { DEFAULT_CONTAINER_FLAVORS, IMAGE_DEFINITIONS, OWN_IMAGE_ID } from './images';

export async function seedContainerCatalog(client: PrismaClient): Promise<void> {
  for (const f of DEFAULT_CONTAINER_FLAVORS) {
    await client.flavor.upsert({ where: { id: f.id }, create: { ...f, provider: 'docker', diskGib: 0 }, update: {} });
  }
  for (const [i, d] of IMAGE_DEFINITIONS.entries()) {
    const data = { provider: 'docker', name: d.name, ref: d.ref, description: d.description, defaultPorts: d.defaultPorts, readOnlyRoot: d.readOnlyRoot, sortOrder: i };
    await client.image.upsert({ where: { id: d.id }, create: { id: d.id, ...data }, update: data });
  }
  // Not offered in the list (inactive): the row containers run from a tenant's own image reference point at.
  const own = { provider: 'docker', name: 'own-image', ref: '', description: 'An image of your own, by reference', defaultPorts: [], readOnlyRoot: true, active: false, sortOrder: 1000 };
  await client.image.upsert({ where: { id: OWN_IMAGE_ID }, create: { id: OWN_IMAGE_ID, ...own }, update: own });
}
