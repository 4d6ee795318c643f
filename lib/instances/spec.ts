// What a user asks for when creating an instance (a container or a VM), and how it is stored (the provider-neutral spec).
import { z } from 'zod';
import { ZLabels } from '@/lib/labels/labels';
import { USER_DATA_MAX_BYTES } from '@/lib/providers/qemu/limits';
import { plaintextBytes } from '@/lib/secrets/format';
import { ZWizardVolumes } from '@/lib/volumes/spec';

export const NAME_RULE = 'Use 1–63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen.';

export const ZInstanceName = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(63, { error: NAME_RULE })
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, { error: NAME_RULE });

/** A JSON number (forms turn their text into numbers first: see lib/form-number.ts). */
export const ZPort = z
  .number({ error: 'Ports are numbers from 1 to 65535.' })
  .int({ error: 'Ports are whole numbers from 1 to 65535.' })
  .min(1, { error: 'Ports are numbers from 1 to 65535.' })
  .max(65535, { error: 'Ports are numbers from 1 to 65535.' });

export const ENV_MAX_TOTAL_BYTES = 32 * 1024;

export const ZEnvVar = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, { error: 'Variable names use letters, digits and _, not starting with a digit.' }),
  value: z.string().max(4096, { error: 'A value may be at most 4096 characters.' }),
  secret: z.boolean().default(false),
});

/** A list of environment variables (containers' and functions' alike): at most 50, 32 KiB in all, each name once. */
export const ZEnvList = z
  .array(ZEnvVar)
  .max(50, { error: 'At most 50 variables.' })
  .superRefine((env, ctx) => {
    const bytes = env.reduce((n, e) => n + e.name.length + e.value.length + 2, 0);
    if (bytes > ENV_MAX_TOTAL_BYTES) {
      ctx.addIssue({ code: 'custom', message: `Environment variables may total at most 32 KiB (these are ${Math.ceil(bytes / 1024)} KiB).` });
    }
    const names = env.map((e) => e.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'Each variable name only once.' });
  });

/** The fields every kind of instance is created with. */
const createCommon = {
  name: ZInstanceName,
  imageId: z.string({ error: 'Choose an image.' }).min(1, { error: 'Choose an image.' }),
  flavorId: z.string({ error: 'Choose a flavor.' }).min(1, { error: 'Choose a flavor.' }),
  ports: z
    .array(ZPort)
    .max(10, { error: 'At most 10 ports.' })
    .default([])
    .refine((p) => new Set(p).size === p.length, { error: 'Each port only once.' }),
  start: z.boolean().default(true),
  labels: ZLabels.default({}),
};

const ZArgv = (what: string) =>
  z
    .array(z.string({ error: `Each ${what} argument is text.` }).max(1024, { error: `A ${what} argument may be at most 1024 characters.` }), {
      error: `The ${what} is a list of arguments.`,
    })
    .max(50, { error: `At most 50 ${what} arguments.` });

export const WORKDIR_RULE = 'The working directory is an absolute path (starting with /), at most 255 characters.';
export const ZWorkingDir = z
  .string({ error: WORKDIR_RULE })
  .max(255, { error: WORKDIR_RULE })
  // Printable characters only (no newline or control character); empty means the image's.
  .regex(/^(\/[\x20-\x7e]*)?$/, { error: WORKDIR_RULE });

export const USER_RULE = 'A user is a name or a numeric id, optionally with :group (e.g. app, 1000 or 1000:1000).';
const USER_PART = '([a-z_][a-z0-9_-]{0,31}|[0-9]{1,9})';
/**
 * The user the main process runs as (empty: the image's). Any user is accepted, root (0) included: whoever it is,
 * every capability stays dropped, no-new-privileges holds and the root filesystem stays read-only.
 */
export const ZContainerUser = z
  .string({ error: USER_RULE })
  .trim()
  .max(65, { error: USER_RULE })
  .regex(new RegExp(`^(${USER_PART}(:${USER_PART})?)?$`), { error: USER_RULE });

const seconds = (what: string, min: number, max: number) =>
  z
    .number({ error: `The ${what} is a number of seconds from ${min} to ${max}.` })
    .int({ error: `The ${what} is a whole number of seconds from ${min} to ${max}.` })
    .min(min, { error: `The ${what} is a number of seconds from ${min} to ${max}.` })
    .max(max, { error: `The ${what} is a number of seconds from ${min} to ${max}.` });

