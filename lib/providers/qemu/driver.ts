// Virtual machines on QEMU: one detached qemu-system-x86_64 per VM (daemonized, so VMs outlive a console restart),
// controlled over QMP, booted from a shared read-only image with a qcow2 overlay of its own. Everything a VM has
// lives in <vms>/<instance id>/, so a retry after a crash adopts the VM instead of making a second one, and the
// directory's config.json says whose it is (like the docker driver's labels).
import { ensureImage as ensureVolumeImage, unmount as unmountVolume } from '@/lib/providers/volumes/store';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { consoleId } from '@/lib/providers/console-id';
import { env } from '@/lib/env';
import { EngineError, type Driver, type DriverCapacity, type Endpoint, type LogLine, type ManagedObject, type Observation, type SnapshotOps, type SpecSource, type StatsSample, type TerminalSession, type VolumeSupport } from '@/lib/providers/types';
import { vmSpecOf, type VmInstance, type VmSpec } from './spec';
import { readBuiltImage, vmImagesDir, vmsDir as defaultVmsDir, type BuiltImage } from './images';
import { accelDecision, chooseAccel } from './accel';
import { USER_DATA_MAX_BYTES } from './limits';
import { sleep } from '@/lib/sleep';
import { cpuTicks, fileSize, livePid, readFrom, rssBytes, writeAtomic } from './host';
import { qmp } from './qmp';
import { openSerialTerminal } from './serial-terminal';
import { qemuSnapshots } from './snapshots';
import { guestReady, MAX_SOCKET_PATH, parseUsernet, qemuArgs, vcpusFor, vmPaths, type Accel, type VmConfig, type VmPaths } from './vm-config';
import { claimVmUser, releaseVmUser, VM_USERS_DIR, type VmUser } from './vm-users';

const run = promisify(execFile);

/** Host memory a VM costs beyond its guest memory (QEMU itself, TCG's code cache): measured ~70–110 MiB here. */
export const VM_OVERHEAD_MIB = 112;
/** The longest one boot keeps a boot slot (a TCG boot takes seconds; the Debian image ~30 s under load). */
const BOOT_SLOT_HOLD_MS = 3 * 60_000;
/** How soon a start refused for want of a boot slot is tried again. */
const BOOT_SLOT_RETRY_MS = 500;
/** A serial log bigger than this is started afresh at the next boot. */
const MAX_SERIAL_LOG = 4 * 1024 * 1024;

export type QemuDriverOptions = {
  /** Where VM directories live (default OVERCAST_VM_DIR, else <data dir>/vms). */
  vmsDir?: string;
  /** Where built images are found (default: images.ts vmImagesDir()). */
  imagesDir?: string;
  qemuBinary?: string;
  accel?: Accel;
  /** Host memory all running VMs may use together, guest memory plus overhead (default: half the host's). */
  maxMemoryMib?: number;
  /** VMs booting at once (booting is CPU-bound under TCG; default: the host's CPU count). */
  maxBooting?: number;
  /** How long a graceful stop may take before QEMU is stopped hard. */
  stopTimeoutMs?: number;
  /** The host-wide registry of VM users (vm-users.ts; default /var/lib/overcast/vm-users). */
  usersDir?: string;
};

/** Whether VMs get users of their own: only root can start QEMU as another user (otherwise it runs as the console). */
const asRoot = () => process.getuid?.() === 0;

/**
 * Who may touch a VM's files. The directory stays root's (a QEMU that could write it could rewrite config.json, the
 * command line root starts it with): root:<the VM's group> 0710. The disk is the VM's user's, 0600; everything else
 * (config, user-data, keys, logs, the pid file) is root's, 0600. QEMU opens all of it as root before it drops to the
 * VM's user, so another VM's user — a guest that escaped into its QEMU — can open none of it.
 */
