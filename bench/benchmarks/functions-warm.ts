// Warm invoke through the gateway against the same request sent straight to the container's bootstrap: the
// gateway's added latency (goal ≤ 1 ms at p50, samples interleaved one by one). Throughput is
// functions-warm-throughput.ts. The gateway runs in the host child process, the load comes from this one.
import http from 'node:http';
import { functionsHost, timedRequest, warmTargets } from '../lib/functions-run';
import { summarize, round } from '../lib/stats';
import type { Benchmark } from '../lib/types';


export const benchmark: Benchmark = {
  name: 'functions.warm.gateway-overhead',
  description: 'Warm request: gateway latency minus direct-to-container latency, interleaved',
  goal: { kind: 'time', maxMs: 1 },
  iterations: 2000,
  warmup: 200,
  async run(ctx) {
    const r = await functionsHost(ctx);
    const { gateway: gw, direct } = warmTargets(r);
    const gwAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const directAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const viaGateway: number[] = [];
    const viaDirect: number[] = [];
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      if (ctx.signal.aborted) throw new Error('interrupted');
      const g = await timedRequest(gwAgent, gw);
      const d = await timedRequest(directAgent, direct);
      if (i < ctx.warmup) continue;
      viaGateway.push(g);
      viaDirect.push(d);
    }
    gwAgent.destroy();
    directAgent.destroy();
    const overhead = viaGateway.map((g, i) => g - viaDirect[i]!);
    const g = summarize(viaGateway);
    const d = summarize(viaDirect);
    return {
      samples: overhead,
      notes: [
        `latency p50: gateway ${round(g.median)} ms, direct ${round(d.median)} ms (p90 ${round(g.p90)} / ${round(d.p90)} ms)`,
      ],
      extra: { gatewayP50Ms: round(g.median), directP50Ms: round(d.median) },
      figures: { 'gateway p50': { value: g.median, unit: 'ms', better: 'lower' }, 'direct p50': { value: d.median, unit: 'ms', better: 'lower' } },
    };
  },
};
