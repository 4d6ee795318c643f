// Container create → running through the console (REST API call, then the watch API until it reports the
// reconciler's observed "running") versus the raw engine (dockerode createContainer + start with the same options,
// until the engine's start event), interleaved. Neither side polls.
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { containerCreateOptions } from '@/lib/providers/docker/driver';
import { IMAGE_DEFINITIONS } from '@/lib/providers/docker/images';
import type { ContainerInstance } from '@/lib/providers/docker/spec';
import { BENCH_LABEL, BENCH_PID_LABEL, checkAborted, deleteViaConsole, sleep, watchUntil, type ApiClient, type BenchConsole } from '../lib/console';
import { EngineEvents } from '../lib/engine-events';
import { benchDocker } from '../lib/cleanup';
import { summarize, round } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

const IMAGE_ID = 'docker-static-web';
const FLAVOR_ID = 'docker-small';
const PORT = 8080;
/**
 * Start-to-start period of the status polls: with one GET's latency, it bounds how late "running" is seen. Not
 * shorter: one GET costs the console ~15 ms of CPU on a 2-CPU machine (next-server ~11, PGlite ~4), so polling
 * every 10 ms would keep a whole CPU busy and slow the engine's own work during the measurement; every 20 ms
 * still costs most of one (the "raw+poll" diagnostic shows how much that slows the engine).
 */
/** Pause after each measurement, so that the background work it causes (engine events) does not overlap the next. */
const SETTLE_MS = 300;
const TIMEOUT_MS = 60_000;

type Instance = {
  id: string;
  status: string;
  statusReason: string | null;
  updatedAt: string;
  events: { type: string; toStatus: string | null; at: string }[];
};

/** One console measurement: POST, then the watch API (a long-poll answering on change) until it says running. */
async function viaConsole(api: ApiClient, slug: string, name: string, signal: AbortSignal) {
  const base = `/api/v1/tenants/${slug}/instances`;
  const t0 = performance.now();
  const sentAt = performance.timeOrigin + t0;
  const { id } = await api.expect<{ id: string }>(202, 'POST', base, { name, imageId: IMAGE_ID, flavorId: FLAVOR_ID, ports: [PORT], start: true });
  const postMs = performance.now() - t0;
  const w = await watchUntil<Instance>(api, `${base}/${id}`, (i) => i.status === 'running', signal, TIMEOUT_MS);
  // When the reconciler recorded "running" (the event's time, from the console's clock: same machine).
  const event = w.inst.events.find((e) => e.toStatus === 'running');
  const recordedMs = event ? Date.parse(event.at) - sentAt : NaN;
  return { id, totalMs: w.at - t0, postMs, answers: w.answers, recordedMs };
}

/**
 * One raw measurement: createContainer + start of the same image, with the options the console's driver uses, until
 * the engine's "start" event arrives on the run's event stream (as the console's reconciler learns of it).
 */
async function viaEngine(opts: Dockerode.ContainerCreateOptions & { name: string }, events: EngineEvents, signal: AbortSignal) {
  const docker = benchDocker();
  const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(30_000)]);
  const t0 = performance.now();
  const started = events.next(opts.name, 'start', 30_000);
  const c = await docker.createContainer({ ...opts, abortSignal });
  await c.start({ abortSignal });
  const returnedMs = performance.now() - t0;
  const totalMs = (await started) - t0;
  await c.remove({ force: true, v: true, abortSignal: AbortSignal.timeout(30_000) });
  return { totalMs: Math.max(totalMs, returnedMs), returnedMs };
}

