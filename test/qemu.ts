// Helpers for the tests that boot real VMs with QEMU: the tiny image (built once, cached like ./overcast does), a
// VM directory of the test file's own, and clean-up that kills every QEMU the file started. The machine is shared:
// keep VMs few and small (128 MiB), and never touch a process the test did not start.
import { env } from '@/lib/env';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { vmImagesDir } from '@/lib/providers/qemu/images';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { livePid } from '@/lib/providers/qemu/host';
import { vmPaths } from '@/lib/providers/qemu/vm-config';
import type { VmInstance, VmSpec } from '@/lib/providers/qemu/spec';

/** Builds the tiny image if it is missing or stale (a no-op taking ~1 s when ./overcast has built it). */
export function ensureTinyImage(): string {
  return ensureVmImage('tiny', 120_000);
}

/** Builds the Debian image if it is missing or stale (~1.5–2 min from scratch; ~1 s when ./overcast has built it). */
export function ensureDebianImage(): string {
  return ensureVmImage('debian-12', 600_000);
}

function ensureVmImage(name: string, timeout: number): string {
  const dir = vmImagesDir();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-vm-images.ts', name], {
    env: { ...process.env, OVERCAST_VM_IMAGES_DIR: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout,
  });
  return dir;
}

/**
 * What a test file needs to drive VMs through the registered QEMU driver (as the console does): the tiny image, a
 * VM directory of its own (OVERCAST_VM_DIR), the VM catalogue. Returns the VM directory.
 */
export async function vmConsoleEnv(): Promise<string> {
  process.env.OVERCAST_VM_IMAGES_DIR = ensureTinyImage();
  const vmsDir = tempVmsDir();
  process.env.OVERCAST_VM_DIR = vmsDir;
  await seedVmCatalog(db());
  return vmsDir;
}

/**
 * A fresh directory for the file's VMs (short: QEMU's unix socket paths are limited to 107 bytes). Its VMs are
 * daemonized, outside the test run's process group, so they are also killed when the worker exits without afterAll.
 */
export function tempVmsDir(base = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(base, 'oc-vms-'));
  process.once('exit', () => killAllVms(dir));
  return dir;
}

/** Kills the QEMU of every VM under `vmsDir` and removes the directory. */
export function killAllVms(vmsDir: string): void {
  if (!fs.existsSync(vmsDir)) return;
  for (const name of fs.readdirSync(vmsDir)) {
    const p = vmPaths(vmsDir, name);
    const pid = livePid(p.pid, p.dir);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  fs.rmSync(vmsDir, { recursive: true, force: true });
}

/** QEMU processes whose command line names `dir` (to prove there is exactly one per VM, or none). */
export function qemuProcessesFor(dir: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      if (/\) [ZX] /.test(stat)) continue;
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.startsWith('qemu-system') && cmd.includes(dir)) out.push(Number(e));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

export function vmInstance(over: Partial<Omit<VmInstance, 'spec'>> & { spec?: VmSpec } = {}): VmInstance {
  return {
    id: `vm${Math.random().toString(36).slice(2, 12)}`,
    tenantId: 'tenant-qemu-test',
    name: 'tiny-test',
    engineRef: null,
    image: { ref: 'tiny', readOnlyRoot: false },
    flavor: { cpuMillis: 1000, memoryMib: 128, diskGib: 1, pidsLimit: 0 },
    ports: [{ port: 80, protocol: 'tcp' }],
    spec: {},
    ...over,
  };
}

export async function httpText(port: number, pathname: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://${env().OVERCAST_APPS_HOST}:${port}${pathname}`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text() };
}

/**
 * Types `input` on the VM's serial console and collects what it prints until `until` matches (or 15 s pass). The
 * input is typed again every 3 s while nothing matches: the guest's shell asks the terminal where its cursor is at
 * every prompt, and what is typed while it waits for the answer is lost; the answer is given here, but one typed
 * before the question arrives can still be lost. So `input` must be safe to run twice.
 */
export function serialExchange(socketPath: string, input: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let again: NodeJS.Timeout | undefined;
    const sock = net.connect(socketPath, () => {
      sock.write(input);
      again = setInterval(() => sock.write(input), 3_000);
    });
    const end = () => (clearTimeout(timer), clearInterval(again), sock.destroy());
    const timer = setTimeout(() => (end(), reject(new Error(`serial console: no ${until} in ${JSON.stringify(out.slice(-500))}`))), 15_000);
    sock.on('data', (d) => {
      const text = d.toString();
      // Answer the shell's cursor-position question as a terminal would, so that it goes on reading input.
      if (text.includes('\x1b[6n')) sock.write('\x1b[1;1R');
      out += text;
      if (!until.test(out)) return;
      end();
      resolve(out);
    });
    sock.on('error', (e) => (end(), reject(e)));
  });
}
