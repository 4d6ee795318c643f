// Chooses QEMU's accelerator: KVM only when a timed probe proves it works (a /dev/kvm that exists is not enough:
// nested paravirtual KVM such as kvm_pvm hangs stock guest kernels), TCG otherwise. The probe boots the tiny image
// once with KVM and waits for its readiness marker; the answer is cached per image version and QEMU binary.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { READY_MARKER, type BuiltImage } from './images';
import type { Accel } from './vm-config';

type ProbeRecord = { accel: Accel; image: string; qemu: string; at: string; detail: string };

function qemuIdentity(binary: string): string {
  // The binary's path, size and mtime: a QEMU upgrade probes again.
  for (const dir of binary.includes('/') ? [''] : (process.env.PATH ?? '').split(':')) {
    const full = dir ? path.join(dir, binary) : binary;
    try {
      const st = fs.statSync(full);
      return `${full}:${st.size}:${st.mtimeMs}`;
    } catch {
      // not here
    }
  }
  return binary;
}

/** Boots `image` under KVM (64 MiB, no disk, no network) and reports whether the guest became ready in time. */
export async function probeKvm(image: BuiltImage, o: { qemuBinary: string; timeoutMs: number }): Promise<{ ok: boolean; detail: string }> {
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    return { ok: false, detail: '/dev/kvm is missing or not accessible' };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-kvm-probe-'));
  const log = path.join(dir, 'serial.log');
  const started = Date.now();
  const child = spawn(
    o.qemuBinary,
    ['-nodefaults', '-no-user-config', '-M', 'pc', '-accel', 'kvm', '-m', '64', '-display', 'none', '-vga', 'none', '-no-reboot',
      '-kernel', image.kernel, '-initrd', image.initrd, '-append', 'console=ttyS0 quiet panic=-1', '-serial', `file:${log}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  try {
    while (Date.now() - started < o.timeoutMs && child.exitCode === null) {
      if (fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes(READY_MARKER)) {
        return { ok: true, detail: `guest ready under KVM in ${Date.now() - started} ms` };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode !== null) {
      const last = stderr.trim().split('\n').at(-1);
      return { ok: false, detail: `QEMU exited (code ${child.exitCode}) before the guest was ready under KVM${last ? `; it said: ${last}` : ''}` };
    }
    return { ok: false, detail: `the guest was not ready under KVM within ${o.timeoutMs} ms` };
  } finally {
    child.kill('SIGKILL');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * OVERCAST_QEMU_ACCEL=tcg|kvm forces one; otherwise ('auto') the probe decides, once per image version and QEMU
 * binary, remembered in `cacheFile`.
 */
export async function chooseAccel(image: BuiltImage, o: { qemuBinary: string; cacheFile: string; timeoutMs?: number; setting?: string }): Promise<{ accel: Accel; detail: string }> {
  const setting = o.setting ?? process.env.OVERCAST_QEMU_ACCEL ?? 'auto';
  if (setting === 'tcg' || setting === 'kvm') return { accel: setting, detail: `OVERCAST_QEMU_ACCEL=${setting}` };
  const qemu = qemuIdentity(o.qemuBinary);
  try {
    const rec = JSON.parse(fs.readFileSync(o.cacheFile, 'utf8')) as ProbeRecord;
    if (rec.image === image.hash && rec.qemu === qemu) return { accel: rec.accel, detail: `${rec.detail} (probed ${rec.at})` };
  } catch {
    // no record yet
  }
  const probe = await probeKvm(image, { qemuBinary: o.qemuBinary, timeoutMs: o.timeoutMs ?? 10_000 });
  const rec: ProbeRecord = { accel: probe.ok ? 'kvm' : 'tcg', image: image.hash, qemu, at: new Date().toISOString(), detail: probe.detail };
  try {
    fs.mkdirSync(path.dirname(o.cacheFile), { recursive: true });
    fs.writeFileSync(o.cacheFile, JSON.stringify(rec, null, 2) + '\n');
  } catch {
    // read-only: probe again next time
  }
  return { accel: rec.accel, detail: rec.detail };
}

/**
 * The accelerator new VMs get and why, without probing (for the capacity view): the setting when it forces one,
 * else the last probe's record, else null (no VM has started since the image was built).
 */
export function accelDecision(o: { cacheFile: string; setting?: string }): { accel: Accel | null; detail: string } {
  const setting = o.setting ?? process.env.OVERCAST_QEMU_ACCEL ?? 'auto';
  if (setting === 'tcg' || setting === 'kvm') return { accel: setting, detail: `set by OVERCAST_QEMU_ACCEL=${setting}` };
  try {
    const rec = JSON.parse(fs.readFileSync(o.cacheFile, 'utf8')) as ProbeRecord;
    return { accel: rec.accel, detail: `KVM probe ${rec.at}: ${rec.detail}` };
  } catch {
    return { accel: null, detail: 'not probed yet: the first VM start probes KVM (TCG unless the tiny image boots under KVM)' };
  }
}
