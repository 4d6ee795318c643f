// A build of the example app (docs/examples/node-app) through the console — the archive POSTed to the builds API,
// then its live log followed until the build has ended — versus the same build straight through the Engine API
// (dockerode buildImage with the options the console passes: BuildKit, no network, no cache), interleaved. The
// console's side includes the upload, the context checks, the queue, the runner and the status write.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { benchDocker } from '../lib/cleanup';
import { checkAborted, sleep, type BenchConsole } from '../lib/console';
import { summarize, round } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

const EXAMPLE = path.resolve(import.meta.dirname, '..', '..', 'docs', 'examples', 'node-app');

/** Where a console build's time went (ms): the POST answered, queued → picked up, the runner's work, ended → log ended. */
type Phases = { upload: number; queue: number; run: number; tail: number };
const phases: Phases[] = [];

async function viaConsole(c: BenchConsole, archive: Buffer, tag: string): Promise<number> {
  const cookie = (c.api as unknown as { cookie: string }).cookie;
  const origin = new URL(c.baseUrl).origin;
  const t0 = performance.now();
  const res = await fetch(`${c.baseUrl}/api/v1/tenants/${c.slug}/builds?image=bench-node-app:${tag}`, {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/gzip' },
    body: new Uint8Array(archive),
  });
  const b = (await res.json()) as { id?: string };
  const tPosted = Date.now();
  if (res.status !== 201 || !b.id) throw new Error(`POST builds answered ${res.status}: ${JSON.stringify(b).slice(0, 300)}`);
  // The live log ends when the build has ended (its last event is the final status).
  const log = await fetch(`${c.baseUrl}/api/v1/tenants/${c.slug}/builds/${b.id}/log?follow=1`, { headers: { cookie } });
  const text = await log.text();
  const ms = performance.now() - t0;
  const tEnded = Date.now();
  if (!text.includes('"status":"succeeded"')) throw new Error(`the build did not succeed: ${text.slice(-500)}`);
  const v = (await (await fetch(`${c.baseUrl}/api/v1/tenants/${c.slug}/builds/${b.id}`, { headers: { cookie } })).json()) as { createdAt: string; startedAt: string; finishedAt: string };
  const [created, started, finished] = [v.createdAt, v.startedAt, v.finishedAt].map((x) => Date.parse(x));
  phases.push({ upload: ms - (tEnded - tPosted), queue: started - created, run: finished - started, tail: tEnded - finished });
  return ms;
}

async function viaEngine(archive: Buffer, tag: string): Promise<number> {
  const docker = benchDocker();
  const t0 = performance.now();
  const stream = await docker.buildImage(archive as unknown as NodeJS.ReadableStream, {
    t: `builds.local/bench-raw/node-app:${tag}`,
    version: '2',
    networkmode: 'none',
    nocache: true,
    rm: true,
    forcerm: true,
  } as object);
  let failed: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()), (m: { error?: string }) => {
      if (m.error) failed = m.error;
    });
  });
  if (failed) throw new Error(failed);
  return performance.now() - t0;
}

export const benchmark: Benchmark = {
  name: 'builds.example-app',
  description: 'Build of docs/examples/node-app: upload through the console until its log ends vs buildImage straight through the Engine API',
  goal: { kind: 'ratio', max: 1.1 },
  iterations: 5,
  warmup: 1,
  async run(ctx: BenchContext) {
    const c = await ctx.console();
    const dir = await ctx.tempDir('bench-build-');
    const file = path.join(dir, 'node-app.tar.gz');
    execFileSync('tar', ['-czf', file, '-C', EXAMPLE, '.']);
    const archive = fs.readFileSync(file);
    const tags: string[] = [];
    ctx.defer('remove the built images', async () => {
      for (const t of tags) {
        for (const ref of [`builds.local/${c.slug}/bench-node-app:${t}`, `builds.local/bench-raw/node-app:${t}`]) await benchDocker().getImage(ref).remove({ force: true }).catch(() => {});
      }
    });
    const samples: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      checkAborted(ctx.signal);
      const tag = `b${i}`;
      tags.push(tag);
      // Interleaved, alternating which goes first, so that load drifts hit both sides alike.
      const order = i % 2 === 0 ? ['console', 'engine'] : ['engine', 'console'];
      let cm = 0;
      let em = 0;
      for (const side of order) {
        if (side === 'console') cm = await viaConsole(c, archive, tag);
        else em = await viaEngine(archive, tag);
        await sleep(300);
      }
      ctx.log(`build ${i + 1}: console ${round(cm)} ms, engine ${round(em)} ms`);
      if (i >= ctx.warmup) {
        samples.push(cm);
        baseline.push(em);
      }
    }
    const s = summarize(samples);
    const b = summarize(baseline);
    const measured = phases.slice(ctx.warmup);
    const med = (k: keyof Phases) => round(summarize(measured.map((p) => p[k])).median);
    return {
      samples,
      baseline,
      notes: [
        'Both sides build with BuildKit through the Engine API with the same options (no network, no cache) and tag locally (no registry in the bench console).',
        `Console median ${round(s.median)} ms vs engine median ${round(b.median)} ms.`,
        `Console phases (medians): upload answered ${med('upload')} ms, queued → picked up ${med('queue')} ms, runner ${med('run')} ms, finished → log ended ${med('tail')} ms.`,
      ],
    };
  },
};
