// Cold start of a function through a stem cell: a new version's first request through the gateway, answered by a
// prewarmed runtime container that takes the code on that request (goal: p50 ≤ 25 ms, p99 ≤ 100 ms).
import { functionsHost } from '../lib/functions-run';
import { quantile, round } from '../lib/stats';
import type { Benchmark } from '../lib/types';

export const benchmark: Benchmark = {
  name: 'functions.cold-start.stem-cell',
  description: 'First request of a new function version through the gateway, served by a stem cell (HTTP round trip)',
  goal: { kind: 'time', maxMs: 25 },
  iterations: 30,
  warmup: 0,
  async run(ctx) {
    const r = await functionsHost(ctx);
    const sorted = [...r.stem].sort((a, b) => a - b);
    const p99 = quantile(sorted, 0.99);
    if (r.stemKinds.stem !== r.stem.length + 2) throw new Error(`not every cold start took a stem cell: ${JSON.stringify(r.stemKinds)}`);
    return {
      samples: r.stem,
      notes: [`p99 ${round(p99)} ms (goal ≤ 100 ms)${p99 > 100 ? ' — MISSED' : ''}`, `recorded start kinds: ${JSON.stringify(r.stemKinds)} (2 warm-up)`],
      extra: { p99Ms: round(p99), startKinds: r.stemKinds },
    };
  },
};
