// Push of a ~50 MB image through the console's registry (token auth, TLS) vs a raw docker-registry without auth, with
// the docker client, in the loop bench/lib/registry-transfer.ts runs once per bench run for the push and pull figures.
import { registryTransfers, TRANSFER_NOTES, PAYLOAD_MB } from '../lib/registry-transfer';
import { round, summarize } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

export const benchmark: Benchmark = {
  name: 'registry.push',
  description: `docker push of a ${PAYLOAD_MB} MB layer: the console's registry (token auth, TLS) vs a raw docker-registry (no auth, TLS)`,
  goal: { kind: 'ratio', max: 1.25 },
  iterations: 5,
  warmup: 1,
  async run(ctx: BenchContext) {
    const r = await registryTransfers(ctx);
    const samples = r.pushConsole;
    const baseline = r.pushRaw;
    const s = summarize(samples);
    const b = summarize(baseline);
    const mbps = (ms: number) => round(r.payloadBytes / 1024 / 1024 / (ms / 1000));
    return {
      samples,
      baseline,
      notes: [...TRANSFER_NOTES, `Push median: console ${round(s.median)} ms (${mbps(s.median)} MiB/s), raw ${round(b.median)} ms (${mbps(b.median)} MiB/s).`],
      figures: { 'push_mib_per_s': { value: mbps(s.median), unit: 'MiB/s', better: 'higher' } },
    };
  },
};