async function rawNetwork(c: BenchConsole, ctx: BenchContext): Promise<string> {
  // A user-defined bridge like a tenant's (the console makes one per tenant), labelled for clean-up. Its subnet is
  // chosen here, outside Docker's default address pools, so that the baseline never takes a pool the console needs.
  const name = `overcast-bench-${c.consoleId}`;
  for (let attempt = 0; ; attempt++) {
    const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`;
    try {
      await benchDocker().createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
        Labels: { [BENCH_LABEL]: c.consoleId, [BENCH_PID_LABEL]: String(process.pid) },
        Options: { 'com.docker.network.bridge.name': `oc-b${randomBytes(5).toString('hex')}` },
        abortSignal: AbortSignal.timeout(30_000),
      } as Parameters<Dockerode['createNetwork']>[0]);
      ctx.log(`baseline network ${name} (${subnet})`);
      return name;
    } catch (err) {
      // Overlaps another network's subnet: try another one.
      if (attempt >= 10 || !/overlap/i.test(String((err as { json?: { message?: string } }).json?.message))) throw err;
    }
  }
}

export const benchmark: Benchmark = {
  name: 'container.create-to-running',
  description: 'Container create → running: POST /api/v1/…/instances until the watch API reports "running", vs dockerode create + start until the start event',
  goal: { kind: 'ratio', max: 1.1 },
  iterations: 20,
  warmup: 2,
  async run(ctx) {
    const c = await ctx.console();
    const catalog = await c.api.expect<{ flavors: { id: string; cpuMillis: number; memoryMib: number; pidsLimit: number }[] }>(
      200,
      'GET',
      `/api/v1/tenants/${c.slug}/catalog`,
    );
    const flavor = catalog.flavors.find((f) => f.id === FLAVOR_ID);
    const image = IMAGE_DEFINITIONS.find((i) => i.id === IMAGE_ID);
    if (!flavor || !image) throw new Error(`the catalogue lacks ${FLAVOR_ID} or ${IMAGE_ID}`);

    const network = await rawNetwork(c, ctx);
    const rawOptions = (i: number): Dockerode.ContainerCreateOptions & { name: string } => {
      const inst: ContainerInstance = {
        id: `raw-${i}`,
        tenantId: 'bench',
        name: `raw-${i}`,
        engineRef: null,
        image: { ref: image.ref, readOnlyRoot: image.readOnlyRoot },
        flavor: { cpuMillis: flavor.cpuMillis, memoryMib: flavor.memoryMib, diskGib: 0, pidsLimit: flavor.pidsLimit },
        ports: [{ port: PORT, protocol: 'tcp' }],
        spec: { env: [], command: [] },
      };
      return {
        ...containerCreateOptions(inst, network),
        name: `overcast-bench-${c.consoleId}-raw-${i}`,
        // Not the console's labels: no console's sweep may consider these; ours are for clean-up.
        Labels: { [BENCH_LABEL]: c.consoleId, [BENCH_PID_LABEL]: String(process.pid) },
      };
    };

    const events = await EngineEvents.open(benchDocker(), `${BENCH_LABEL}=${c.consoleId}`, ctx.signal);
    ctx.defer('engine event stream', () => events.close());

    const samples: number[] = [];
    const baseline: number[] = [];
    const baselineReturned: number[] = [];
    const post: number[] = [];
    const answers: number[] = [];
    const recorded: number[] = [];
    const total = ctx.warmup + ctx.iterations;
    for (let i = 0; i < total; i++) {
      const warm = i < ctx.warmup;
      // The order alternates: drift on the machine (other work, a growing database) falls on both sides alike.
      const order = i % 2 ? (['raw', 'console'] as const) : (['console', 'raw'] as const);
      const line: string[] = [];
      for (const side of order) {
        checkAborted(ctx.signal);
        if (side === 'console') {
          const r = await viaConsole(c.api, c.slug, `bench-${i}`, ctx.signal);
          await deleteViaConsole(c.api, c.slug, [r.id], ctx.signal, { pollMs: 20, timeoutMs: TIMEOUT_MS });
          line.push(`console ${r.totalMs.toFixed(1)} ms (POST ${r.postMs.toFixed(1)}, ${r.answers} watch answers)`);
          if (!warm) {
            samples.push(r.totalMs);
            post.push(r.postMs);
            answers.push(r.answers);
            if (Number.isFinite(r.recordedMs)) recorded.push(r.recordedMs);
          }
        } else {
          const r = await viaEngine(rawOptions(i), events, ctx.signal);
          line.push(`raw ${r.totalMs.toFixed(1)} ms (start returned at ${r.returnedMs.toFixed(1)})`);
          if (!warm) {
            baseline.push(r.totalMs);
            baselineReturned.push(r.returnedMs);
          }
        }
        await sleep(SETTLE_MS);
      }
      ctx.log(`${warm ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: ${line.join(', ')}`);
    }

    const recordedSummary = summarize(recorded);
    const returnedSummary = summarize(baselineReturned);
    return {
      samples,
      baseline,
      notes: [
        `console: from sending POST /api/v1/tenants/{slug}/instances to receiving the watch API's answer (GET ` +
          `…/instances/{id}?watch=1&since=<updatedAt>, a long-poll answering when the instance changes) that reports ` +
          `"running" (set only after the reconciler observed the container running). No polling: the first GET answers ` +
          `at once, each later one when the row changes (median ${round(summarize(answers).median)} answers a run). ` +
          `The "running" event's own timestamp (when the reconciler recorded it) is ${round(recordedSummary.median)} ms ` +
          `after the POST was sent (median; ms resolution).`,
        `baseline: dockerode createContainer + start from the bench process, same image (${image.ref}), flavor ` +
          `(${flavor.id}) limits, hardening options, a port published on 127.0.0.1 and a user-defined bridge, as the ` +
          `console's driver makes them, until the engine's "start" event arrives on the run's event stream (and start ` +
          `returned: median ${round(returnedSummary.median)} ms). The order of the sides alternates; ${ctx.warmup} ` +
          `warm-up round(s) excluded; each instance is deleted (and gone) before the next measurement.`,
      ],
      extra: {
        postMs: summarize(post),
        watchAnswersPerRun: summarize(answers),
        recordedRunningMs: recordedSummary,
        baselineStartReturnedMs: returnedSummary,
        image: image.ref,
        flavor: flavor.id,
      },
    };
  },
};
