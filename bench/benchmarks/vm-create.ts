// Tiny VM create → guest ready through the console (REST API call to the API reporting "running", which the
// reconciler records only once the guest printed its readiness marker) versus a raw QEMU boot of the same image
// with the same command line (qemu-img overlay + qemu-system-x86_64 from the bench process, until the marker is in
// the serial log), interleaved. Also measured in the same run: the host memory (RSS) of idle VMs, and how boot
// time grows when 1, 2 and 4 VMs boot together, through the console and raw.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chooseAccel } from '@/lib/providers/qemu/accel';
import { livePid, readFrom, rssBytes } from '@/lib/providers/qemu/host';
import { READY_MARKER, readBuiltImage, vmImagesDir } from '@/lib/providers/qemu/images';
import { qemuArgs, vmPaths, type Accel, type VmConfig } from '@/lib/providers/qemu/vm-config';
import { DEFAULT_VM_FLAVORS } from '@/lib/providers/qemu/seed';
import { checkAborted, deleteViaConsole as deleteAll, sleep, underPoll, type ApiClient, type BenchConsole } from '../lib/console';
import { killVmsUnder } from '../lib/cleanup';
import { round, summarize } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

const run = promisify(execFile);
const IMAGE_ID = 'qemu-tiny';
const FLAVOR_ID = 'qemu-tiny';
const PORT = 80;
/**
 * Start-to-start period of the console's status polls. Booting under TCG is CPU-bound and one GET costs the console
 * ~15 ms of CPU on this 2-CPU machine, so polling faster would slow the very boot it measures; a console figure is
 * late by at most this + one GET. The raw side looks at its serial log every RAW_POLL_MS (a file read: no cost).
 */
const POLL_MS = 100;
const RAW_POLL_MS = 20;
/** Pause after each measurement, so that a VM's teardown does not overlap the next boot. */
const SETTLE_MS = 1_000;
const TIMEOUT_MS = 180_000;
const IDLE_MS = 10_000;
const MIB = 1024 * 1024;

type Instance = { id: string; name: string; status: string; statusReason: string | null; events?: { toStatus: string | null; at: string }[] };

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Watches one VM directory (every RAW_POLL_MS, file reads only) for when its QEMU process appeared and when the
 * guest's readiness marker reached the serial log, in ms after `t0`: where a create's time goes.
 */
function watchPhases(dir: () => string | null, t0: number) {
  const phases = { spawnMs: NaN, markerMs: NaN };
  let stop = false;
  const done = (async () => {
    while (!stop && Number.isNaN(phases.markerMs)) {
      const d = dir();
      if (d) {
        const p = vmPaths(path.dirname(d), path.basename(d));
        if (Number.isNaN(phases.spawnMs) && livePid(p.pid, p.dir)) phases.spawnMs = performance.now() - t0;
        if (readFrom(p.serialLog, 0).includes(READY_MARKER)) phases.markerMs = performance.now() - t0;
      }
      await sleep(RAW_POLL_MS);
    }
  })();
  return async (markerSeenMs?: number) => {
    stop = true;
    await done;
    // The caller may have seen the marker before this loop's next look.
    if (Number.isNaN(phases.markerMs) && markerSeenMs !== undefined) phases.markerMs = markerSeenMs;
    return phases;
  };
}

