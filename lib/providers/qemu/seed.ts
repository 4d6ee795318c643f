// Records the VM catalogue in the database: the default VM flavors (only when missing, so admins' edits stay) and
// every VM image of the catalogue (refreshed from its definition; Image.ref names the built image's directory).
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { VM_IMAGE_DEFINITIONS } from './images';

/** Whole vCPUs (QEMU -smp), guest memory, and the size of the VM's copy-on-write disk (default, and the largest a user may choose). */
export const DEFAULT_VM_FLAVORS = [
  { id: 'qemu-tiny', name: 'v1.tiny', description: '1 vCPU, 128 MiB, 1 GiB disk', cpuMillis: 1000, memoryMib: 128, diskGib: 1, maxDiskGib: 10, sortOrder: 1 },
  { id: 'qemu-small', name: 'v1.small', description: '1 vCPU, 256 MiB, 5 GiB disk', cpuMillis: 1000, memoryMib: 256, diskGib: 5, maxDiskGib: 20, sortOrder: 2 },
  { id: 'qemu-medium', name: 'v1.medium', description: '2 vCPUs, 512 MiB, 10 GiB disk', cpuMillis: 2000, memoryMib: 512, diskGib: 10, maxDiskGib: 40, sortOrder: 3 },
];

export async function seedVmCatalog(client: PrismaClient): Promise<void> {
  for (const f of DEFAULT_VM_FLAVORS) {
    await client.flavor.upsert({ where: { id: f.id }, create: { ...f, provider: 'qemu', pidsLimit: 0 }, update: {} });
  }
  for (const [i, d] of VM_IMAGE_DEFINITIONS.entries()) {
    const data = { provider: 'qemu', name: d.name, ref: d.name, description: d.description, defaultPorts: d.defaultPorts, readOnlyRoot: false, minMemoryMib: d.minMemoryMib, sshUser: d.sshUser, sortOrder: i };
    await client.image.upsert({ where: { id: d.id }, create: { id: d.id, ...data }, update: data });
  }
}
