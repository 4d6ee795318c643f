// What a user sends to create, deploy, configure or test a function, with the limits issue #6 fixed: names like
// instance names (1–40), code ≤ 256 KiB, memory 64–1024 MiB in the steps the UI offers, timeout 100 ms – 60 s.
import { z } from 'zod';
import { ZEnvList } from '@/lib/instances/spec';

export const FUNCTION_NAME_RULE = 'Use 1–40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen.';
export const CODE_MAX_BYTES = 256 * 1024;
export const MEMORY_STEPS_MIB = [64, 128, 256, 512, 1024] as const;
export const DEFAULT_MEMORY_MIB = 128;
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 3000;
export const ACCESS_MODES = ['public', 'token'] as const;

export const ZFunctionName = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(40, { error: FUNCTION_NAME_RULE })
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, { error: FUNCTION_NAME_RULE });

export const ZMemoryMib = z.coerce
  .number({ error: 'Choose a memory size.' })
  .refine((n) => (MEMORY_STEPS_MIB as readonly number[]).includes(n), { error: `Memory is one of ${MEMORY_STEPS_MIB.join(', ')} MiB.` });

export const ZTimeoutMs = z.coerce
  .number({ error: 'The timeout is a number of milliseconds.' })
  .int({ error: 'The timeout is a whole number of milliseconds.' })
  .min(TIMEOUT_MIN_MS, { error: 'The timeout is 100 ms to 60 s.' })
  .max(TIMEOUT_MAX_MS, { error: 'The timeout is 100 ms to 60 s.' });

export const ZAccess = z.enum(ACCESS_MODES, { error: 'Access is public or token.' });

/** The code's size is checked before this (code_too_large); here it only has to be text. */
export const ZCode = z.string({ error: 'Enter the function’s code.' }).min(1, { error: 'Enter the function’s code.' });

const ZScale = {
  concurrency: z.coerce.number().int().min(1, { error: 'Concurrency is 1 to 100.' }).max(100, { error: 'Concurrency is 1 to 100.' }),
  maxScale: z.coerce.number().int().min(1, { error: 'At most 1 to 10 containers.' }).max(10, { error: 'At most 1 to 10 containers.' }),
  idleSeconds: z.coerce
    .number()
    .int()
    .min(10, { error: 'Idle time is 10 s to 1 hour.' })
    .max(3600, { error: 'Idle time is 10 s to 1 hour.' }),
};

export const ZCreateFunction = z.object({
  name: ZFunctionName,
  runtime: z.literal('nodejs', { error: 'The runtime is nodejs.' }).default('nodejs'),
  code: ZCode,
  memoryMib: ZMemoryMib.default(DEFAULT_MEMORY_MIB),
  timeoutMs: ZTimeoutMs.default(DEFAULT_TIMEOUT_MS),
  access: ZAccess.default('public'),
  env: ZEnvList.default([]),
  concurrency: ZScale.concurrency.optional(),
  maxScale: ZScale.maxScale.optional(),
  idleSeconds: ZScale.idleSeconds.optional(),
});
export type TCreateFunction = z.infer<typeof ZCreateFunction>;

/** A deploy: new code; memory, timeout and env as the active version has them unless given. */
export const ZDeploy = z.object({
  code: ZCode,
  memoryMib: ZMemoryMib.optional(),
  timeoutMs: ZTimeoutMs.optional(),
  env: ZEnvList.optional(),
});
export type TDeploy = z.infer<typeof ZDeploy>;

/**
 * Settings. Memory, timeout and env belong to a version (a change makes a new version with the same code); access
 * and scaling belong to the function. An env value equal to the mask keeps the stored secret.
 */
export const ZSettings = z
  .object({
    memoryMib: ZMemoryMib.optional(),
    timeoutMs: ZTimeoutMs.optional(),
    env: ZEnvList.optional(),
    access: ZAccess.optional(),
    concurrency: ZScale.concurrency.optional(),
    maxScale: ZScale.maxScale.optional(),
    idleSeconds: ZScale.idleSeconds.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Change at least one setting.' });
export type TSettings = z.infer<typeof ZSettings>;

export const ZRollback = z.object({ versionId: z.string({ error: 'Choose a version.' }).min(1, { error: 'Choose a version.' }) });

const ZHeaderMap = z.record(z.string(), z.string()).default({});

/** A sample request for the Test panel: the same shape a handler receives. */
export const ZTestRequest = z.object({
  method: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,10}$/, { error: 'Use an HTTP method such as GET or POST.' })
    .default('GET'),
  path: z
    .string()
    .trim()
    .max(2048, { error: 'The path may be at most 2048 characters.' })
    .default('/')
    .transform((p) => (p.startsWith('/') ? p : `/${p}`)),
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  headers: ZHeaderMap,
  body: z.string().max(1024 * 1024, { error: 'The body may be at most 1 MiB.' }).default(''),
});
export type TTestRequest = z.infer<typeof ZTestRequest>;
