// The QEMU driver on real QEMU (TCG), one tiny VM through its whole life: created on a qcow2 overlay, running only
// once the guest says it is ready, a forwarded port answering HTTP, user-data and hostname applied, memory from the
// flavor, graceful stop, start again (the disk kept its data), reboot, adoption by a fresh driver (a restarted
// console), a killed QEMU seen as not running, removal leaving no process and no files; and the capacity limit.
import { env } from '@/lib/env';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QemuDriver } from '@/lib/providers/qemu/driver';
import { rssBytes } from '@/lib/providers/qemu/host';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import { EngineError, type Observation } from '@/lib/providers/types';
import { waitFor } from '../docker';
import { ensureTinyImage, serialExchange, httpText, killAllVms, qemuProcessesFor, tempVmsDir, vmInstance } from '../qemu';

const CONSOLE = `it-qemu-${process.pid}`;
let vmsDir: string;
let imagesDir: string;
let driver: QemuDriver;
const figures: string[] = [];

// User-data runs once per VM (at its first boot): it writes a line to the disk (synced: the reset below is a hard
// one), so later boots show that the overlay kept what the first one wrote and that user-data did not run again.
const USER_DATA = `#!/bin/sh
echo "a secret the boot log must not show: s3cr3t-$((6*7))"
echo "user-data ran as $(id -u)" > /www/user-data.txt
hostname > /www/hostname.txt
grep MemTotal /proc/meminfo > /www/meminfo.txt
echo boot >> /data/boots
cp /data/boots /www/boots.txt
sync
`;

const inst = vmInstance({ name: 'tiny-one', spec: { userData: USER_DATA } });

/** Lines in the guest's /data/boots (one per run of the user-data), read through the serial console. */
async function linesOnDisk(): Promise<number> {
  const out = await serialExchange(vmPaths(vmsDir, inst.id).serial, 'echo "[boots=$(wc -l < /data/boots)]"\n', /\[boots=\s*\d+\]/);
  return Number(/\[boots=\s*(\d+)\]/.exec(out)![1]);
}

