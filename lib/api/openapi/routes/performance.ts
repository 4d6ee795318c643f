// OpenAPI entries: the platform's measured performance and the VM / container / function comparison.
import { z } from 'zod';
import { ZCompareWorkload } from '@/lib/performance/compare';
import type { RouteDocs } from '../types';

const ZSummary = z.object({ n: z.number().int(), p50: z.number(), p90: z.number() }).nullable();
const ZMemory = z.object({ n: z.number().int(), p50: z.number(), p90: z.number(), nominalMib: z.number() }).nullable();
const ZInstanceColumn = z.object({
  kind: z.enum(['vm', 'container']),
  available: z.boolean(),
  reason: z.string().nullable(),
  flavor: z.object({ id: z.string(), name: z.string(), vcpus: z.number(), memoryMib: z.number(), diskGib: z.number() }).nullable(),
  monthlyMinor: z.number().int().nullable(),
  readyMs: ZSummary,
  memoryMib: ZMemory,
});

export const performanceRoutes: RouteDocs = {
  'GET performance': {
    tag: 'Performance',
    summary: 'This platform’s measured performance',
    description:
      'Create → ready (ms; for VMs until the guest reports ready) and host memory in use a moment after ready (MiB; a container’s working set against its limit, a VM’s QEMU resident set against its guest memory) per kind, image and flavor; function cold starts (by stem cell or new container) and the platform’s part of a warm call (ms) per memory size. p50/p90 by nearest rank over the last `samplesKept` samples per key. Platform-wide (no tenant data); any signed-in user.',
    access: 'user',
    response: {
      status: 200,
      description: 'The figures.',
      schema: z.object({
        samplesKept: z.number().int(),
        instances: z.array(z.object({ kind: z.enum(['container', 'vm']), image: z.object({ id: z.string(), name: z.string() }), flavor: z.object({ id: z.string(), name: z.string() }), readyMs: ZSummary, memoryMib: ZMemory })),
        functions: z.array(z.object({ memoryMib: z.number().int(), coldStartMs: ZSummary, coldStartStemMs: ZSummary, coldStartCreateMs: ZSummary, warmOverheadMs: ZSummary })),
      }),
    },
  },
  'POST performance/compare': {
    tag: 'Performance',
    summary: 'A workload as a VM, a container and a function',
    description:
      'Each column takes the smallest active flavor with the vCPUs and memory (the function the smallest memory size with the memory), priced a month always on (the function at the requests and mean duration given) under the billing price list, in minor units, with this platform’s measured time to ready, cold start and memory. `breakEvenRequests`: the fewest requests a month at which the function costs more than the always-on container (null: never up to 10¹²). Nothing is written.',
    access: 'user',
    body: ZCompareWorkload,
    response: {
      status: 200,
      description: 'The three columns and the break-even.',
      schema: z.object({
        catalog: z.string(),
        currency: z.string(),
        minorUnits: z.number().int(),
        vm: ZInstanceColumn,
        container: ZInstanceColumn,
        function: z.object({ kind: z.literal('function'), available: z.boolean(), reason: z.string().nullable(), memoryMib: z.number().int().nullable(), monthlyMinor: z.number().int().nullable(), coldStartMs: ZSummary, warmOverheadMs: ZSummary }),
        breakEvenRequests: z.number().int().nullable(),
        breakEvenText: z.string(),
      }),
    },
  },
  'GET tenants/[slug]/functions/[id]/always-on': {
    tag: 'Performance',
    summary: 'A function’s month as an always-on container',
    description:
      'The function’s metered requests and GB-seconds this month (UTC), priced as a function on its own, and what the smallest container with its memory and ½ vCPU costs always on, so far this month and for a whole month. Any member.',
    access: 'tenant',
    response: {
      status: 200,
      description: 'The function’s month and the container’s.',
      schema: z.object({
        month: z.string(),
        requests: z.number().int(),
        gbSeconds: z.number(),
        functionMinor: z.number().int().nullable(),
        alwaysOn: z.object({ flavor: z.object({ id: z.string(), name: z.string() }).loose(), monthToDateMinor: z.number().int().nullable(), monthlyMinor: z.number().int().nullable() }).nullable(),
      }).loose(),
    },
  },
};