/** POSTs `names` at once, then polls the list until every one is running; returns each one's time and id. */
async function viaConsole(api: ApiClient, slug: string, names: string[], signal: AbortSignal, vmsDir: string) {
  const base = `/api/v1/tenants/${slug}/instances`;
  const t0 = performance.now();
  const sentAt = performance.timeOrigin + t0;
  let firstId: string | null = null;
  const phases = watchPhases(() => (firstId ? path.join(vmsDir, firstId) : null), t0);
  const created = await Promise.all(
    names.map((name) => api.expect<{ id: string }>(202, 'POST', base, { kind: 'vm', name, imageId: IMAGE_ID, flavorId: FLAVOR_ID, ports: [PORT], start: true })),
  );
  const postMs = performance.now() - t0;
  const ids = created.map((c) => c.id);
  firstId = ids[0]!;
  const readyMs = new Map<string, number>();
  let polls = 0;
  for (;;) {
    checkAborted(signal);
    const tReq = performance.now();
    const pending = ids.filter((id) => !readyMs.has(id));
    // One instance: its own GET (as a client watching it would); several: the list, one request for all.
    const rows =
      ids.length === 1
        ? [await api.expect<Instance>(200, 'GET', `${base}/${ids[0]}`)]
        : (await api.expect<{ instances: Instance[] }>(200, 'GET', `${base}?kind=vm&pageSize=100`)).instances.filter((i) => pending.includes(i.id));
    polls++;
    const tRes = performance.now();
    for (const r of rows) {
      if (r.status === 'running') readyMs.set(r.id, tRes - t0);
      else if (r.status === 'error' && !/No capacity/.test(r.statusReason ?? '')) throw new Error(`VM ${r.name} failed: ${r.statusReason}`);
    }
    if (readyMs.size === ids.length) break;
    if (tRes - t0 > TIMEOUT_MS) throw new Error(`VMs not running after ${TIMEOUT_MS / 1000} s: ${JSON.stringify(rows.map((r) => [r.name, r.status, r.statusReason]))}`);
    await sleep(Math.max(0, POLL_MS - (performance.now() - tReq)));
  }
  let recordedMs = NaN;
  if (ids.length === 1) {
    // When the reconciler recorded "running" (the event's time, the console's clock: same machine).
    const detail = await api.expect<Instance>(200, 'GET', `${base}/${ids[0]}`);
    const ev = detail.events?.find((e) => e.toStatus === 'running');
    if (ev) recordedMs = Date.parse(ev.at) - sentAt;
  }
  return { ids, each: ids.map((id) => readyMs.get(id)!), allMs: Math.max(...readyMs.values()), postMs, polls, recordedMs, phases: await phases() };
}

/** Deletes the console's VMs and waits until they are gone. */
const deleteVms = (api: ApiClient, slug: string, ids: string[], signal: AbortSignal) => deleteAll(api, slug, ids, signal, { pollMs: 100, timeoutMs: TIMEOUT_MS });

/** What the raw side boots: the image the console uses, with the accelerator the console's driver chooses. */
type RawSetup = { dir: string; image: NonNullable<ReturnType<typeof readBuiltImage>>; accel: Accel; memoryMib: number; diskGib: number };

let rawCount = 0;

/** One raw boot: the overlay (qemu-img) and QEMU with the driver's own command line, until the readiness marker. */
async function rawBoot(s: RawSetup, signal: AbortSignal): Promise<{ ms: number; phases: { spawnMs: number; markerMs: number }; stop: () => Promise<void>; pid: () => number | null }> {
  const id = `raw${process.pid}x${rawCount++}`;
  const p = vmPaths(s.dir, id);
  fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(p.hostname, id, { mode: 0o644 });
  const cfg: VmConfig = {
    instanceId: id, tenantId: 'bench', consoleId: 'bench', hostname: id, memoryMib: s.memoryMib, cpus: 1, diskGib: s.diskGib,
    ports: [PORT], image: s.image, hasUserData: false,
  };
  const args = qemuArgs(cfg, p, { accel: s.accel, runAs: process.getuid?.() === 0 ? 'nobody' : undefined });
  const t0 = performance.now();
  const phases = watchPhases(() => p.dir, t0);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', s.image.baseDisk, '-F', 'qcow2', p.disk, `${s.diskGib}G`], { timeout: 30_000 });
  await run('qemu-system-x86_64', args, { timeout: 60_000 });
  for (;;) {
    checkAborted(signal);
    if (readFrom(p.serialLog, 0).includes(READY_MARKER)) break;
    if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`raw VM ${id} not ready after ${TIMEOUT_MS / 1000} s`);
    await sleep(RAW_POLL_MS);
  }
  const ms = performance.now() - t0;
  const pid = () => livePid(p.pid, p.dir);
  return {
    ms,
    phases: await phases(ms),
    pid,
    stop: async () => {
      const q = pid();
      if (q) process.kill(q, 'SIGKILL');
      for (let i = 0; i < 100 && pid(); i++) await sleep(50);
      fs.rmSync(p.dir, { recursive: true, force: true });
    },
  };
}

