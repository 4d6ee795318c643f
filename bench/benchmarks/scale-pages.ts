// The pages people open first, for an organisation with 10,000 instances (the scale tenant of
// scale-instance-list.ts): the instances list page and the dashboard, fetched as a signed-in browser would (the
// whole server-rendered HTML). Goal: ≤ 200 ms of server time (median; the notes give p95 per page).
import { quantile, round, summarize } from '../lib/stats';
import type { Benchmark } from '../lib/types';
import { SCALE_INSTANCES, scaleTenant } from './scale-instance-list';

export const benchmark: Benchmark = {
  name: 'scale.pages',
  description: `GET /t/{slug}/instances and /t/{slug}/dashboard (whole HTML) for an organisation with ${SCALE_INSTANCES.toLocaleString('en-US')} instances`,
  goal: { kind: 'time', maxMs: 200 },
  iterations: 20,
  warmup: 2,
  async run(ctx) {
    const c = await ctx.console();
    const { slug } = await scaleTenant(ctx);
    const pages = { instances: `/t/${slug}/instances`, dashboard: `/t/${slug}/dashboard` };
    const by: Record<keyof typeof pages, number[]> = { instances: [], dashboard: [] };
    const samples: number[] = [];
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      const line: string[] = [];
      for (const [name, p] of Object.entries(pages) as [keyof typeof pages, string][]) {
        const t0 = performance.now();
        // request() reads the whole body: the time is until the last byte of the streamed render.
        const r = await c.api.request('GET', p);
        const ms = performance.now() - t0;
        if (r.status !== 200) throw new Error(`GET ${p}: ${r.status}`);
        line.push(`${name} ${ms.toFixed(1)} ms`);
        if (i >= ctx.warmup) {
          by[name].push(ms);
          samples.push(ms);
        }
      }
      ctx.log(`${i < ctx.warmup ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: ${line.join(', ')}`);
    }
    const p95 = (v: number[]) => round(quantile([...v].sort((a, b) => a - b), 0.95));
    const s = { instances: summarize(by.instances), dashboard: summarize(by.dashboard) };
    return {
      samples,
      notes: [
        `server time: from sending the request to the last byte of the HTML (same machine, so the network adds ~nothing; no browser rendering), signed in as the organisation's owner`,
        `instances page: median ${round(s.instances.median)} ms, p95 ${p95(by.instances)} ms; dashboard: median ${round(s.dashboard.median)} ms, p95 ${p95(by.dashboard)} ms`,
      ],
      extra: { instances: { ...s.instances, p95: p95(by.instances) }, dashboard: { ...s.dashboard, p95: p95(by.dashboard) } },
    };
  },
};
