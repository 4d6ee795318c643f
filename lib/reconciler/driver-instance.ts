// Builds the driver's view of an instance from its stored row (spec JSON parsed and checked once, here).
import type { Instance, Flavor, Image, Volume, VolumeAttachment } from '@/lib/generated/prisma/client';
import { EngineError, type DriverInstance, type EnvVar } from '@/lib/providers/types';
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

export function toDriverInstance(inst: InstanceWithRefs): DriverInstance {
  const spec = ZStoredSpec.parse(inst.spec);
  // Secrets are decrypted when a driver reads them (creating the engine object), not for observe, logs, stats or
  // terminals: plaintext stays out of memory where it is not needed, and a key problem surfaces in the create
  // step, whose failure the reconciler records as the instance's reason.
  let env: EnvVar[] | undefined;
  let userData: string | undefined;
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
    get env() {
      return (env ??= opened(() => openInstanceEnv(inst.id, spec.env)));
    },
    command: spec.command,
    entrypoint: spec.entrypoint,
    workingDir: spec.workingDir,
    user: spec.user,
    healthCheck: spec.healthCheck ?? undefined,
    get userData() {
      if (spec.userData === undefined) return undefined;
      return (userData ??= opened(() => openUserData(inst.id, spec.userData!)));
    },
    hostname: spec.hostname,
    sshPublicKeys: spec.sshPublicKeys,
    volumes: inst.volumeAttachments?.map((a) => ({ id: a.volumeId, sizeGib: a.volume.sizeGib, mountPath: a.mountPath, readOnly: a.readOnly })),
  };
}