/** The resident memory of each of the console's VMs `ids`, read from their QEMU processes. */
function consoleRss(c: BenchConsole, ids: string[]): number[] {
  return ids.map((id) => {
    const p = vmPaths(path.join(c.dataDir, 'vms'), id);
    const pid = livePid(p.pid, p.dir);
    const rss = pid ? rssBytes(pid) : null;
    if (rss === null) throw new Error(`the console's VM ${id} has no QEMU process`);
    return rss;
  });
}

async function rawSetup(ctx: BenchContext): Promise<RawSetup> {
  const imagesDir = process.env.OVERCAST_VM_IMAGES_DIR ?? vmImagesDir();
  const image = readBuiltImage('tiny', imagesDir);
  if (!image) throw new Error(`the tiny VM image is not built in ${imagesDir} (./overcast bench builds it)`);
  const flavor = DEFAULT_VM_FLAVORS.find((f) => f.id === FLAVOR_ID)!;
  // The same decision the console's driver makes (the same probe record), so both sides use one accelerator.
  const { accel, detail } = await chooseAccel(image, { qemuBinary: 'qemu-system-x86_64', cacheFile: path.join(imagesDir, 'accel-probe.json') });
  ctx.log(`raw QEMU side: image ${image.hash}, accelerator ${accel} (${detail})`);
  const dir = await ctx.tempDir('vmraw');
  ctx.defer('kill the raw VMs', async () => void (await killVmsUnder(dir)));
  return { dir, image, accel, memoryMib: flavor.memoryMib, diskGib: flavor.diskGib };
}

