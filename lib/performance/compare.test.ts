import { describe, expect, it } from 'vitest';
import type { Catalog } from '@/lib/billing/estimate';
import { parseInput, AppError } from '@/lib/errors';
import { breakEven, compareWorkload, fittingFlavor, functionMinor, ZCompareWorkload, type CompareFigures, type CompareFlavor } from './compare';
import { percentile, summarize } from './summary';

// The example list prices (docs/examples/catalog.json).
const catalog: Catalog = {
  name: 'Overcast list prices',
  currency: 'USD',
  minorUnits: 2,
  hoursPerMonth: 730,
  rates: [
    { provider: 'docker', unit: 'vcpu_hour', unitPrice: '0.02' },
    { provider: 'docker', unit: 'memory_gib_hour', unitPrice: '0.0025' },
    { provider: 'qemu', unit: 'vcpu_hour', unitPrice: '0.025' },
    { provider: 'qemu', unit: 'memory_gib_hour', unitPrice: '0.0035' },
    { provider: 'qemu', unit: 'disk_gib_month', unitPrice: '0.08' },
    { provider: 'functions', unit: 'requests', unitPrice: '0.15', freePerMonth: '1000000' },
    { provider: 'functions', unit: 'gb_second', unitPrice: '0.0000125', freePerMonth: '400000' },
  ],
};

const flavors: CompareFlavor[] = [
  { id: 'docker-small', provider: 'docker', name: 'c1.small', cpuMillis: 500, memoryMib: 256, diskGib: 0 },
  { id: 'docker-large', provider: 'docker', name: 'c1.large', cpuMillis: 2000, memoryMib: 1024, diskGib: 0 },
  { id: 'docker-medium', provider: 'docker', name: 'c1.medium', cpuMillis: 1000, memoryMib: 512, diskGib: 0 },
  { id: 'qemu-big', provider: 'qemu', name: 'v1.big', cpuMillis: 2000, memoryMib: 2048, diskGib: 10 },
];
const providers = { vm: 'qemu', container: 'docker', function: 'functions' };
const noFigures: CompareFigures = { ready: () => null, memory: () => null, coldStart: () => null, warmOverhead: () => null };

