import { describe, expect, it } from 'vitest';
import { estimate, type Catalog, type WorkloadItem } from './estimate';
import { exact, toDecimal, toMinor } from './decimal';

const catalog: Catalog = {
  name: 'Test prices',
  currency: 'USD',
  minorUnits: 2,
  hoursPerMonth: 730,
  rates: [
    { provider: 'docker', unit: 'flavor_hour', flavor: 'c1.small', unitPrice: '0.0116' },
    { provider: 'docker', unit: 'vcpu_hour', unitPrice: '0.02' },
    { provider: 'docker', unit: 'memory_gib_hour', unitPrice: '0.005' },
    { provider: 'qemu', unit: 'vcpu_hour', unitPrice: '0.03' },
    { provider: 'qemu', unit: 'memory_gib_hour', unitPrice: '0.004' },
    { provider: 'qemu', unit: 'disk_gib_month', unitPrice: '0.10' },
    { provider: 'functions', unit: 'requests', unitPrice: '0.20', freePerMonth: '1000000' },
    { provider: 'functions', unit: 'gb_second', unitPrice: '0.0000166667', freePerMonth: '400000' },
  ],
};

const small = { name: 'c1.small', vcpus: 0.5, memoryGib: 0.25 };
const medium = { name: 'c1.medium', vcpus: 1, memoryGib: 0.5 };
const vm = { name: 'v1.medium', vcpus: 2, memoryGib: 4 };
const fn = (requests: number, durationMs: number, memoryMb: number): WorkloadItem => ({ type: 'function', provider: 'functions', requests, durationMs, memoryMb });

type Case = { name: string; items: WorkloadItem[]; lines: [unit: string, quantity: string, free: string, amountMinor: number][]; monthly: number; cat?: Catalog };

