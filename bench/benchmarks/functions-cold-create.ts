// Cold start of a function without a stem cell (container create + start + Node boot + code + first invoke,
// through the gateway) against the raw engine's create + start of the same runtime container, in the same run.
import { functionsHost } from '../lib/functions-run';
import { summarize, round } from '../lib/stats';
import type { Benchmark } from '../lib/types';

export const benchmark: Benchmark = {
  name: 'functions.cold-start.create',
  description: 'First request of a new version with no stem cell (gateway), vs raw dockerode create + start',
  goal: { kind: 'ratio', max: 2 },
  iterations: 30,
  warmup: 0,
  async run(ctx) {
    const r = await functionsHost(ctx);
    if (r.createKinds.create !== r.create.length + 1) throw new Error(`not every cold start created a container: ${JSON.stringify(r.createKinds)}`);
    const listening = summarize(r.rawListening);
    return {
      samples: r.create,
      baseline: r.raw,
      notes: [
        `raw create + start until the bootstrap listens: median ${round(listening.median)} ms (what a create costs before any code runs)`,
        `recorded start kinds: ${JSON.stringify(r.createKinds)} (1 warm-up)`,
      ],
      extra: { rawListeningMedianMs: round(listening.median) },
    };
  },
};
