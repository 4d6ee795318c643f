// The pure estimator on a 1,000-item workload (instances of both kinds with disks, and functions with free tiers):
// what the calculator and POST /api/v1/estimates do per request. Goal: ≤ 20 ms.
import { estimate, type WorkloadItem } from '@/lib/billing/estimate';
import { catalogFromFile } from '@/lib/billing/catalog-format';
import { DEFAULT_CATALOGS } from '@/lib/billing/seed';
import type { BenchContext, Benchmark } from '../lib/types';

function workload(): WorkloadItem[] {
  return Array.from({ length: 1000 }, (_, i): WorkloadItem => {
    if (i % 3 === 2) return { type: 'function', provider: 'functions', requests: 100_000 * (i + 1), durationMs: 10 + (i % 400) + 0.4, memoryMb: 128 * (1 + (i % 8)) };
    const vm = i % 3 === 1;
    return {
      type: 'instance',
      provider: vm ? 'qemu' : 'docker',
      flavor: { name: `f${i % 7}`, vcpus: 0.25 * (1 + (i % 8)), memoryGib: 0.125 * (1 + (i % 16)) },
      diskGib: vm ? 10 + (i % 90) : undefined,
      count: 1 + (i % 5),
      hours: 1 + ((i * 37) % 730) + 0.5,
    };
  });
}

export const benchmark: Benchmark = {
  name: 'billing.estimate',
  description: 'estimate() of a 1,000-item workload under the list prices',
  goal: { kind: 'time', maxMs: 20 },
  iterations: 50,
  warmup: 5,
  async run(ctx: BenchContext) {
    const catalog = catalogFromFile(DEFAULT_CATALOGS[0]);
    const items = workload();
    const samples: number[] = [];
    let lines = 0;
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      const s = performance.now();
      const e = estimate({ items }, catalog);
      const ms = performance.now() - s;
      if (i >= ctx.warmup) samples.push(ms);
      lines = e.lines.length;
    }
    return { samples, notes: [`${items.length} items → ${lines} priced lines`], extra: { items: items.length, lines } };
  },
};
