// Builds the driver's view of an instance from its stored row (spec JSON parsed and checked once, here).
import type { Instance, Flavor, Image, Volume, VolumeAttachment } from '@/lib/generated/prisma/client';
import { EngineError, type Driver, type DriverInstance, type SealedTextField, type SpecSource } from '@/lib/providers/types';
import { driverFor } from '@/lib/providers/registry';
import { ZStoredSpec } from '@/lib/instances/spec';
import { openInstanceEnv, openUserData } from '@/lib/secrets/fields';

export type InstanceWithRefs = Instance & { flavor: Flavor; image: Image; volumeAttachments?: (VolumeAttachment & { volume: Volume })[] };

/** What the reconciler loads with an instance (its volumes too, so a change of attachments is seen). */
export const INSTANCE_REFS = { flavor: true, image: true, volumeAttachments: { include: { volume: true } } } as const;

/** A secret that cannot be opened is the instance's error (shown as its reason), not a bug of the reconciler. */
function opened<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new EngineError((err as Error).message, false);
  }
}

/**
 * The driver's view of an instance: the shared fields from the row, and the driver's own spec (`driver.specOf`, the
 * instance's provider's driver unless given) from its stored spec. Secrets are decrypted when a driver reads them
 * (creating the engine object), not for observe, logs, stats or terminals: plaintext stays out of memory where it is
 * not needed, and a key problem surfaces in the create step, whose failure the reconciler records as the reason.
 */
export function toDriverInstance(inst: InstanceWithRefs): DriverInstance;
export function toDriverInstance<S>(inst: InstanceWithRefs, driver: Driver<S>): DriverInstance<S>;
export function toDriverInstance(inst: InstanceWithRefs, driver: Driver = driverFor(inst.provider)): DriverInstance {
  const spec = ZStoredSpec.parse(inst.spec);
  const source: SpecSource = {
    stored: spec,
    openEnv: () => opened(() => openInstanceEnv(inst.id, spec.env)),
    openText: (field: SealedTextField) => {
      const sealed = spec[field];
      return sealed === undefined ? undefined : opened(() => openUserData(inst.id, sealed));
    },
  };
  return {
    id: inst.id,
    tenantId: inst.tenantId,
    name: inst.name,
    engineRef: inst.engineRef,
    image: { ref: spec.imageRef ?? inst.image.ref, readOnlyRoot: inst.image.readOnlyRoot },
    flavor: {
      cpuMillis: inst.flavor.cpuMillis,
      memoryMib: inst.flavor.memoryMib,
      // The instance's own boot disk size (chosen at create, the flavor's by default).
      diskGib: inst.diskGib,
      pidsLimit: inst.flavor.pidsLimit,
    },
    ports: spec.ports,
    volumes: inst.volumeAttachments?.map((a) => ({ id: a.volumeId, sizeGib: a.volume.sizeGib, mountPath: a.mountPath, readOnly: a.readOnly })),
    spec: driver.specOf(source),
  };
}