/** How often the guest ran the user-data and how often it skipped it, by its own words in the serial log. */
function userDataRuns(): { ran: number; skipped: number } {
  const log = fs.readFileSync(vmPaths(vmsDir, inst.id).serialLog, 'utf8');
  return { ran: (log.match(/overcast: running user-data/g) ?? []).length, skipped: (log.match(/overcast: user-data already ran at the first boot \(exit 0, /g) ?? []).length };
}
const runningObs = (o: Observation) => (o.exists && o.status === 'running' ? o : false);

beforeAll(() => {
  process.env.OVERCAST_CONSOLE_ID = CONSOLE;
  imagesDir = ensureTinyImage();
  vmsDir = tempVmsDir();
  driver = new QemuDriver({ vmsDir, imagesDir, stopTimeoutMs: 10_000 });
}, 180_000);

afterAll(() => {
  killAllVms(vmsDir);
  if (figures.length) console.log(`QEMU figures:\n  ${figures.join('\n  ')}`);
});

describe('a tiny VM on real QEMU', () => {
  let hostPort = 0;
  let pid = 0;

  it('is created as a qcow2 overlay on the shared base, not started', async () => {
    expect(await driver.observe(inst)).toEqual({ exists: false });
    await driver.create(inst);
    await driver.create(inst); // a retry adopts
    const p = vmPaths(vmsDir, inst.id);
    expect(fs.existsSync(p.disk)).toBe(true);
    expect(fs.statSync(p.disk).size).toBeLessThan(2 * 1024 * 1024);
    const obs = await driver.observe(inst);
    expect(obs).toMatchObject({ exists: true, status: 'stopped', endpoints: [] });
    expect(obs.exists && obs.reason).toBeFalsy();
    expect(await driver.listManaged()).toEqual([{ engineRef: inst.id, instanceId: inst.id, tenantId: inst.tenantId, state: 'stopped' }]);
  });

  it('starts, is "starting" while the guest boots, then running with its port forwarded to the apps address', async () => {
    const t0 = Date.now();
    await driver.start(inst);
    const early = await driver.observe(inst);
    expect(early).toMatchObject({ exists: true, status: 'starting', endpoints: [] });
    const obs = await waitFor('the guest to be ready', async () => runningObs(await driver.observe(inst)), 90_000, 200);
    figures.push(`create→ready (start to guest marker, TCG, 128 MiB): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(obs.endpoints).toHaveLength(1);
    expect(obs.endpoints[0]).toMatchObject({ port: 80, protocol: 'tcp', hostIp: env().OVERCAST_APPS_HOST });
    hostPort = obs.endpoints[0]!.hostPort;
    pid = qemuProcessesFor(vmPaths(vmsDir, inst.id).dir)[0]!;
    expect(pid).toBeGreaterThan(0);
  });

  it('serves HTTP through the forwarded port; user-data ran, hostname and memory are the flavor’s', async () => {
    expect((await httpText(hostPort, '/')).body).toContain('tiny-one');
    expect((await httpText(hostPort, '/user-data.txt')).body.trim()).toBe('user-data ran as 0');
    // Its output stays in the guest (viewers may read the boot log; user-data may print secrets).
    expect(fs.readFileSync(vmPaths(vmsDir, inst.id).serialLog, 'utf8')).not.toContain('s3cr3t-42');
    expect(fs.readFileSync(vmPaths(vmsDir, inst.id).serialLog, 'utf8')).toContain('overcast: user-data exited with 0 (its output: /var/log/user-data.log)');
    expect((await httpText(hostPort, '/hostname.txt')).body.trim()).toBe('tiny-one');
    const kib = Number(/(\d+) kB/.exec((await httpText(hostPort, '/meminfo.txt')).body)?.[1]);
    expect(kib).toBeGreaterThan(64 * 1024);
    expect(kib).toBeLessThanOrEqual(128 * 1024);
    expect((await httpText(hostPort, '/boots.txt')).body.trim().split('\n')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000));
    figures.push(`host RSS of the idle VM's QEMU: ${Math.round(rssBytes(pid)! / 1024 / 1024)} MiB (guest 128 MiB, tb-size=32)`);
  });

  it('reports CPU and memory of its QEMU process', async () => {
    const ac = new AbortController();
    const it = driver.stats(inst, ac.signal)[Symbol.asyncIterator]();
    const first = await it.next();
    ac.abort();
    expect(first.done).toBe(false);
    expect(first.value.memoryBytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(first.value.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('shows the boot log (serial console)', async () => {
    const lines: string[] = [];
    for await (const l of driver.logs(inst, { follow: false, tail: 200, signal: AbortSignal.timeout(5_000) })) lines.push(l.text);
    expect(lines.join('\n')).toContain('OVERCAST-READY tiny-one');
  });

  it('is adopted by a fresh driver (a restarted console): same process, no second one', async () => {
    const fresh = new QemuDriver({ vmsDir, imagesDir });
    expect(await fresh.observe(inst)).toMatchObject({ exists: true, status: 'running', endpoints: [{ port: 80, hostPort }] });
    await fresh.create(inst);
    await fresh.start(inst);
    expect(qemuProcessesFor(vmPaths(vmsDir, inst.id).dir)).toEqual([pid]);
  });

  it('stops gracefully (ACPI power-down): the process ends, the stop is no error', async () => {
    const t0 = Date.now();
    await driver.stop(inst);
    figures.push(`graceful stop (system_powerdown → QEMU exit): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(Date.now() - t0).toBeLessThan(10_000); // the guest shut down; no hard stop was needed
    expect(qemuProcessesFor(vmPaths(vmsDir, inst.id).dir)).toEqual([]);
    const obs = await driver.observe(inst);
    expect(obs).toMatchObject({ exists: true, status: 'stopped', endpoints: [] });
    expect(obs.exists && obs.reason).toBeFalsy();
    await driver.stop(inst); // idempotent
  });

  it('starts again with the same disk (the overlay kept what the first boot wrote); user-data does not run again', async () => {
    await driver.start(inst);
    const obs = await waitFor('the guest to be ready again', async () => runningObs(await driver.observe(inst)), 90_000, 200);
    hostPort = obs.endpoints[0]!.hostPort;
    expect(await linesOnDisk()).toBe(1);
    expect((await httpText(hostPort, '/user-data.txt')).status).toBe(404); // the in-memory root is fresh at each boot
    expect(userDataRuns()).toEqual({ ran: 1, skipped: 1 });
  });

  it('reboots in place (system_reset): starting again, then ready with the same process', async () => {
    const before = qemuProcessesFor(vmPaths(vmsDir, inst.id).dir);
    await driver.restart(inst);
    expect((await driver.observe(inst)).exists && (await driver.observe(inst) as { status: string }).status).toBe('starting');
    const obs = await waitFor('the guest to be ready after the reset', async () => runningObs(await driver.observe(inst)), 90_000, 200);
    expect(qemuProcessesFor(vmPaths(vmsDir, inst.id).dir)).toEqual(before);
    expect((await httpText(obs.endpoints[0]!.hostPort, '/')).body).toContain('tiny-one');
    expect(await linesOnDisk()).toBe(1);
    expect(userDataRuns()).toEqual({ ran: 1, skipped: 2 });
  });

  it('has an interactive serial console (a shell on ttyS0, through the serial socket)', async () => {
    const out = await serialExchange(vmPaths(vmsDir, inst.id).serial, 'echo "[$(hostname)-$((6*7))]"\n', /\[tiny-one-42\]/);
    expect(out).toContain('[tiny-one-42]');
  });

  it('is observed as not running, with a reason, when its QEMU is killed behind the console’s back; watch() reports it', async () => {
    const ac = new AbortController();
    const changed: string[] = [];
    const watching = driver.watch((id) => changed.push(id), ac.signal, 200);
    await new Promise((r) => setTimeout(r, 500));
    const [victim] = qemuProcessesFor(vmPaths(vmsDir, inst.id).dir);
    process.kill(victim!, 'SIGKILL');
    const obs = await waitFor('the VM to be seen as stopped', async () => {
      const o = await driver.observe(inst);
      return o.exists && o.status === 'stopped' && o;
    }, 10_000);
    expect(obs.reason).toMatch(/ended unexpectedly/);
    await waitFor('watch() to report the change', async () => changed.includes(inst.id), 5_000);
    ac.abort();
    await watching;
  });

  it('is observed as powered off (not crashed) when the guest shuts itself down', async () => {
    await driver.start(inst);
    await waitFor('the guest to be ready', async () => runningObs(await driver.observe(inst)), 90_000, 200);
    const serial = vmPaths(vmsDir, inst.id).serial;
    // The guest reports ready before its console shell reads input; under load, a keystroke sent earlier is lost.
    await waitFor('the serial shell to answer', async () => /ready-42/.test(await serialExchange(serial, 'echo ready-$((6*7))\n', /ready-42/).catch(() => '')), 45_000, 500);
    // Typed again every 10 s until the VM is off: a keystroke can be lost (see serialExchange).
    let typedAt = 0;
    const obs = await waitFor('the VM to be seen as stopped', async () => {
      const o = await driver.observe(inst);
      if (o.exists && o.status === 'stopped') return o;
      if (Date.now() - typedAt > 10_000) {
        typedAt = Date.now();
        // The shell echoes what it read: typed again (every 3 s, up to 15 s) until the guest has the command.
        await serialExchange(serial, 'poweroff\n', /poweroff/).catch(() => '');
      }
      return false;
    }, 45_000);
    expect(obs.reason).toBe('The guest powered itself off');
  });

  it('is removed: no process, no directory, no disk; removing again succeeds', async () => {
    await driver.start(inst);
    await driver.remove(inst);
    const p = vmPaths(vmsDir, inst.id);
    expect(qemuProcessesFor(p.dir)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(false);
    expect(await driver.observe(inst)).toEqual({ exists: false });
    expect(await driver.listManaged()).toEqual([]);
    await driver.remove(inst);
  });
});

describe('host capacity and bad input', () => {
  it('refuses to start a VM beyond the host memory limit, with a clear error and no process', async () => {
    const small = new QemuDriver({ vmsDir, imagesDir, maxMemoryMib: 200 });
    const big = vmInstance({ flavor: { cpuMillis: 1000, memoryMib: 256, diskGib: 1, pidsLimit: 0 } });
    await small.create(big);
    const err = await small.start(big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).toMatch(/^No capacity for this VM on this host/);
    expect((err as EngineError).retryAfterMs).toBeUndefined(); // memory frees up only when a VM stops: backoff
    expect(qemuProcessesFor(vmPaths(vmsDir, big.id).dir)).toEqual([]);
    await small.remove(big);
  });

  it('refuses to boot more VMs at once than the boot limit', async () => {
    const one = new QemuDriver({ vmsDir, imagesDir, maxBooting: 1, accel: 'tcg' });
    const a = vmInstance();
    const b = vmInstance();
    await one.create(a);
    await one.create(b);
    try {
      await one.start(a);
      const err = await one.start(b).catch((e: unknown) => e);
      expect((err as Error).message).toBe('Waiting for a boot slot: 1 VM(s) are booting (limit 1)');
      expect((err as EngineError).transient).toBe(true);
      // A boot slot frees up within seconds: the reconciler looks again soon instead of backing off.
      expect((err as EngineError).retryAfterMs).toBe(500);
      expect(qemuProcessesFor(vmPaths(vmsDir, b.id).dir)).toEqual([]);
      // A boot that has not reported ready after 3 minutes (user-data that never ends) no longer holds the slot.
      const old = new Date(Date.now() - 4 * 60_000);
      fs.utimesSync(vmPaths(vmsDir, a.id).bootOffset, old, old);
      await one.start(b);
      expect(qemuProcessesFor(vmPaths(vmsDir, b.id).dir)).toHaveLength(1);
    } finally {
      await one.remove(a);
      await one.remove(b);
    }
  });

  it('refuses an image that is not built and user-data over its limit, creating nothing', async () => {
    const noImage = vmInstance({ image: { ref: 'no-such-image', readOnlyRoot: false } });
    await expect(driver.create(noImage)).rejects.toThrow(/VM image “no-such-image” is not built/);
    const huge = vmInstance({ spec: { userData: 'x'.repeat(17 * 1024) } });
    await expect(driver.create(huge)).rejects.toThrow(/User-data may be at most 16 KiB/);
    expect(fs.existsSync(vmPaths(vmsDir, noImage.id).dir) || fs.existsSync(vmPaths(vmsDir, huge.id).dir)).toBe(false);
  });

  it('lists only this console’s VMs, and never removes another console’s', async () => {
    const mine = vmInstance();
    await driver.create(mine);
    process.env.OVERCAST_CONSOLE_ID = 'another-console';
    const theirs = vmInstance();
    try {
      await driver.create(theirs);
    } finally {
      process.env.OVERCAST_CONSOLE_ID = CONSOLE;
    }
    expect((await driver.listManaged()).map((m) => m.instanceId)).toEqual([mine.id]);
    await driver.removeManaged({ engineRef: theirs.id, instanceId: theirs.id, tenantId: theirs.tenantId });
    expect(fs.existsSync(vmPaths(vmsDir, theirs.id).dir)).toBe(true);
    await driver.removeManaged({ engineRef: mine.id, instanceId: mine.id, tenantId: mine.tenantId });
    expect(fs.existsSync(vmPaths(vmsDir, mine.id).dir)).toBe(false);
  });
});