export const benchmark: Benchmark = {
  name: 'vm.create-to-ready',
  description: 'Tiny VM create → guest ready: POST /api/v1/…/instances (kind vm) until GET reports "running", vs qemu-img + qemu-system-x86_64 with the same flags until the guest’s readiness marker',
  goal: { kind: 'ratio', max: 1.2 },
  iterations: 6,
  warmup: 1,
  async run(ctx) {
    const c = await ctx.console();
    const vmsDir = path.join(c.dataDir, 'vms');
    const raw = await rawSetup(ctx);
    const samples: number[] = [];
    const baseline: number[] = [];
    const post: number[] = [];
    const polls: number[] = [];
    const recorded: number[] = [];
    const total = ctx.warmup + ctx.iterations;
    // A stopped VM whose GET the "raw+poll" side polls: the console's polling load without the console's work.
    const parked = await c.api.expect<{ id: string }>(202, 'POST', `/api/v1/tenants/${c.slug}/instances`, {
      kind: 'vm', name: 'bench-parked', imageId: IMAGE_ID, flavorId: FLAVOR_ID, ports: [], start: false,
    });
    const parkedPath = `/api/v1/tenants/${c.slug}/instances/${parked.id}`;
    const baselineUnderPoll: number[] = [];
    // Where each side's time goes: until QEMU runs (API, reconciler, overlay), booting (QEMU → the guest's marker),
    // and after (the marker → seen: the console's detection and recording, the poll; raw: the file check).
    const phase = {
      console: { spawn: [] as number[], boot: [] as number[], after: [] as number[] },
      raw: { spawn: [] as number[], boot: [] as number[], after: [] as number[] },
    };
    for (let i = 0; i < total; i++) {
      const warm = i < ctx.warmup;
      // The order rotates (A/B/C, B/C/A, C/A/B): drift on the machine falls on every side alike.
      const sides = ['console', 'raw', 'raw+poll'] as const;
      const order = sides.map((_, k) => sides[(i + k) % sides.length]!);
      const line: string[] = [];
      for (const side of order) {
        checkAborted(ctx.signal);
        if (side === 'console') {
          const r = await viaConsole(c.api, c.slug, [`bench-vm-${i}`], ctx.signal, vmsDir);
          await deleteVms(c.api, c.slug, r.ids, ctx.signal);
          line.push(`console ${fmt(r.allMs)} (POST ${r.postMs.toFixed(0)} ms, QEMU at ${fmt(r.phases.spawnMs)}, marker at ${fmt(r.phases.markerMs)}, recorded at ${fmt(r.recordedMs)}, ${r.polls} polls)`);
          if (!warm) {
            samples.push(r.allMs);
            phase.console.spawn.push(r.phases.spawnMs);
            phase.console.boot.push(r.phases.markerMs - r.phases.spawnMs);
            phase.console.after.push(r.allMs - r.phases.markerMs);
            post.push(r.postMs);
            polls.push(r.polls);
            if (Number.isFinite(r.recordedMs)) recorded.push(r.recordedMs);
          }
        } else if (side === 'raw+poll') {
          const r = await underPoll(c.api, parkedPath, POLL_MS, () => rawBoot(raw, ctx.signal));
          await r.stop();
          line.push(`raw+poll ${fmt(r.ms)}`);
          if (!warm) baselineUnderPoll.push(r.ms);
        } else {
          const r = await rawBoot(raw, ctx.signal);
          await r.stop();
          line.push(`raw ${fmt(r.ms)} (QEMU at ${fmt(r.phases.spawnMs)})`);
          if (!warm) {
            baseline.push(r.ms);
            phase.raw.spawn.push(r.phases.spawnMs);
            phase.raw.boot.push(r.phases.markerMs - r.phases.spawnMs);
            phase.raw.after.push(r.ms - r.phases.markerMs);
          }
        }
        await sleep(SETTLE_MS);
      }
      ctx.log(`${warm ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: ${line.join(', ')}`);
    }

    await deleteVms(c.api, c.slug, [parked.id], ctx.signal);

    // Boots together: 1, 2 and 4 VMs started at once, through the console and raw. After the console's 4 are ready
    // and have idled, their QEMU processes' resident memory is the "RSS per idle VM".
    const together: Record<string, { console: { allMs: number; each: number[] }; raw: { allMs: number; each: number[] } }> = {};
    let idleRss: number[] = [];
    let rawIdleRss: number[] = [];
    for (const n of [1, 2, 4]) {
      checkAborted(ctx.signal);
      const r = await viaConsole(c.api, c.slug, Array.from({ length: n }, (_, k) => `bench-together-${n}-${k}`), ctx.signal, vmsDir);
      if (n === 4) {
        await sleep(IDLE_MS);
        idleRss = consoleRss(c, r.ids);
      }
      await deleteVms(c.api, c.slug, r.ids, ctx.signal);
      await sleep(SETTLE_MS);
      const t0 = performance.now();
      const boots = await Promise.all(
        Array.from({ length: n }, async () => {
          const b = await rawBoot(raw, ctx.signal);
          return { ...b, at: performance.now() - t0 };
        }),
      );
      if (n === 4) {
        await sleep(IDLE_MS);
        rawIdleRss = boots.map((b) => rssBytes(b.pid() ?? -1) ?? NaN);
      }
      await Promise.all(boots.map((b) => b.stop()));
      together[String(n)] = { console: { allMs: r.allMs, each: r.each.map(round) }, raw: { allMs: Math.max(...boots.map((b) => b.at)), each: boots.map((b) => round(b.ms)) } };
      ctx.log(`${n} together: console all ready in ${fmt(r.allMs)} (each ${r.each.map(fmt).join(', ')}), raw in ${fmt(together[String(n)]!.raw.allMs)} (each ${boots.map((b) => fmt(b.ms)).join(', ')})`);
      await sleep(SETTLE_MS);
    }

    const rss = summarize(idleRss.map((b) => b / MIB));
    const rawRss = summarize(rawIdleRss.map((b) => b / MIB));
    const recordedSummary = summarize(recorded);
    const med = (xs: number[]) => fmt(summarize(xs).median);
    const phases = (k: 'console' | 'raw') => `until QEMU runs ${med(phase[k].spawn)}, booting ${med(phase[k].boot)}, marker → seen ${med(phase[k].after)}`;
    const growth = [1, 2, 4].map((n) => `${n}: console ${fmt(together[n]!.console.allMs)}, raw ${fmt(together[n]!.raw.allMs)}`).join('; ');
    return {
      samples,
      baseline,
      notes: [
        `console: from sending POST /api/v1/tenants/{slug}/instances (kind vm, ${FLAVOR_ID}: 1 vCPU, 128 MiB, 1 GiB disk) to ` +
          `receiving the first GET …/instances/{id} that reports "running" (recorded by the reconciler only after the ` +
          `guest printed its readiness marker on the serial console). Polled every ${POLL_MS} ms, so late by at most that ` +
          `+ one GET. The "running" event's own timestamp is ${fmt(recordedSummary.median)} after the POST (median).`,
        `baseline: in the bench process, qemu-img create (the same overlay) + qemu-system-x86_64 with the driver's own ` +
          `command line (qemuArgs: ${raw.accel}, -daemonize, sandbox, ${process.getuid?.() === 0 ? '-runas nobody, ' : ''}serial ` +
          `log) until the marker appears in the serial log (looked at every ${RAW_POLL_MS} ms). Sides alternate; ` +
          `${ctx.warmup} warm-up round(s) excluded; each VM is deleted (QEMU gone) before the next measurement.`,
        `where the time goes (medians): console: ${phases('console')}; raw: ${phases('raw')}.`,
        `diagnostic (not the goal): the same raw boot while the bench polls a stopped VM's GET every ${POLL_MS} ms, as ` +
          `during a console measurement: median ${med(baselineUnderPoll)}; the console's median is ` +
          `${(summarize(samples).median / summarize(baselineUnderPoll).median).toFixed(3)} × that. The difference from the ` +
          `raw baseline is what the observation itself costs on this machine's shared CPUs.`,
        `boots together (all ready): ${growth}. The console boots at most OVERCAST_VM_MAX_BOOTING VMs at once (default: ` +
          `the CPU count); the others wait ("Waiting for a boot slot", tried again every 0.5 s).`,
        `host RSS per idle VM (${IDLE_MS / 1000} s after ready, 128 MiB guest, TCG tb-size=32): console's ` +
          `${Math.round(rss.median)} MiB median (${Math.round(rss.min)}–${Math.round(rss.max)}, n=${rss.n}); raw ` +
          `${Math.round(rawRss.median)} MiB median (${Math.round(rawRss.min)}–${Math.round(rawRss.max)}).`,
      ],
      extra: {
        pollIntervalMs: POLL_MS,
        baselineUnderPollMs: { ...summarize(baselineUnderPoll), samples: baselineUnderPoll.map(round) },
        phasesMs: Object.fromEntries(
          (['console', 'raw'] as const).map((k) => [k, Object.fromEntries(Object.entries(phase[k]).map(([n, xs]) => [n, summarize(xs)]))]),
        ),
        postMs: summarize(post),
        pollsPerRun: summarize(polls),
        recordedRunningMs: recordedSummary,
        accel: raw.accel,
        together,
        idleRssMiB: { console: { ...rss, samples: idleRss.map((b) => Math.round(b / MIB)) }, raw: { ...rawRss, samples: rawIdleRss.map((b) => Math.round(b / MIB)) } },
      },
    };
  },
};