export const HEALTH_PATH_RULE = 'The path starts with / and has no spaces (e.g. /healthz).';
const healthTiming = {
  intervalS: seconds('interval', 1, 3600).default(10),
  timeoutS: seconds('timeout', 1, 300).default(5),
  retries: z
    .number({ error: 'Retries is a whole number from 1 to 10.' })
    .int({ error: 'Retries is a whole number from 1 to 10.' })
    .min(1, { error: 'Retries is a whole number from 1 to 10.' })
    .max(10, { error: 'Retries is a whole number from 1 to 10.' })
    .default(3),
  startPeriodS: seconds('start period', 0, 3600).default(0),
};

/**
 * How the engine tells that a container is healthy: an HTTP GET answered 2xx/3xx, a TCP port accepting, or a command
 * exiting 0 (run inside the container, so it needs its program in the image). "running" means healthy.
 */
export const ZHealthCheck = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('http'),
      port: ZPort,
      path: z.string({ error: HEALTH_PATH_RULE }).max(1024, { error: HEALTH_PATH_RULE }).regex(/^\/[\x21-\x7e]*$/, { error: HEALTH_PATH_RULE }),
      ...healthTiming,
    }),
    z.strictObject({ type: z.literal('tcp'), port: ZPort, ...healthTiming }),
    z.strictObject({
      type: z.literal('command'),
      command: ZArgv('health check command').min(1, { error: 'Enter the command to run.' }),
      ...healthTiming,
    }),
  ],
  { error: 'The health check type is http, tcp or command.' },
);
export type THealthCheck = z.infer<typeof ZHealthCheck>;

/** An image reference as typed (checked against the engine and the tenant's namespace in lib/instances/image-ref.ts). */
export const ZImageRef = z
  .string({ error: 'Enter an image reference.' })
  .trim()
  .min(1, { error: 'Enter an image reference.' })
  .max(255, { error: 'An image reference is at most 255 characters.' });

/** The run settings of a container: what a deploy may change besides the image. */
export const containerRunSettings = {
  env: ZEnvList.default([]),
  command: ZArgv('command').default([]),
  entrypoint: ZArgv('entrypoint').default([]),
  workingDir: ZWorkingDir.default(''),
  user: ZContainerUser.default(''),
  healthCheck: ZHealthCheck.nullable().default(null),
};

export const ZCreateContainer = z
  .strictObject({
    kind: z.literal('container').optional(),
    ...createCommon,
    /** A catalogue image by id, or `image`: any reference of the catalogue or in the tenant's namespace. */
    imageId: z.string({ error: 'Choose an image.' }).optional(),
    image: ZImageRef.optional(),
    ...containerRunSettings,
    /** Volumes to attach: the tenant's own (by id) or new ones made with it (lib/volumes). */
    volumes: ZWizardVolumes,
  })
  .refine((b) => Boolean(b.imageId) !== Boolean(b.image), { error: 'Choose an image, or give an image reference (not both).', path: ['imageId'] });
export type TCreateContainer = z.infer<typeof ZCreateContainer>;

/** POST …/instances/{id}/deploy: a new image (and, optionally, new run settings; absent ones stay as they are). */
export const ZDeploy = z.strictObject({
  image: ZImageRef,
  env: containerRunSettings.env.optional(),
  command: containerRunSettings.command.optional(),
  entrypoint: containerRunSettings.entrypoint.optional(),
  workingDir: ZWorkingDir.optional(),
  user: ZContainerUser.optional(),
  healthCheck: ZHealthCheck.nullable().optional(),
});
export type TDeploy = z.infer<typeof ZDeploy>;

export const HOSTNAME_RULE = 'Use 1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen.';
/** A VM's user-data script is delivered through fw_cfg and kept in the instance's spec: bounded (the driver's limit). */
export { USER_DATA_MAX_BYTES };

/**
 * A size in KiB with one decimal, rounded up: the wizard's counter and the refusal say the same number, and a script
 * one byte over the limit reads "16.1", never "16.0" (the limit itself is accepted).
 */
export function kibText(bytes: number): string {
  return (Math.ceil((bytes * 10) / 1024) / 10).toFixed(1);
}

/** A DNS label (RFC 1123: may start with a digit); empty means "the instance's name". */
export const ZHostname = z
  .string({ error: HOSTNAME_RULE })
  .trim()
  .max(63, { error: HOSTNAME_RULE })
  .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$/, { error: HOSTNAME_RULE });