const cases: Case[] = [
  { name: 'flavor price, a whole month (730 h × 0.0116 = 8.468)', items: [{ type: 'instance', provider: 'docker', flavor: small }], lines: [['flavor_hour', '730', '0', 847]], monthly: 847 },
  { name: 'partial month: 90 minutes', items: [{ type: 'instance', provider: 'docker', flavor: small, hours: 1.5 }], lines: [['flavor_hour', '1.5', '0', 2]], monthly: 2 },
  { name: 'storage: 25 GiB for half the month at 0.10 per GiB-month = 1.25', items: [{ type: 'storage', provider: 'qemu', gib: 25, hours: 365 }], lines: [['disk_gib_month', '12.5', '0', 125]], monthly: 125 },
  { name: 'count multiplies hours', items: [{ type: 'instance', provider: 'docker', flavor: small, count: 3, hours: 10 }], lines: [['flavor_hour', '30', '0', 35]], monthly: 35 },
  {
    name: 'resource prices when the flavor has none; 182.5 cents rounds half-up to 183',
    items: [{ type: 'instance', provider: 'docker', flavor: medium }],
    lines: [['vcpu_hour', '730', '0', 1460], ['memory_gib_hour', '365', '0', 183]],
    monthly: 1643,
  },
  {
    name: 'half a cent rounds up, just under does not',
    items: [
      { type: 'instance', provider: 'docker', flavor: { name: 'x', vcpus: 0, memoryGib: 1 }, hours: 1 },
      { type: 'instance', provider: 'docker', flavor: { name: 'y', vcpus: 0, memoryGib: 0.99 }, hours: 1 },
    ],
    lines: [['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '1', '0', 1], ['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '0.99', '0', 0]],
    monthly: 1,
  },
  {
    name: 'totals are sums of rounded lines (two half cents make two cents)',
    items: [
      { type: 'instance', provider: 'docker', flavor: { name: 'x', vcpus: 0, memoryGib: 1 }, hours: 1 },
      { type: 'instance', provider: 'docker', flavor: { name: 'x', vcpus: 0, memoryGib: 1 }, hours: 1 },
    ],
    lines: [['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '1', '0', 1], ['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '1', '0', 1]],
    monthly: 2,
  },
  {
    name: 'a VM with a disk: compute, memory and storage per GiB-month',
    items: [{ type: 'instance', provider: 'qemu', flavor: vm, diskGib: 20 }],
    lines: [['vcpu_hour', '1460', '0', 4380], ['memory_gib_hour', '2920', '0', 1168], ['disk_gib_month', '20', '0', 200]],
    monthly: 5748,
  },
  {
    name: 'a stopped VM still pays for its disk',
    items: [{ type: 'instance', provider: 'qemu', flavor: vm, diskGib: 20, hours: 0, diskHours: 730 }],
    lines: [['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '0', '0', 0], ['disk_gib_month', '20', '0', 200]],
    monthly: 200,
  },
  {
    name: 'a disk for half the month (365 h)',
    items: [{ type: 'instance', provider: 'qemu', flavor: vm, diskGib: 10, hours: 0, diskHours: 365 }],
    lines: [['vcpu_hour', '0', '0', 0], ['memory_gib_hour', '0', '0', 0], ['disk_gib_month', '5', '0', 50]],
    monthly: 50,
  },
  {
    name: 'functions inside the free compute tier; 120.4 ms bills as 121 ms',
    items: [fn(3_000_000, 120.4, 512)],
    lines: [['requests', '3000000', '1000000', 40], ['gb_second', '181500', '181500', 0]],
    monthly: 40,
  },
  {
    name: 'functions beyond both free tiers',
    items: [fn(10_000_000, 1000, 1024)],
    lines: [['requests', '10000000', '1000000', 180], ['gb_second', '10000000', '400000', 16000]],
    monthly: 16180,
  },
  {
    name: 'free tier is shared by the month, not per item',
    items: [fn(600_000, 1, 128), fn(600_000, 1, 128)],
    lines: [['requests', '600000', '600000', 0], ['gb_second', '75', '75', 0], ['requests', '600000', '400000', 4], ['gb_second', '75', '75', 0]],
    monthly: 4,
  },
  { name: 'zero usage', items: [fn(0, 0, 128), { type: 'instance', provider: 'docker', flavor: small, hours: 0 }], lines: [['requests', '0', '0', 0], ['gb_second', '0', '0', 0], ['flavor_hour', '0', '0', 0]], monthly: 0 },
  { name: 'an empty workload', items: [], lines: [], monthly: 0 },
  {
    name: 'a currency without minor units (JPY)',
    items: [{ type: 'instance', provider: 'docker', flavor: small, hours: 100 }],
    cat: { ...catalog, currency: 'JPY', minorUnits: 0, rates: [{ provider: 'docker', unit: 'flavor_hour', flavor: 'c1.small', unitPrice: '1.75' }] },
    lines: [['flavor_hour', '100', '0', 175]],
    monthly: 175,
  },
];

describe('estimate', () => {
  it.each(cases)('$name', ({ items, lines, monthly, cat }) => {
    const e = estimate({ items }, cat ?? catalog);
    expect(e.lines.map((l) => [l.unit, l.quantity, l.freeQuantity, l.amountMinor])).toEqual(lines);
    expect(e.monthlyMinor).toBe(monthly);
    expect(e.monthlyMinor).toBe(e.lines.reduce((s, l) => s + l.amountMinor, 0));
    expect(e.unpriced).toEqual([]);
  });

  it('gives the hourly figure as the monthly total over the hours per month', () => {
    const e = estimate({ items: [{ type: 'instance', provider: 'docker', flavor: small }] }, catalog);
    expect(e.hourly).toBe('0.011603'); // 8.47 / 730
    expect(e.hourlyMinor).toBe(1);
    const custom = estimate({ items: [{ type: 'instance', provider: 'docker', flavor: small }] }, { ...catalog, hoursPerMonth: 720 });
    expect(custom.lines[0].quantity).toBe('720');
    expect(custom.monthlyMinor).toBe(835); // 720 × 0.0116 = 8.352
  });

  it('lists what a catalog cannot price instead of guessing', () => {
    const e = estimate({ items: [fn(1, 1, 128), { type: 'instance', provider: 'nowhere', flavor: small }] }, { ...catalog, rates: catalog.rates.filter((r) => r.provider === 'docker') });
    expect(e.lines).toEqual([]);
    expect(e.unpriced.map((u) => u.item)).toEqual([0, 1]);
    expect(e.monthlyMinor).toBe(0);
  });
});

describe('exact money arithmetic', () => {
  it.each([
    ['0.005', 2, 1],
    ['0.00499999', 2, 0],
    ['0.015', 2, 2],
    ['1e-7', 2, 0],
    ['123456789.125', 2, 12345678913],
    ['0.5', 0, 1],
  ])('%s rounds half-up to %i digits as %i', (v, digits, minor) => {
    expect(toMinor(exact(v), digits)).toBe(minor);
  });
  it.each(['-1', 'abc', '1.2.3', '', 'Infinity'])('refuses %j', (v) => {
    expect(() => exact(v)).toThrow();
  });
  it('prints exact decimals', () => {
    expect(toDecimal(exact('0.0000166667'), 10)).toBe('0.0000166667');
    expect(toDecimal(exact(0.1 + 0.2), 6)).toBe('0.3');
  });
});
