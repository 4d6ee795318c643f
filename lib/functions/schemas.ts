// What a user sends to create, deploy, configure or test a function, with the limits issue #6 fixed: names like
// instance names (1–40), code ≤ 256 KiB, memory 64–1024 MiB in the steps the UI offers, timeout 100 ms – 60 s.
import { z } from 'zod';
import { ZLabels } from '@/lib/labels/labels';
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

// Numbers are JSON numbers: the console's forms send numbers too (lib/form-number.ts), never "128" or true.
export const ZMemoryMib = z
  .number({ error: 'Choose a memory size.' })
  .refine((n) => (MEMORY_STEPS_MIB as readonly number[]).includes(n), { error: `Memory is one of ${MEMORY_STEPS_MIB.join(', ')} MiB.` });

export const ZTimeoutMs = z
  .number({ error: 'The timeout is a number of milliseconds.' })
  .int({ error: 'The timeout is a whole number of milliseconds.' })
  .min(TIMEOUT_MIN_MS, { error: 'The timeout is 100 ms to 60 s.' })
  .max(TIMEOUT_MAX_MS, { error: 'The timeout is 100 ms to 60 s.' });

export const ZAccess = z.enum(ACCESS_MODES, { error: 'Access is public or token.' });

/** The code's size is checked before this (code_too_large); here it only has to be text. */
export const ZCode = z.string({ error: 'Enter the function’s code.' }).min(1, { error: 'Enter the function’s code.' });

const ZScale = {
  concurrency: z.number({ error: 'Concurrency is 1 to 100.' }).int().min(1, { error: 'Concurrency is 1 to 100.' }).max(100, { error: 'Concurrency is 1 to 100.' }),
  maxScale: z.number({ error: 'At most 1 to 10 containers.' }).int().min(1, { error: 'At most 1 to 10 containers.' }).max(10, { error: 'At most 1 to 10 containers.' }),
  idleSeconds: z
    .number({ error: 'Idle time is 10 s to 1 hour.' })
    .int()
    .min(10, { error: 'Idle time is 10 s to 1 hour.' })
    .max(3600, { error: 'Idle time is 10 s to 1 hour.' }),
};

export const ZCreateFunction = z.strictObject({
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
  labels: ZLabels.default({}),
});
export type TCreateFunction = z.infer<typeof ZCreateFunction>;

/** A deploy: new code; memory, timeout and env as the active version has them unless given. */
export const ZDeploy = z.strictObject({
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
  .strictObject({
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

export const ZRollback = z.strictObject({
  versionId: z.string({ error: 'Choose a version.' }).min(1, { error: 'Choose a version.' }).max(100, { error: 'Choose one of this function’s versions.' }),
});

/** Headers and query of a sample request: bounded like the body (a request line and headers a server would take). */
const ZHeaderMap = z
  .record(z.string().max(256, { error: 'A header name may be at most 256 characters.' }), z.string().max(8192, { error: 'A header value may be at most 8 KiB.' }))
  .refine((h) => Object.keys(h).length <= 100, { error: 'At most 100 headers.' })
  .default({});
const ZQueryValue = z.string().max(8192, { error: 'A query value may be at most 8 KiB.' });

/** A sample request for the Test panel: the same shape a handler receives. */
export const ZTestRequest = z.strictObject({
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
  query: z
    .record(z.string().max(256, { error: 'A query name may be at most 256 characters.' }), z.union([ZQueryValue, z.array(ZQueryValue).max(100)]))
    .refine((q) => Object.keys(q).length <= 100, { error: 'At most 100 query parameters.' })
    .default({}),
  headers: ZHeaderMap,
  body: z.string().max(1024 * 1024, { error: 'The body may be at most 1 MiB.' }).default(''),
});
export type TTestRequest = z.infer<typeof ZTestRequest>;
