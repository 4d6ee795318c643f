// What a user asks for about volumes: a name and a size, and where an attached volume appears in a container. Pure
// (the wizard checks with it in the browser). A mount path is a path inside the container only: it never names a
// host path (the host side follows from the volume's id alone, lib/providers/volumes/store.ts).
import { z } from 'zod';

const VOLUME_NAME_RULE = 'Use 1–63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen.';

/** A volume's name (the same rule as instances'; kept here so that the instance schema may import this file). */
export const ZVolumeName = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(63, { error: VOLUME_NAME_RULE })
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, { error: VOLUME_NAME_RULE });

export const VOLUME_MIN_GIB = 1;
export const VOLUME_MAX_GIB = 512;
/** Volumes one instance may have attached. */
export const MAX_VOLUMES_PER_INSTANCE = 4;
/** Snapshots one volume keeps. */
export const MAX_SNAPSHOTS_PER_VOLUME = 10;

export const ZVolumeSize = z
  .number({ error: `The size is a whole number of GiB from ${VOLUME_MIN_GIB} to ${VOLUME_MAX_GIB}.` })
  .int({ error: `The size is a whole number of GiB from ${VOLUME_MIN_GIB} to ${VOLUME_MAX_GIB}.` })
  .min(VOLUME_MIN_GIB, { error: `The size is a whole number of GiB from ${VOLUME_MIN_GIB} to ${VOLUME_MAX_GIB}.` })
  .max(VOLUME_MAX_GIB, { error: `The size is a whole number of GiB from ${VOLUME_MIN_GIB} to ${VOLUME_MAX_GIB}.` });

export const ZCreateVolume = z.strictObject({ name: ZVolumeName, sizeGib: ZVolumeSize });
export type TCreateVolume = z.infer<typeof ZCreateVolume>;

export const ZResizeVolume = z.strictObject({ sizeGib: ZVolumeSize });

/** Places a volume may not cover: the kernel's and the engine's own, and the root. */
const RESERVED = ['/proc', '/sys', '/dev', '/run', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf'];

export const MOUNT_PATH_RULE = 'An absolute path such as /data: letters, digits, “.”, “_”, “-” and “/”, without “..”.';

export const ZMountPath = z
  .string({ error: 'Enter the path where the volume appears, such as /data.' })
  .trim()
  .min(2, { error: 'Enter the path where the volume appears, such as /data.' })
  .max(200, { error: 'A mount path has at most 200 characters.' })
  .regex(/^(\/[A-Za-z0-9._-]+)+$/, { error: MOUNT_PATH_RULE })
  .refine((p) => !p.split('/').some((seg) => seg === '.' || seg === '..'), { error: MOUNT_PATH_RULE })
  .refine((p) => !RESERVED.some((r) => p === r || p.startsWith(`${r}/`)) && p !== '/tmp', {
    error: 'This path belongs to the system (/proc, /sys, /dev, /run, /tmp …): choose another, such as /data.',
  });

export const ZAttachVolume = z.strictObject({
  instanceId: z.string({ error: 'Choose an instance.' }).min(1, { error: 'Choose an instance.' }),
  mountPath: ZMountPath,
  readOnly: z.boolean().default(false),
});
export type TAttachVolume = z.infer<typeof ZAttachVolume>;

/** A volume in the create wizard: an existing one of the tenant's, or a new one made with the instance. */
export const ZWizardVolume = z.union([
  z.strictObject({ volumeId: z.string().min(1, { error: 'Choose a volume.' }), mountPath: ZMountPath, readOnly: z.boolean().default(false) }),
  z.strictObject({ create: ZCreateVolume, mountPath: ZMountPath, readOnly: z.boolean().default(false) }),
]);
export type TWizardVolume = z.infer<typeof ZWizardVolume>;

export const ZWizardVolumes = z
  .array(ZWizardVolume)
  .max(MAX_VOLUMES_PER_INSTANCE, { error: `At most ${MAX_VOLUMES_PER_INSTANCE} volumes per instance.` })
  .default([])
  .refine((vs) => new Set(vs.map((v) => v.mountPath)).size === vs.length, { error: 'Each mount path only once.' });
