// Container create → running through the console (REST API call to the API reporting the reconciler's observed
// "running") versus the raw engine (dockerode createContainer + start with the same options), interleaved.
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { containerCreateOptions } from '@/lib/providers/docker/driver';
import { IMAGE_DEFINITIONS } from '@/lib/providers/docker/images';
import type { DriverInstance } from '@/lib/providers/types';
import { BENCH_LABEL, BENCH_PID_LABEL, checkAborted, deleteViaConsole, sleep, underPoll, type ApiClient, type BenchConsole } from '../lib/console';
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
const POLL_MS = 20;
/** Pause after each measurement, so that the background work it causes (engine events) does not overlap the next. */
const SETTLE_MS = 300;
const TIMEOUT_MS = 60_000;

type Instance = {
  id: string;
  status: string;
  statusReason: string | null;
  events: { type: string; toStatus: string | null; at: string }[];
};

/** One console measurement: POST, then GET every POLL_MS until the API says running. Returns the times. */
async function viaConsole(api: ApiClient, slug: string, name: string, signal: AbortSignal) {
  const base = `/api/v1/tenants/${slug}/instances`;
  const t0 = performance.now();
  const sentAt = performance.timeOrigin + t0;
  const { id } = await api.expect<{ id: string }>(202, 'POST', base, { name, imageId: IMAGE_ID, flavorId: FLAVOR_ID, ports: [PORT], start: true });
  const postMs = performance.now() - t0;
  const getMs: number[] = [];
  for (;;) {
    checkAborted(signal);
    const tReq = performance.now();
    const inst = await api.expect<Instance>(200, 'GET', `${base}/${id}`);
    const tRes = performance.now();
    getMs.push(tRes - tReq);
    if (inst.status === 'running') {
      // When the reconciler recorded "running" (the event's time, from the console's clock: same machine).
      const event = inst.events.find((e) => e.toStatus === 'running');
      const recordedMs = event ? Date.parse(event.at) - sentAt : NaN;
      return { id, totalMs: tRes - t0, postMs, getMs, recordedMs };
    }
    if (inst.status === 'error') throw new Error(`instance ${name} failed: ${inst.statusReason}`);
    if (tRes - t0 > TIMEOUT_MS) throw new Error(`instance ${name} not running after ${TIMEOUT_MS / 1000} s (status ${inst.status})`);
    await sleep(Math.max(0, POLL_MS - (performance.now() - tReq)));
  }
}

