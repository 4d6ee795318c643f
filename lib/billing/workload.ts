// Validation of a workload to estimate (API, calculator, CLI): absurd or negative quantities are refused with a
// message per field instead of producing an absurd price.
import { z } from 'zod';
import type { Workload } from './estimate';

const num = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number.` })
    .refine(Number.isFinite, `${what} must be a number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max.toLocaleString('en-US')}.`);

const label = z.string().trim().max(80).optional();
const provider = z.string().trim().regex(/^[a-z][a-z0-9-]{0,31}$/, 'Provider must be an id like docker, qemu or functions.');

export const ZInstanceItem = z.strictObject({
  type: z.literal('instance'),
  label,
  provider,
  flavor: z.strictObject({
    name: z.string().trim().min(1, 'Flavor name is required.').max(64),
    vcpus: num('vCPUs', 0, 1024),
    memoryGib: num('Memory (GiB)', 0, 16384),
  }),
  diskGib: num('Disk (GiB)', 0, 65536).optional(),
  count: num('Count', 0, 100_000).int('Count must be a whole number.').optional(),
  hours: num('Hours', 0, 744).optional(),
  diskHours: num('Disk hours', 0, 744).optional(),
});

export const ZFunctionItem = z.strictObject({
  type: z.literal('function'),
  label,
  provider,
  requests: num('Requests', 0, 1e13).int('Requests must be a whole number.'),
  durationMs: num('Duration (ms)', 0, 900_000),
  memoryMb: num('Memory (MB)', 64, 10_240),
});

export const ZWorkload = z.strictObject({
  items: z
    .array(z.discriminatedUnion('type', [ZInstanceItem, ZFunctionItem], { error: 'Each item needs type "instance" or "function".' }))
    .max(10_000, 'At most 10,000 items.'),
}) satisfies z.ZodType<Workload>;