describe('compare: cost to the cent', () => {
  it('prices the workload as a VM, a container and a function', () => {
    const c = compareWorkload({ workload: { vcpus: 2, memoryMib: 1024, requestsPerMonth: 25_844_000, meanDurationMs: 100 }, catalog, flavors, providers, figures: noFigures });
    // Container c1.large: 2 vCPU × 730 h × 0.02 = 29.20; 1 GiB × 730 h × 0.0025 = 1.825 → 1.83 (half-up). 31.03.
    expect(c.container).toMatchObject({ available: true, flavor: { name: 'c1.large' }, monthlyMinor: 3103 });
    // VM v1.big: 2 × 730 × 0.025 = 36.50; 2 GiB × 730 × 0.0035 = 5.11; 10 GiB-months × 0.08 = 0.80. 42.41.
    expect(c.vm).toMatchObject({ available: true, flavor: { name: 'v1.big' }, monthlyMinor: 4241 });
    // Function 1024 MiB, 100 ms: requests (25,844,000 − 1M free) × 0.15/M = 3.7266 → 3.73; GB-s 2,584,400 − 400,000
    // free = 2,184,400 × 0.0000125 = 27.305 → 27.31. 31.04.
    expect(c.function).toMatchObject({ available: true, memoryMib: 1024, monthlyMinor: 3104 });
  });

  it('finds the break-even to the request: the first volume at which the function costs more than the container', () => {
    // Just below, the GB-second line is 27.30499875 → 27.30 and the month 31.03: no more than the container.
    expect(functionMinor(catalog, 'functions', 25_843_999, 100, 1024)).toBe(3103);
    expect(functionMinor(catalog, 'functions', 25_844_000, 100, 1024)).toBe(3104);
    expect(breakEven(catalog, 'functions', 100, 1024, 3103)).toBe(25_844_000);
    const c = compareWorkload({ workload: { vcpus: 2, memoryMib: 1024, requestsPerMonth: 1_000_000, meanDurationMs: 100 }, catalog, flavors, providers, figures: noFigures });
    expect(c.breakEvenRequests).toBe(25_844_000);
    expect(c.breakEvenText).toContain('From 25,844,000 requests a month');
    expect(c.breakEvenText).toContain('the function is the cheaper choice');
  });

  it('says when a function stays cheaper at any volume, or cannot run the workload', () => {
    const free: Catalog = { ...catalog, rates: catalog.rates.map((r) => (r.provider === 'functions' ? { ...r, unitPrice: '0' } : r)) };
    expect(compareWorkload({ workload: { vcpus: 1, memoryMib: 512, requestsPerMonth: 5, meanDurationMs: 10 }, catalog: free, flavors, providers, figures: noFigures }).breakEvenRequests).toBeNull();
    const big = compareWorkload({ workload: { vcpus: 1, memoryMib: 2048, requestsPerMonth: 5, meanDurationMs: 10 }, catalog, flavors, providers, figures: noFigures });
    expect(big.function).toMatchObject({ available: false, reason: 'A function has at most 1024 MiB of memory.' });
    expect(big.container).toMatchObject({ available: false, flavor: null });
    expect(big.breakEvenRequests).toBeNull();
  });

  it('takes the smallest flavor that fits, and the figures measured for it', () => {
    expect(fittingFlavor(flavors, 'docker', 0.75, 300)?.name).toBe('c1.medium');
    const figures: CompareFigures = {
      ready: (kind, flavorId) => (kind === 'container' && flavorId === 'docker-medium' ? { n: 3, p50: 640, p90: 900 } : null),
      memory: () => null,
      coldStart: (m) => (m === 512 ? { n: 2, p50: 180, p90: 240 } : null),
      warmOverhead: () => ({ n: 1, p50: 2, p90: 2 }),
    };
    const c = compareWorkload({ workload: { vcpus: 1, memoryMib: 500, requestsPerMonth: 0, meanDurationMs: 50 }, catalog, flavors, providers, figures });
    expect(c.container.readyMs).toEqual({ n: 3, p50: 640, p90: 900 });
    expect(c.function.coldStartMs).toEqual({ n: 2, p50: 180, p90: 240 });
    expect(c.function.monthlyMinor).toBe(0);
  });
});

describe('compare: input', () => {
  it.each([
    [{ vcpus: 0, memoryMib: 512, requestsPerMonth: 1, meanDurationMs: 1 }, 'vcpus'],
    [{ vcpus: 1.1, memoryMib: 512, requestsPerMonth: 1, meanDurationMs: 1 }, 'vcpus'],
    [{ vcpus: 1, memoryMib: 1.5, requestsPerMonth: 1, meanDurationMs: 1 }, 'memoryMib'],
    [{ vcpus: 1, memoryMib: 512, requestsPerMonth: -1, meanDurationMs: 1 }, 'requestsPerMonth'],
    [{ vcpus: 1, memoryMib: 512, requestsPerMonth: 1, meanDurationMs: 0 }, 'meanDurationMs'],
    [{ vcpus: 1, memoryMib: 512, requestsPerMonth: 1, meanDurationMs: 1, extra: 1 }, 'extra'],
  ])('refuses %o at %s', (input, field) => {
    let err: unknown;
    try {
      parseInput(ZCompareWorkload, input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect(Object.keys((err as AppError).fields ?? {})).toContain(field);
  });
});

describe('percentiles', () => {
  it('are nearest-rank: always a measured value', () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.9)).toBe(40);
    expect(summarize([])).toBeNull();
    expect(summarize([3, 1, 2])).toEqual({ n: 3, p50: 2, p90: 3 });
  });
});