/** The sizes a flavor allows for a VM's boot disk: its own size up to its maximum (fixed when that is not larger). */
export function diskBounds(flavor: { diskGib: number; maxDiskGib: number }): { min: number; max: number } {
  return { min: flavor.diskGib, max: Math.max(flavor.diskGib, flavor.maxDiskGib) };
}

/** The guest port SSH images always forward. */
export const SSH_PORT = 22;
export const MAX_VM_SSH_KEYS = 20;

const DISK_RULE = 'The disk size is a whole number of GiB.';

export const ZCreateVm = z.strictObject({
  kind: z.literal('vm').optional(),
  ...createCommon,
  /** The boot disk's size in GiB, within the flavor's bounds (checked against the flavor); the flavor's when absent. */
  diskGib: z.number({ error: DISK_RULE }).int({ error: DISK_RULE }).min(1, { error: DISK_RULE }).max(65536, { error: DISK_RULE }).optional(),
  hostname: ZHostname.optional(),
  userData: z
    .string({ error: 'User-data is a script (text).' })
    .optional()
    .refine((s) => s === undefined || new TextEncoder().encode(s).length <= USER_DATA_MAX_BYTES, {
      error: (issue) =>
        `User-data may be at most ${USER_DATA_MAX_BYTES / 1024} KiB (this is ${kibText(new TextEncoder().encode(String(issue.input)).length)} KiB).`,
    }),
  /** Ids of the signed-in user's saved SSH keys. */
  sshKeyIds: z
    .array(z.string({ error: 'SSH key ids are strings.' }).min(1).max(100), { error: 'sshKeyIds is a list of your SSH key ids.' })
    .max(MAX_VM_SSH_KEYS, { error: `At most ${MAX_VM_SSH_KEYS} SSH keys.` })
    .default([]),
  /** Public keys pasted for this VM only (validated like saved keys). */
  sshPublicKeys: z
    .array(z.string({ error: 'Each SSH public key is one line of text.' }).max(10_000, { error: 'This is too long for an SSH public key.' }), {
      error: 'sshPublicKeys is a list of OpenSSH public keys.',
    })
    .max(MAX_VM_SSH_KEYS, { error: `At most ${MAX_VM_SSH_KEYS} SSH keys.` })
    .default([]),
  /** Volumes to attach as extra virtio disks (/dev/vdb … in the order of their `mountPath`, which names them only). */
  volumes: ZWizardVolumes,
});
export type TCreateVm = z.infer<typeof ZCreateVm>;

/** Which kind a create request is for: `kind` in the body, a container when absent (the rest is checked after). */
export const ZCreateKind = z.object({
  kind: z.enum(['container', 'vm'], { error: 'The kind must be container or vm.' }).default('container'),
});

export const ZStoredSpec = z.object({
  ports: z.array(z.object({ port: z.number().int(), protocol: z.literal('tcp') })).default([]),
  env: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() })).default([]),
  command: z.array(z.string()).default([]),
  /** Containers only: the image reference run instead of the catalogue image's (any image of the tenant's). */
  imageRef: z.string().optional(),
  entrypoint: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  user: z.string().optional(),
  healthCheck: ZHealthCheck.nullable().optional(),
  /** VMs only: the user-data script (stored sealed: lib/secrets). */
  userData: z.string().optional(),
  /** VMs only: the guest's hostname (the instance's name when absent). */
  hostname: z.string().optional(),
  /** VMs only: authorized_keys lines copied at create time (deleting a saved key later does not change the VM). */
  sshPublicKeys: z.array(z.string()).optional(),
});
export type TStoredSpec = z.infer<typeof ZStoredSpec>;

export const SECRET_MASK = '••••••••';

/**
 * The spec as shown to people and API clients: secret values never leave the server, and a VM's user-data (a
 * script that may hold secrets, stored encrypted) only reaches those allowed to read secrets (not read-only
 * viewers): `openUserData` decrypts it for them; without it only its size is shown (known without the key).
 */
export function publicSpec(spec: unknown, o: { openUserData: ((stored: string) => string) | null }): TStoredSpec & { userDataBytes?: number } {
  const s = ZStoredSpec.parse(spec);
  const env = s.env.map((e) => (e.secret ? { ...e, value: SECRET_MASK } : e));
  if (s.userData === undefined) return { ...s, env };
  if (o.openUserData) return { ...s, env, userData: o.openUserData(s.userData) };
  return { ...s, env, userData: SECRET_MASK, userDataBytes: plaintextBytes(s.userData) };
}
