// One workload priced and timed three ways — an always-on VM, an always-on container and a function — from the
// price list and this platform's own measurements. Pure (no I/O): the API, the calculator and the function page
// compute the same figures. Money comes from estimate(), so every amount is rounded exactly as bills are.
import { z } from 'zod';
import { estimate, type Catalog } from '@/lib/billing/estimate';
import { formatMoney } from '@/lib/billing/units';
import { MEMORY_STEPS_MIB, TIMEOUT_MAX_MS } from '@/lib/functions/schemas';
import { formatDuration, type Summary } from './summary';

/** Above this many requests a month the break-even search stops: a function cheaper still is cheaper at any volume anyone runs. */
export const BREAK_EVEN_MAX_REQUESTS = 1_000_000_000_000;

export const ZCompareWorkload = z.strictObject({
  vcpus: z
    .number({ error: 'vCPUs is a number.' })
    .min(0.25, { error: 'vCPUs is 0.25 to 64.' })
    .max(64, { error: 'vCPUs is 0.25 to 64.' })
    .refine((v) => Number.isInteger(v * 4), { error: 'vCPUs go in steps of 0.25.' }),
  memoryMib: z.number({ error: 'Memory is a number of MiB.' }).int({ error: 'Memory is a whole number of MiB.' }).min(64, { error: 'Memory is 64 MiB to 256 GiB.' }).max(262_144, { error: 'Memory is 64 MiB to 256 GiB.' }),
  requestsPerMonth: z
    .number({ error: 'Requests a month is a number.' })
    .int({ error: 'Requests a month is a whole number.' })
    .min(0, { error: 'Requests a month cannot be negative.' })
    .max(BREAK_EVEN_MAX_REQUESTS, { error: 'Requests a month is at most 10¹².' }),
  meanDurationMs: z.number({ error: 'Mean duration is a number of milliseconds.' }).min(1, { error: 'Mean duration is 1 ms to 15 min.' }).max(900_000, { error: 'Mean duration is 1 ms to 15 min.' }),
});
export type TCompareWorkload = z.output<typeof ZCompareWorkload>;

export type CompareFlavor = { id: string; provider: string; name: string; cpuMillis: number; memoryMib: number; diskGib: number };

/** The platform's measurements, looked up by what the workload would run as. */
export type CompareFigures = {
  ready(kind: 'container' | 'vm', flavorId: string): Summary | null;
  memory(kind: 'container' | 'vm', flavorId: string): (Summary & { nominalMib: number }) | null;
  coldStart(memoryMib: number): Summary | null;
  warmOverhead(memoryMib: number): Summary | null;
};

/** The same figures as plain data (sent to the browser, which compares as the inputs change). */
export type FigureTables = {
  ready: Record<'container' | 'vm', Record<string, Summary>>;
  memory: Record<'container' | 'vm', Record<string, Summary & { nominalMib: number }>>;
  coldStart: Record<string, Summary>;
  warmOverhead: Record<string, Summary>;
};

export function figuresFrom(t: FigureTables): CompareFigures {
  return {
    ready: (kind, flavorId) => t.ready[kind][flavorId] ?? null,
    memory: (kind, flavorId) => t.memory[kind][flavorId] ?? null,
    coldStart: (m) => t.coldStart[String(m)] ?? null,
    warmOverhead: (m) => t.warmOverhead[String(m)] ?? null,
  };
}

export type InstanceColumn = {
  kind: 'vm' | 'container';
  available: boolean;
  reason: string | null;
  flavor: { id: string; name: string; vcpus: number; memoryMib: number; diskGib: number } | null;
  monthlyMinor: number | null;
  readyMs: Summary | null;
  memoryMib: (Summary & { nominalMib: number }) | null;
};

export type FunctionColumn = {
  kind: 'function';
  available: boolean;
  reason: string | null;
  memoryMib: number | null;
  monthlyMinor: number | null;
  coldStartMs: Summary | null;
  warmOverheadMs: Summary | null;
};

export type Comparison = {
  workload: TCompareWorkload;
  catalog: string;
  currency: string;
  minorUnits: number;
  vm: InstanceColumn;
  container: InstanceColumn;
  function: FunctionColumn;
  /** Requests a month from which the always-on container costs less than the function (null: never up to 10¹²). */
  breakEvenRequests: number | null;
  breakEvenText: string;
};

export type CompareInput = {
  workload: TCompareWorkload;
  catalog: Catalog;
  flavors: readonly CompareFlavor[];
  providers: { vm: string; container: string; function: string | null };
  figures: CompareFigures;
};

/** The smallest flavor of a provider that gives the workload its vCPUs and memory (fewest vCPUs, then least memory). */
export function fittingFlavor(flavors: readonly CompareFlavor[], provider: string, vcpus: number, memoryMib: number): CompareFlavor | null {
  return (
    flavors
      .filter((f) => f.provider === provider && f.cpuMillis >= Math.round(vcpus * 1000) && f.memoryMib >= memoryMib)
      .sort((a, b) => a.cpuMillis - b.cpuMillis || a.memoryMib - b.memoryMib)[0] ?? null
  );
}

/** What one always-on instance of the flavor costs a month (null when the price list has no price for it). */
export function alwaysOnMinor(catalog: Catalog, provider: string, f: CompareFlavor): number | null {
  const e = estimate({ items: [{ type: 'instance', provider, flavor: { name: f.name, vcpus: f.cpuMillis / 1000, memoryGib: f.memoryMib / 1024 }, diskGib: f.diskGib || undefined }] }, catalog);
  return e.unpriced.length ? null : e.monthlyMinor;
}

