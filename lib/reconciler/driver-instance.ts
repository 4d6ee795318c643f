// Builds the driver's view of an instance from its stored row (spec JSON parsed and checked once, here).
import type { Instance, Flavor, Image } from '@/lib/generated/prisma/client';
import type { DriverInstance } from '@/lib/providers/types';
import { ZStoredSpec } from '@/lib/instances/spec';

export type InstanceWithRefs = Instance & { flavor: Flavor; image: Image };

export function toDriverInstance(inst: InstanceWithRefs): DriverInstance {
  const spec = ZStoredSpec.parse(inst.spec);
  return {
    id: inst.id,
    tenantId: inst.tenantId,
    name: inst.name,
    engineRef: inst.engineRef,
    image: { ref: inst.image.ref, readOnlyRoot: inst.image.readOnlyRoot },
    flavor: {
      cpuMillis: inst.flavor.cpuMillis,
      memoryMib: inst.flavor.memoryMib,
      diskGib: inst.flavor.diskGib,
      pidsLimit: inst.flavor.pidsLimit,
    },
    ports: spec.ports,
    env: spec.env,
    command: spec.command,
    userData: spec.userData,
    hostname: spec.hostname,
    sshPublicKeys: spec.sshPublicKeys,
  };
}