/** One raw measurement: createContainer + start of the same image, with the options the console's driver uses. */
async function viaEngine(opts: Dockerode.ContainerCreateOptions, signal: AbortSignal) {
  const docker = benchDocker();
  const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(30_000)]);
  const t0 = performance.now();
  const c = await docker.createContainer({ ...opts, abortSignal });
  await c.start({ abortSignal });
  const totalMs = performance.now() - t0;
  await c.remove({ force: true, v: true, abortSignal: AbortSignal.timeout(30_000) });
  return totalMs;
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
  description: 'Container create → running: POST /api/v1/…/instances until GET reports "running", vs dockerode create + start',
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
    const rawOptions = (i: number): Dockerode.ContainerCreateOptions => {
      const inst: DriverInstance = {
        id: `raw-${i}`,
        tenantId: 'bench',
        name: `raw-${i}`,
        engineRef: null,
        image: { ref: image.ref, readOnlyRoot: image.readOnlyRoot },
        flavor: { cpuMillis: flavor.cpuMillis, memoryMib: flavor.memoryMib, diskGib: 0, pidsLimit: flavor.pidsLimit },
        ports: [{ port: PORT, protocol: 'tcp' }],
        env: [],
        command: [],
      };
      return {
        ...containerCreateOptions(inst, network),
        name: `overcast-bench-${c.consoleId}-raw-${i}`,
        // Not the console's labels: no console's sweep may consider these; ours are for clean-up.
        Labels: { [BENCH_LABEL]: c.consoleId, [BENCH_PID_LABEL]: String(process.pid) },
      };
    };

    // A stopped instance whose GET the "raw under poll" side polls: the same requests, on a row that never changes.
    const parked = await c.api.expect<{ id: string }>(202, 'POST', `/api/v1/tenants/${c.slug}/instances`, {
      name: 'bench-parked',
      imageId: IMAGE_ID,
      flavorId: FLAVOR_ID,
      ports: [PORT],
      start: false,
    });
    const parkedPath = `/api/v1/tenants/${c.slug}/instances/${parked.id}`;

    const samples: number[] = [];
    const baseline: number[] = [];
    const baselineUnderPoll: number[] = [];
    const post: number[] = [];
    const get: number[] = [];
    const polls: number[] = [];
    const recorded: number[] = [];
    const total = ctx.warmup + ctx.iterations;
    for (let i = 0; i < total; i++) {
      const warm = i < ctx.warmup;
      // The order rotates (A/B/C, B/C/A, C/A/B): drift on the machine (other work, a growing database) falls on
      // every side alike.
      const sides = ['console', 'raw', 'raw+poll'] as const;
      const order = sides.map((_, k) => sides[(i + k) % sides.length]!);
      const line: string[] = [];
      for (const side of order) {
        checkAborted(ctx.signal);
        if (side === 'console') {
          const r = await viaConsole(c.api, c.slug, `bench-${i}`, ctx.signal);
          await deleteViaConsole(c.api, c.slug, [r.id], ctx.signal, { pollMs: 20, timeoutMs: TIMEOUT_MS });
          line.push(`console ${r.totalMs.toFixed(1)} ms (POST ${r.postMs.toFixed(1)}, ${r.getMs.length} polls)`);
          if (!warm) {
            samples.push(r.totalMs);
            post.push(r.postMs);
            get.push(...r.getMs);
            polls.push(r.getMs.length);
            if (Number.isFinite(r.recordedMs)) recorded.push(r.recordedMs);
          }
        } else if (side === 'raw') {
          const ms = await viaEngine(rawOptions(i), ctx.signal);
          line.push(`raw ${ms.toFixed(1)} ms`);
          if (!warm) baseline.push(ms);
        } else {
          const ms = await underPoll(c.api, parkedPath, POLL_MS, () => viaEngine(rawOptions(i + total), ctx.signal));
          line.push(`raw+poll ${ms.toFixed(1)} ms`);
          if (!warm) baselineUnderPoll.push(ms);
        }
        await sleep(SETTLE_MS);
      }
      ctx.log(`${warm ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: ${line.join(', ')}`);
    }

    await deleteViaConsole(c.api, c.slug, [parked.id], ctx.signal, { pollMs: 20, timeoutMs: TIMEOUT_MS });
    const getSummary = summarize(get);
    const underPollSummary = summarize(baselineUnderPoll);
    const recordedSummary = summarize(recorded);
    return {
      samples,
      baseline,
      notes: [
        `console: from sending POST /api/v1/tenants/{slug}/instances to receiving the first GET …/instances/{id} that ` +
          `reports status "running" (set only after the reconciler observed the container running). The status is ` +
          `polled every ${POLL_MS} ms (start to start), so a console figure is late by at most ${POLL_MS} ms + one GET ` +
          `(median ${round(getSummary.median)} ms, p90 ${round(getSummary.p90)} ms) and never early. For comparison, ` +
          `the "running" event's own timestamp (when the reconciler recorded it) is ${round(recordedSummary.median)} ms ` +
          `after the POST was sent (median; ms resolution): the rest is the poll's delay.`,
        `baseline: dockerode createContainer + start from the bench process, same image (${image.ref}), flavor ` +
          `(${flavor.id}) limits, hardening options, a port published on 127.0.0.1 and a user-defined bridge, as the ` +
          `console's driver makes them. The order of the sides rotates; ${ctx.warmup} warm-up round(s) excluded; each ` +
          `instance is deleted (and gone) before the next measurement.`,
        `diagnostic (not the goal): the same raw create + start while the bench polls a stopped instance's GET every ` +
          `${POLL_MS} ms, as during a console measurement: median ${round(underPollSummary.median)} ms ` +
          `(p10–p90 ${round(underPollSummary.p10)}–${round(underPollSummary.p90)}); the console's median is ` +
          `${(summarize(samples).median / underPollSummary.median).toFixed(3)} × that. The difference from the raw ` +
          `baseline is what the polling itself costs on this machine's shared CPUs.`,
      ],
      extra: {
        pollIntervalMs: POLL_MS,
        postMs: summarize(post),
        getMs: getSummary,
        pollsPerRun: summarize(polls),
        recordedRunningMs: recordedSummary,
        baselineUnderPollMs: { ...underPollSummary, samples: baselineUnderPoll.map(round) },
        image: image.ref,
        flavor: flavor.id,
      },
    };
  },
};