/** What a function costs a month at this volume (null when the price list does not price functions). */
export function functionMinor(catalog: Catalog, provider: string, requests: number, durationMs: number, memoryMib: number): number | null {
  const e = estimate({ items: [{ type: 'function', provider, requests, durationMs, memoryMb: memoryMib }] }, catalog);
  return e.unpriced.length ? null : e.monthlyMinor;
}

/**
 * The fewest requests a month at which the function costs strictly more than `alwaysOn` (minor units): a function's
 * cost never falls as requests grow, so a binary search over whole requests finds the exact point, with the price
 * list's free allowances and per-line rounding included. Null when even BREAK_EVEN_MAX_REQUESTS cost no more.
 */
export function breakEven(catalog: Catalog, provider: string, durationMs: number, memoryMib: number, alwaysOn: number): number | null {
  const cost = (r: number) => functionMinor(catalog, provider, r, durationMs, memoryMib) ?? 0;
  if (cost(BREAK_EVEN_MAX_REQUESTS) <= alwaysOn) return null;
  let lo = 0; // cost(lo) ≤ alwaysOn (a function with no requests costs nothing)
  let hi = BREAK_EVEN_MAX_REQUESTS; // cost(hi) > alwaysOn
  if (cost(0) > alwaysOn) return 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cost(mid) > alwaysOn) hi = mid;
    else lo = mid;
  }
  return hi;
}

function instanceColumn(kind: 'vm' | 'container', input: CompareInput): InstanceColumn {
  const { workload: w, catalog, flavors, providers, figures } = input;
  const provider = providers[kind];
  const f = fittingFlavor(flavors, provider, w.vcpus, w.memoryMib);
  const what = kind === 'vm' ? 'VM' : 'container';
  if (!f) {
    return { kind, available: false, reason: `No ${what} flavor has ${w.vcpus} vCPU and ${w.memoryMib} MiB.`, flavor: null, monthlyMinor: null, readyMs: null, memoryMib: null };
  }
  const monthly = alwaysOnMinor(catalog, provider, f);
  return {
    kind,
    available: monthly !== null,
    reason: monthly === null ? `The price list “${catalog.name}” has no price for ${f.name}.` : null,
    flavor: { id: f.id, name: f.name, vcpus: f.cpuMillis / 1000, memoryMib: f.memoryMib, diskGib: f.diskGib },
    monthlyMinor: monthly,
    readyMs: figures.ready(kind, f.id),
    memoryMib: figures.memory(kind, f.id),
  };
}

function functionColumn(input: CompareInput): FunctionColumn {
  const { workload: w, catalog, providers, figures } = input;
  const memory = MEMORY_STEPS_MIB.find((m) => m >= w.memoryMib) ?? null;
  const none = { kind: 'function' as const, available: false, memoryMib: memory, monthlyMinor: null, coldStartMs: null, warmOverheadMs: null };
  if (memory === null) return { ...none, reason: `A function has at most ${MEMORY_STEPS_MIB.at(-1)} MiB of memory.` };
  if (w.meanDurationMs > TIMEOUT_MAX_MS) return { ...none, reason: `A function runs for at most ${TIMEOUT_MAX_MS / 1000} s.` };
  const monthly = providers.function ? functionMinor(catalog, providers.function, w.requestsPerMonth, w.meanDurationMs, memory) : null;
  return {
    kind: 'function',
    available: monthly !== null,
    reason: monthly === null ? `The price list “${catalog.name}” has no function prices.` : null,
    memoryMib: memory,
    monthlyMinor: monthly,
    coldStartMs: figures.coldStart(memory),
    warmOverheadMs: figures.warmOverhead(memory),
  };
}

export function compareWorkload(input: CompareInput): Comparison {
  const { workload: w, catalog } = input;
  const vm = instanceColumn('vm', input);
  const container = instanceColumn('container', input);
  const fn = functionColumn(input);
  const money = (m: number) => formatMoney(m, catalog.currency, catalog.minorUnits);
  let breakEvenRequests: number | null = null;
  let breakEvenText: string;
  if (!container.available || !fn.available || container.monthlyMinor === null || fn.memoryMib === null || !input.providers.function) {
    breakEvenText = 'No break-even: the container or the function cannot be priced for this workload.';
  } else {
    breakEvenRequests = breakEven(catalog, input.providers.function, w.meanDurationMs, fn.memoryMib, container.monthlyMinor);
    const c = `an always-on ${container.flavor!.name} container (${money(container.monthlyMinor)} a month)`;
    const per = `${fn.memoryMib} MiB, ${formatDuration(w.meanDurationMs)} a request`;
    if (breakEvenRequests === null) {
      breakEvenText = `A function (${per}) costs less than ${c} at any volume up to 10¹² requests a month.`;
    } else {
      const n = breakEvenRequests.toLocaleString('en-US');
      const now = w.requestsPerMonth >= breakEvenRequests ? 'the container is the cheaper choice' : 'the function is the cheaper choice';
      breakEvenText =
        breakEvenRequests === 0
          ? `Even with no requests a function (${per}) costs more than ${c}.`
          : `From ${n} requests a month a function (${per}) costs more than ${c}; below that the function costs less. At ${w.requestsPerMonth.toLocaleString('en-US')} requests a month ${now}.`;
    }
  }
  return { workload: w, catalog: catalog.name, currency: catalog.currency, minorUnits: catalog.minorUnits, vm, container, function: fn, breakEvenRequests, breakEvenText };
}