function applyOwnership(p: VmPaths, user: VmUser): void {
  fs.chownSync(p.dir, 0, user.gid);
  fs.chmodSync(p.dir, 0o710);
  for (const e of fs.readdirSync(p.dir, { withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(p.dir, e.name);
    if (file === p.disk) fs.chownSync(file, user.uid, user.gid);
    else fs.chownSync(file, 0, 0);
    fs.chmodSync(file, 0o600);
  }
}

function envInt(name: string): number | undefined {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

export class QemuDriver implements Driver<VmSpec> {
  readonly id = 'qemu';
  readonly kind = 'vm' as const;
  readonly label = 'QEMU';
  /** The terminal is the guest's serial console (one line shared by every session). */
  readonly terminalKind = 'serial' as const;
  /** Raw disks, taken at each start: a VM's volumes change only while it is stopped. */
  readonly volumes: VolumeSupport = { attachedAs: 'disk', changesWhileRunning: false };
  /** Starts are serialised in this process so that two never pass the capacity check together. */
  private startQueue: Promise<unknown> = Promise.resolve();
  /** The accelerator chosen per image version (the KVM probe boots that image). */
  private readonly accels = new Map<string, Accel>();

  /** Disk snapshots inside the VM's overlay (snapshots.ts). */
  readonly snapshots: SnapshotOps<VmSpec> = qemuSnapshots((inst) => {
    const p = this.paths(inst.id);
    if (!this.readConfig(p)) throw new EngineError('The VM has not been created', true);
    return { p, running: this.pidOf(p) !== null };
  });

  constructor(private readonly o: QemuDriverOptions = {}) {}

  specOf(source: SpecSource): VmSpec {
    return vmSpecOf(source);
  }

  private usersDir(): string {
    return this.o.usersDir ?? VM_USERS_DIR;
  }

  private vmsDir(): string {
    return this.o.vmsDir ? path.resolve(this.o.vmsDir) : defaultVmsDir();
  }

  private paths(instanceId: string): VmPaths {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(instanceId)) throw new EngineError(`Invalid instance id for a VM: ${instanceId}`, false);
    return vmPaths(this.vmsDir(), instanceId);
  }

  private readConfig(p: VmPaths): VmConfig | null {
    try {
      return JSON.parse(fs.readFileSync(p.config, 'utf8')) as VmConfig;
    } catch {
      return null;
    }
  }

  private pidOf(p: VmPaths): number | null {
    return livePid(p.pid, p.dir);
  }

  private limits() {
    return {
      maxMemoryMib: this.o.maxMemoryMib ?? envInt('OVERCAST_VM_MAX_MEMORY_MIB') ?? Math.floor(os.totalmem() / 2 / 1024 / 1024),
      maxBooting: this.o.maxBooting ?? envInt('OVERCAST_VM_MAX_BOOTING') ?? os.cpus().length,
    };
  }

  private bootOffset(p: VmPaths): number {
    try {
      return Number(fs.readFileSync(p.bootOffset, 'utf8')) || 0;
    } catch {
      return 0;
    }
  }

  private booted(p: VmPaths): boolean {
    return guestReady(readFrom(p.serialLog, this.bootOffset(p)));
  }

  /**
   * Booting and within BOOT_SLOT_HOLD_MS of its start (or reset): a guest that never reports ready (user-data that
   * never ends) must not keep every other VM from booting.
   */
  private holdsBootSlot(p: VmPaths): boolean {
    if (this.booted(p)) return false;
    try {
      return Date.now() - fs.statSync(p.bootOffset).mtimeMs < BOOT_SLOT_HOLD_MS;
    } catch {
      return true;
    }
  }

  async observe(inst: VmInstance): Promise<Observation> {
    const p = this.paths(inst.id);
    const cfg = this.readConfig(p);
    if (!cfg) return { exists: false };
    if (cfg.instanceId !== inst.id) throw new EngineError(`The VM directory ${p.dir} does not belong to this instance`, false);
    const engineRef = inst.id;
    const pid = this.pidOf(p);
    if (!pid) {
      const everStarted = fs.existsSync(p.serialLog);
      if (fs.existsSync(p.stopRequested) || !everStarted) return { exists: true, engineRef, status: 'stopped', endpoints: [] };
      // Only the last boot's log counts (an earlier boot may have powered off too).
      const tail = readFrom(p.serialLog, Math.max(this.bootOffset(p), fileSize(p.serialLog) - 4096));
      const reason = /reboot: Power down/.test(tail) ? 'The guest powered itself off' : 'The VM’s QEMU process ended unexpectedly (killed or crashed)';
      return { exists: true, engineRef, status: 'stopped', reason, endpoints: [] };
    }
    let status: string;
    let usernet = '';
    try {
      const [st, net] = await qmp(p.qmp, [{ execute: 'query-status' }, { execute: 'human-monitor-command', arguments: { 'command-line': 'info usernet' } }]);
      status = (st as { status: string }).status;
      usernet = String(net ?? '');
    } catch (err) {
      // Alive but not answering yet (QMP comes up ~0.2 s after the process) or busy: still coming up.
      return { exists: true, engineRef, status: 'starting', reason: `Waiting for QEMU (${(err as Error).message})`, endpoints: [] };
    }
    if (status === 'guest-panicked' || status === 'internal-error') {
      return { exists: true, engineRef, status: 'error', reason: `The guest stopped: ${status}`, endpoints: [] };
    }
    if (status === 'shutdown') return { exists: true, engineRef, status: 'stopped', endpoints: [] };
    if (status !== 'running') return { exists: true, engineRef, status: 'starting', reason: `QEMU reports “${status}”`, endpoints: [] };
    if (!this.booted(p)) return { exists: true, engineRef, status: 'starting', reason: 'The guest is booting', endpoints: [] };
    const forwarded = parseUsernet(usernet);
    const endpoints: Endpoint[] = cfg.ports
      .filter((port) => forwarded.has(port))
      .map((port) => ({ port, protocol: 'tcp' as const, hostIp: env().OVERCAST_APPS_HOST, hostPort: forwarded.get(port)! }));
    return { exists: true, engineRef, status: 'running', endpoints };
  }

  async create(inst: VmInstance): Promise<void> {
    const p = this.paths(inst.id);
    const existing = this.readConfig(p);
    if (existing) {
      // adopt: made by an earlier attempt that crashed before recording it
      if (existing.instanceId !== inst.id) throw new EngineError(`The VM directory ${p.dir} does not belong to this instance`, false);
      return;
    }
    if (Math.max(p.qmp.length, p.serial.length) > MAX_SOCKET_PATH) {
      throw new EngineError(`The VM directory path is too long for QEMU's sockets (${p.qmp.length} > ${MAX_SOCKET_PATH} bytes): use a shorter OVERCAST_DATA_DIR`, false);
    }
    const image = readBuiltImage(inst.image.ref, this.o.imagesDir ?? vmImagesDir());
    if (!image) throw new EngineError(`VM image “${inst.image.ref}” is not built on this host (./overcast run builds it)`, false);
    const userData = inst.spec.userData ?? '';
    if (Buffer.byteLength(userData) > USER_DATA_MAX_BYTES) throw new EngineError(`User-data may be at most ${USER_DATA_MAX_BYTES / 1024} KiB`, false);
    fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(p.hostname, inst.spec.hostname || inst.name, { mode: 0o600 });
    if (userData) fs.writeFileSync(p.userData, userData.startsWith('#!') ? userData : `#!/bin/sh\n${userData}`, { mode: 0o600 });
    const sshKeys = inst.spec.sshPublicKeys ?? [];
    if (sshKeys.length) fs.writeFileSync(p.sshKeys, sshKeys.map((k) => k.trim()).join('\n') + '\n', { mode: 0o600 });
    if (!fs.existsSync(p.disk)) {
      const tmp = `${p.disk}.tmp`;
      const size = inst.flavor.diskGib > 0 ? [`${inst.flavor.diskGib}G`] : [];
      try {
        await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', image.baseDisk, '-F', 'qcow2', tmp, ...size], { timeout: 30_000 });
      } catch (err) {
        throw new EngineError(`Could not create the VM's disk: ${((err as { stderr?: string }).stderr || (err as Error).message).trim()}`, true);
      }
      fs.renameSync(tmp, p.disk);
    }
    const user = asRoot() ? await claimVmUser(p.dir, undefined, this.usersDir()) : undefined;
    if (user) applyOwnership(p, user);
    const cfg: VmConfig = {
      instanceId: inst.id,
      tenantId: inst.tenantId,
      consoleId: consoleId(),
      hostname: inst.spec.hostname || inst.name,
      memoryMib: inst.flavor.memoryMib,
      cpus: vcpusFor(inst.flavor.cpuMillis),
      diskGib: inst.flavor.diskGib,
      ports: inst.ports.map((x) => x.port),
      image,
      hasUserData: !!userData,
      hasSshKeys: sshKeys.length > 0,
      ...(user ? { user } : {}),
    };
    // Last: a directory without config.json is an unfinished create, which the next attempt completes.
    writeAtomic(p.config, JSON.stringify(cfg, null, 2) + '\n', 0o600);
  }

  async start(inst: VmInstance): Promise<void> {
    const p = this.paths(inst.id);
    const cfg = this.readConfig(p);
    if (!cfg) throw new EngineError('The VM has not been created', true);
    const next = this.startQueue.then(() => this.startLocked(p, cfg, inst.volumes));
    this.startQueue = next.catch(() => {});
    return next;
  }

  /**
   * Its volumes as raw disks, taken at each start (attachments change only while the VM is stopped). A volume used by
   * a container before is unmounted from the host first: one filesystem is never mounted by host and guest at once.
   */
  private async dataDisks(volumes: VmInstance['volumes']): Promise<{ file: string; readOnly: boolean }[]> {
    const out: { file: string; readOnly: boolean }[] = [];
    for (const v of [...(volumes ?? [])].sort((a, b) => a.mountPath.localeCompare(b.mountPath))) {
      await unmountVolume(v.id);
      out.push({ file: await ensureVolumeImage(v.id, v.sizeGib), readOnly: v.readOnly });
    }
    return out;
  }

  private async startLocked(p: VmPaths, cfg: VmConfig, volumes?: VmInstance['volumes']): Promise<void> {
    cfg = this.readConfig(p) ?? cfg; // as recorded now (an earlier start in the queue may have given it its user)
    if (this.pidOf(p)) {
      // Already running (a retry, or adopted after a restart); resume it if something paused it.
      await qmp(p.qmp, [{ execute: 'query-status' }]).then(async ([st]) => {
        if ((st as { status: string }).status === 'paused') await qmp(p.qmp, [{ execute: 'cont' }]);
      }).catch(() => {});
      return;
    }
    this.checkCapacity(cfg);
    for (const f of [p.qmp, p.serial, p.pid, p.stopRequested]) fs.rmSync(f, { force: true });
    if (fileSize(p.serialLog) > MAX_SERIAL_LOG) fs.rmSync(p.serialLog, { force: true });
    writeAtomic(p.bootOffset, String(fileSize(p.serialLog)), 0o600);
    let runAs: string | undefined;
    if (asRoot()) {
      // The VM's recorded user, claimed again (a VM made before VMs had users, or whose claim was lost, gets one now).
      const user = await claimVmUser(p.dir, cfg.user, this.usersDir());
      if (cfg.user?.uid !== user.uid || cfg.user?.gid !== user.gid) {
        cfg = { ...cfg, user };
        writeAtomic(p.config, JSON.stringify(cfg, null, 2) + '\n', 0o600);
      }
      applyOwnership(p, user);
      runAs = `${user.uid}:${user.gid}`;
    }
    const dataDisks = await this.dataDisks(volumes);
    const args = qemuArgs(cfg, p, { accel: this.o.accel ?? (await this.accelFor(cfg.image)), runAs, dataDisks });
    try {
      // -daemonize: this returns once QEMU is set up (or has failed), and the VM is then no child of the console.
      await run(this.qemuBinary(), args, { timeout: 60_000 });
    } catch (err) {
      const e = err as { code?: string; stderr?: string; message: string };
      if (e.code === 'ENOENT') throw new EngineError('QEMU is not installed on this host (Debian package qemu-system-x86)', false);
      const msg = (e.stderr || e.message).trim().split('\n').at(-1);
      fs.writeFileSync(p.qemuErr, e.stderr ?? e.message);
      throw new EngineError(`QEMU did not start: ${msg}`, false);
    }
  }

  private qemuBinary(): string {
    return this.o.qemuBinary ?? process.env.OVERCAST_QEMU_BINARY ?? 'qemu-system-x86_64';
  }

  private async accelFor(image: BuiltImage): Promise<Accel> {
    // The probe boots an image without a disk: the tiny one (it runs from its initramfs) whatever the VM's image is.
    const probeImage = readBuiltImage('tiny', this.o.imagesDir ?? vmImagesDir()) ?? image;
    let accel = this.accels.get(probeImage.hash);
    if (!accel) {
      const cacheFile = path.join(this.o.imagesDir ?? vmImagesDir(), 'accel-probe.json');
      accel = (await chooseAccel(probeImage, { qemuBinary: this.qemuBinary(), cacheFile })).accel;
      this.accels.set(probeImage.hash, accel);
    }
    return accel;
  }

  /** Refuses a start that would exceed the host's VM memory or concurrent-boot limit. */
  private checkCapacity(cfg: VmConfig): void {
    const { maxMemoryMib, maxBooting } = this.limits();
    let usedMib = 0;
    let booting = 0;
    for (const other of this.runningVms()) {
      usedMib += other.cfg.memoryMib + VM_OVERHEAD_MIB;
      if (this.holdsBootSlot(other.p)) booting++;
    }
    const need = cfg.memoryMib + VM_OVERHEAD_MIB;
    if (usedMib + need > maxMemoryMib) {
      throw new EngineError(`No capacity for this VM on this host: it needs ${need} MiB, ${Math.max(0, maxMemoryMib - usedMib)} MiB of the ${maxMemoryMib} MiB for VMs are free; retrying`, true);
    }
    if (booting >= maxBooting) {
      // A boot slot frees up within seconds: look again soon rather than after a growing backoff.
      throw new EngineError(`Waiting for a boot slot: ${booting} VM(s) are booting (limit ${maxBooting})`, true, BOOT_SLOT_RETRY_MS);
    }
  }

  /** Every VM directory with a live QEMU (any console's: they share the host). */
  private runningVms(): { p: VmPaths; cfg: VmConfig; pid: number }[] {
    const out: { p: VmPaths; cfg: VmConfig; pid: number }[] = [];
    for (const name of this.vmDirNames()) {
      const p = vmPaths(this.vmsDir(), name);
      const cfg = this.readConfig(p);
      const pid = cfg && this.pidOf(p);
      if (cfg && pid) out.push({ p, cfg, pid });
    }
    return out;
  }

  private vmDirNames(): string[] {
    try {
      return fs.readdirSync(this.vmsDir(), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  }

  async stop(inst: VmInstance): Promise<void> {
    const p = this.paths(inst.id);
    const pid = this.pidOf(p);
    if (!pid) return;
    fs.writeFileSync(p.stopRequested, new Date().toISOString());
    // ACPI power button first (the guest shuts down cleanly), then QEMU's quit, then SIGKILL.
    await qmp(p.qmp, [{ execute: 'system_powerdown' }]).catch(() => {});
    // A guest still booting has nothing listening for the power button yet: give it a moment, not the full wait.
    const patience = this.o.stopTimeoutMs ?? 15_000;
    if (await this.waitGone(p, this.booted(p) ? patience : Math.min(patience, 3_000))) return;
    await qmp(p.qmp, [{ execute: 'quit' }]).catch(() => {});
    if (await this.waitGone(p, 3_000)) return;
    await this.kill(p);
  }

  private async waitGone(p: VmPaths, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.pidOf(p)) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return true;
  }

  private async kill(p: VmPaths): Promise<void> {
    const pid = this.pidOf(p);
    if (!pid) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (!(await this.waitGone(p, 10_000))) throw new EngineError(`QEMU (pid ${pid}) did not end after SIGKILL`, true);
  }

  async restart(inst: VmInstance): Promise<void> {
    const p = this.paths(inst.id);
    if (!this.pidOf(p)) return this.start(inst);
    // The guest reboots in place: readiness is looked for again from here on in the serial log.
    writeAtomic(p.bootOffset, String(fileSize(p.serialLog)));
    try {
      await qmp(p.qmp, [{ execute: 'system_reset' }]);
    } catch (err) {
      throw new EngineError(`Could not reset the VM: ${(err as Error).message}`, true);
    }
  }

  async remove(inst: VmInstance): Promise<void> {
    await this.removeDir(this.paths(inst.id));
  }

  private async removeDir(p: VmPaths): Promise<void> {
    await this.kill(p);
    const user = this.readConfig(p)?.user;
    // Freed before the directory goes: until then the claim is this VM's (after, a left-over claim is taken back).
    if (user) await releaseVmUser(p.dir, user, this.usersDir());
    fs.rmSync(p.dir, { recursive: true, force: true });
  }

  async listManaged(): Promise<ManagedObject[]> {
    const out: ManagedObject[] = [];
    for (const name of this.vmDirNames()) {
      const cfg = this.readConfig(vmPaths(this.vmsDir(), name));
      if (!cfg || cfg.consoleId !== consoleId() || cfg.instanceId !== name) continue;
      // As the watch tells them apart (observe() asks QEMU itself: a paused or panicked guest is seen there).
      const pid = this.pidOf(vmPaths(this.vmsDir(), name));
      out.push({ engineRef: name, instanceId: cfg.instanceId, tenantId: cfg.tenantId, state: !pid ? 'stopped' : this.booted(vmPaths(this.vmsDir(), name)) ? 'running' : 'starting' });
    }
    return out;
  }

  async removeManaged(obj: ManagedObject): Promise<void> {
    const p = this.paths(obj.instanceId);
    const cfg = this.readConfig(p);
    if (cfg && cfg.consoleId !== consoleId()) return; // another console's VM: never ours to remove
    await this.removeDir(p);
  }

  /**
   * Calls back when a VM's process appears or ends, or its guest becomes ready (checked every `everyMs`, and every
   * `bootingEveryMs` while a VM boots, so that "running" follows the guest's readiness closely: QEMU has no event
   * stream that outlives the console, and a QMP connection per VM would hold the monitor's only client slot).
   */
  async watch(onChange: (instanceId: string) => void, signal: AbortSignal, everyMs = 1_000, bootingEveryMs = 100): Promise<void> {
    const seen = new Map<string, string>();
    while (!signal.aborted) {
      const now = new Map<string, string>();
      let booting = false;
      for (const name of this.vmDirNames()) {
        const p = vmPaths(this.vmsDir(), name);
        const cfg = this.readConfig(p);
        if (!cfg || cfg.consoleId !== consoleId()) continue;
        const pid = this.pidOf(p);
        const ready = pid ? this.booted(p) : false;
        if (pid && !ready) booting = true;
        now.set(name, pid ? `${pid}:${ready ? 'ready' : 'booting'}` : 'down');
      }
      for (const [id, state] of now) if (seen.has(id) && seen.get(id) !== state) onChange(id);
      for (const id of seen.keys()) if (!now.has(id)) onChange(id);
      seen.clear();
      for (const [k, v] of now) seen.set(k, v);
      await sleep(booting ? bootingEveryMs : everyMs, signal);
    }
  }

  /** The serial console's output (the boot log and whatever the guest prints), line by line. */
  async *logs(inst: VmInstance, opts: { follow: boolean; tail: number; signal: AbortSignal }): AsyncIterable<LogLine> {
    const p = this.paths(inst.id);
    const text = readFrom(p.serialLog, 0);
    let offset = Buffer.byteLength(text);
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines.slice(-opts.tail)) yield { at: new Date().toISOString(), stream: 'stdout', text: line };
    let partial = '';
    while (opts.follow && !opts.signal.aborted && fs.existsSync(p.dir)) {
      await sleep(500, opts.signal);
      const more = readFrom(p.serialLog, offset);
      if (!more) {
        if (fileSize(p.serialLog) < offset) offset = 0; // started afresh
        continue;
      }
      offset += Buffer.byteLength(more);
      const parts = (partial + more).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) yield { at: new Date().toISOString(), stream: 'stdout', text: line };
    }
  }

  /** CPU (from /proc/<pid>/stat) and resident memory of the VM's QEMU process, every second while it runs. */
  async *stats(inst: VmInstance, signal: AbortSignal): AsyncIterable<StatsSample> {
    const p = this.paths(inst.id);
    const cfg = this.readConfig(p);
    const ticksPerSecond = 100; // USER_HZ on Linux
    let last: { at: number; ticks: number } | null = null;
    while (!signal.aborted) {
      const pid = this.pidOf(p);
      const ticks = pid ? cpuTicks(pid) : null;
      const rss = pid ? rssBytes(pid) : null;
      if (!pid || ticks === null || rss === null) return;
      const at = Date.now();
      if (last) {
        const cpuPercent = ((ticks - last.ticks) / ticksPerSecond / ((at - last.at) / 1000)) * 100;
        yield { at, cpuPercent, memoryBytes: rss, memoryLimitBytes: ((cfg?.memoryMib ?? 0) + VM_OVERHEAD_MIB) * 1024 * 1024 };
      }
      last = { at, ticks };
      await sleep(1000, signal);
    }
  }

  /**
   * The host's VMs (every console's: they share the host's memory and CPUs): memory reserved and VMs booting
   * against the limits start() enforces, each VM's QEMU resident set, and the accelerator new VMs get and why.
   */
  async capacity(): Promise<DriverCapacity> {
    const { maxMemoryMib, maxBooting } = this.limits();
    const decision = this.o.accel
      ? { accel: this.o.accel, detail: 'set by the driver’s options' }
      : accelDecision({ cacheFile: path.join(this.o.imagesDir ?? vmImagesDir(), 'accel-probe.json') });
    let reservedMib = 0;
    let booting = 0;
    let running = 0;
    const objects: DriverCapacity['objects'] = [];
    for (const name of this.vmDirNames()) {
      const p = vmPaths(this.vmsDir(), name);
      const cfg = this.readConfig(p);
      if (!cfg) continue;
      const pid = this.pidOf(p);
      const ready = pid ? this.booted(p) : false;
      if (pid) {
        running++;
        reservedMib += cfg.memoryMib + VM_OVERHEAD_MIB;
        if (!ready) booting++;
      }
      objects.push({
        engineRef: name,
        instanceId: cfg.instanceId,
        tenantId: cfg.tenantId,
        state: pid ? (ready ? 'running' : 'booting') : 'stopped',
        memoryBytes: pid ? rssBytes(pid) : null,
        memoryLimitBytes: (cfg.memoryMib + VM_OVERHEAD_MIB) * 1024 * 1024,
        cpus: cfg.cpus,
      });
    }
    const accelName = decision.accel === 'kvm' ? 'KVM' : decision.accel === 'tcg' ? 'TCG (software emulation)' : 'not chosen yet';
    return {
      reachable: true,
      facts: [
        { label: 'Accelerator', value: accelName, detail: decision.detail },
        { label: 'VM directory', value: this.vmsDir() },
        { label: 'Memory per VM', value: `guest memory + ${VM_OVERHEAD_MIB} MiB for QEMU (reserved while it runs)` },
      ],
      gauges: [
        { id: 'vm-memory', label: 'Memory reserved by running VMs', used: reservedMib, limit: maxMemoryMib, unit: 'MiB' },
        { id: 'vm-booting', label: 'VMs booting now', used: booting, limit: maxBooting, unit: 'count' },
        { id: 'vm-running', label: 'VMs running', used: running, limit: null, unit: 'count' },
        { id: 'vm-total', label: 'VMs on this host (any state)', used: objects.length, limit: null, unit: 'count' },
      ],
      objects,
    };
  }

  /** The serial console (serial-terminal.ts): this process holds the VM's one serial connection for every session. */
  async terminal(inst: VmInstance): Promise<TerminalSession> {
    const p = this.paths(inst.id);
    if (!this.pidOf(p)) throw new EngineError('The VM is not running', true);
    return openSerialTerminal(p.serial, p.serialLog);
  }
}

/** The console's VMs (OVERCAST_VM_DIR or <data dir>/vms). */
export const qemuDriver = new QemuDriver();
