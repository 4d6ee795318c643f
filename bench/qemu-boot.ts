// Benchmark: tiny VM create→guest ready through the QEMU driver versus a raw QEMU boot of the same image with the
// same flags, measured alternately in the same run (goal: ratio ≤ 1.20); host RSS per idle VM; and how boot time
// grows with 1, 2 and 4 VMs booting together. Cleans up every VM it starts.
// Usage: node --import tsx bench/qemu-boot.ts [rounds=3]   (builds the tiny image first if needed)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QemuDriver } from '../lib/providers/qemu/driver';
import { livePid, rssBytes } from '../lib/providers/qemu/host';
import { readBuiltImage, READY_MARKER, vmImagesDir } from '../lib/providers/qemu/images';
import { qemuArgs, vmPaths, type VmConfig } from '../lib/providers/qemu/vm-config';
import type { DriverInstance } from '../lib/providers/types';
import { vmInstance } from '../test/qemu';

const rounds = Number(process.argv[2] ?? 3);
const imagesDir = vmImagesDir();
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-vm-images.ts'], { env: { ...process.env, OVERCAST_VM_IMAGES_DIR: imagesDir }, stdio: 'inherit' });
const image = readBuiltImage('tiny', imagesDir)!;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-'));
const driver = new QemuDriver({ vmsDir: path.join(root, 'vms'), imagesDir, accel: 'tcg', maxBooting: 16 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let n = 0;

const inst = (): DriverInstance => vmInstance({ id: `bench${process.pid}x${n++}`, tenantId: 'bench', name: 'bench' });

/** Through the driver: create (overlay, config) + start, until observe() says running (guest ready). */
async function viaDriver(i: DriverInstance): Promise<number> {
  const t0 = performance.now();
  await driver.create(i);
  await driver.start(i);
  for (;;) {
    const o = await driver.observe(i);
    if (o.exists && o.status === 'running') return performance.now() - t0;
    await sleep(50);
  }
}

/** Raw: the same overlay command and QEMU arguments by hand, until the marker is in the serial log. */
async function raw(): Promise<number> {
  const id = `raw${process.pid}x${n++}`;
  const p = vmPaths(path.join(root, 'raw'), id);
  fs.mkdirSync(p.dir, { recursive: true });
  fs.writeFileSync(p.hostname, 'bench');
  const cfg: VmConfig = { instanceId: id, tenantId: 'bench', consoleId: 'bench', hostname: 'bench', memoryMib: 128, cpus: 1, diskGib: 1, ports: [80], image, hasUserData: false };
  const t0 = performance.now();
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', image.baseDisk, '-F', 'qcow2', p.disk, '1G']);
  execFileSync('qemu-system-x86_64', qemuArgs(cfg, p, { accel: 'tcg', runAs: process.getuid?.() === 0 ? 'nobody' : undefined }));
  for (;;) {
    if (fs.existsSync(p.serialLog) && fs.readFileSync(p.serialLog, 'utf8').includes(READY_MARKER)) break;
    await sleep(50);
  }
  const ms = performance.now() - t0;
  const pid = livePid(p.pid, p.dir);
  if (pid) process.kill(pid, 'SIGKILL');
  await sleep(200);
  fs.rmSync(p.dir, { recursive: true, force: true });
  return ms;
}

try {
  const d: number[] = [];
  const r: number[] = [];
  for (let k = 0; k < rounds; k++) {
    r.push(await raw());
    const i = inst();
    d.push(await viaDriver(i));
    await driver.remove(i);
  }
  console.log(`create→ready, ${rounds} rounds alternating: driver median ${(median(d) / 1000).toFixed(2)} s [${d.map((x) => (x / 1000).toFixed(2)).join(', ')}], raw QEMU median ${(median(r) / 1000).toFixed(2)} s [${r.map((x) => (x / 1000).toFixed(2)).join(', ')}], ratio ${(median(d) / median(r)).toFixed(2)}`);

  const idle = inst();
  await viaDriver(idle);
  await sleep(5000);
  const pid = livePid(vmPaths(path.join(root, 'vms'), idle.id).pid, vmPaths(path.join(root, 'vms'), idle.id).dir)!;
  console.log(`host RSS of one idle tiny VM (128 MiB guest, TCG tb-size=32), 5 s after ready: ${Math.round(rssBytes(pid)! / 1024 / 1024)} MiB`);
  await driver.remove(idle);

  for (const count of [1, 2, 4]) {
    const vms = Array.from({ length: count }, inst);
    const t0 = performance.now();
    const each = await Promise.all(vms.map((i) => viaDriver(i)));
    const all = performance.now() - t0;
    console.log(`${count} VM(s) booting together: all ready in ${(all / 1000).toFixed(2)} s (each: ${each.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`);
    for (const i of vms) await driver.remove(i);
  }
} finally {
  for (const dir of [path.join(root, 'vms'), path.join(root, 'raw')]) {
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const p = vmPaths(dir, name);
      const pid = livePid(p.pid, p.dir);
      if (pid) process.kill(pid, 'SIGKILL');
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
}
