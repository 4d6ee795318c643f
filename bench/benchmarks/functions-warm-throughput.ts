// Warm throughput at 20 connections through the gateway against the same requests sent straight to the function's
// container (goal: the gateway serves ≥ 50 % of direct, i.e. a time per request ≤ 2 × direct's). Rounds of load
// alternate between the two, so drift on the machine falls on both; every request has a timeout, so a lost one
// fails and is counted instead of hanging the run.
import { functionsHost, REQUEST_TIMEOUT_MS, throughput, timedRequest, warmTargets, type Throughput } from '../lib/functions-run';
import { summarize, round } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const CONNECTIONS = 20;
const ROUND_MS = 2_000;

export const benchmark: Benchmark = {
  name: 'functions.warm.throughput',
  description: `Warm requests at ${CONNECTIONS} connections: wall time per request through the gateway vs straight to the container (ratio ≤ 2 ⇔ throughput ≥ 50 %)`,
  goal: { kind: 'ratio', max: 2 },
  iterations: 6,
  warmup: 1,
  async run(ctx) {
    const r = await functionsHost(ctx);
    const { gateway: gw, direct } = warmTargets(r);
    const perRequestMs = (t: Throughput) => (t.rps > 0 ? 1000 / t.rps : Infinity);
    const samples: number[] = [];
    const baseline: number[] = [];
    const gwRps: number[] = [];
    const directRps: number[] = [];
    let failed = 0;
    let firstError: string | null = null;
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      if (ctx.signal.aborted) throw new Error('interrupted');
      const order = i % 2 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
      const line: string[] = [];
      for (const side of order) {
        const t = await throughput(CONNECTIONS, ROUND_MS, (a) => timedRequest(a, side === 'gateway' ? gw : direct));
        line.push(`${side} ${Math.round(t.rps)} req/s${t.failed ? ` (${t.failed} failed: ${t.firstError})` : ''}`);
        if (i < ctx.warmup) continue;
        failed += t.failed;
        firstError ??= t.firstError;
        (side === 'gateway' ? samples : baseline).push(perRequestMs(t));
        (side === 'gateway' ? gwRps : directRps).push(t.rps);
      }
      ctx.log(`${i < ctx.warmup ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: ${line.join(', ')}`);
    }
    const g = summarize(gwRps);
    const d = summarize(directRps);
    const share = g.median / d.median;
    return {
      samples,
      baseline,
      notes: [
        `throughput at ${CONNECTIONS} connections (median of ${ctx.iterations} rounds of ${ROUND_MS / 1000} s each side, alternating): gateway ` +
          `${Math.round(g.median)} req/s, direct ${Math.round(d.median)} req/s = ${Math.round(share * 100)} % (goal ≥ 50 %)${share < 0.5 ? ' — MISSED' : ''}. ` +
          `The table's figures are wall time per request (1000 / req/s), so that lower is better like the others.`,
        `every request has a ${REQUEST_TIMEOUT_MS / 1000} s timeout; ${failed} failed or timed out${firstError ? ` (first: ${firstError})` : ''}.`,
      ],
      extra: { gatewayRps: { ...g, samples: gwRps.map(round) }, directRps: { ...d, samples: directRps.map(round) }, throughputShare: round(share * 1000) / 1000, failed },
      figures: {
        'gateway req/s': { value: g.median, unit: 'req/s', better: 'higher' },
        'direct req/s': { value: d.median, unit: 'req/s', better: 'higher' },
        'gateway share of direct': { value: share, unit: '', better: 'higher' },
      },
    };
  },
};
