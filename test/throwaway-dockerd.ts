// A second, throw-away Docker Engine for tests that stop the engine: the machine's own dockerd is shared with
// other consoles and test runs and must never be stopped. This one has its own socket, data, exec root and pid file
// in a temporary directory, no default bridge, no iptables rules of its own and an address pool apart from the main
// daemon's; killing and restarting it (with the same data) touches nothing else. Needs root, like dockerd.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerAt } from '@/lib/providers/docker/client';

/**
 * Outside Docker's default pools (172.17–31.0.0/16, 192.168.0.0/16) that the main daemon uses; a random /16 of
 * 10.200–249 so that two test runs at once are unlikely to pick the same (dockerd also skips subnets in use).
 */
const ADDRESS_POOL = `base=10.${200 + Math.floor(Math.random() * 50)}.0.0/16,size=24`;

export class ThrowawayDockerd {
  readonly socket: string;
  readonly client: Docker;
  private proc: ChildProcess | null = null;

  private constructor(readonly dir: string) {
    this.socket = path.join(dir, 'docker.sock');
    this.client = dockerAt(this.socket);
  }

  static async start(): Promise<ThrowawayDockerd> {
    // Short: containerd's socket lives under the exec root and Unix socket paths are limited to 107 bytes.
    const d = new ThrowawayDockerd(fs.mkdtempSync(path.join(os.tmpdir(), 'ocd-')));
    fs.writeFileSync(path.join(d.dir, 'daemon.json'), '{}\n'); // not /etc/docker/daemon.json
    await d.up();
    return d;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts the daemon (again, with the same data) and waits until it answers. */
  async up(): Promise<void> {
    if (this.proc) throw new Error('the throw-away dockerd is already running');
    // After a crash dockerd's containerd dies too (it is bound to its parent), but may linger a moment as a zombie
    // whose pid file makes the next dockerd wait for it in vain ("containerd is still running", then a timeout).
    const containerdPid = path.join(this.dir, 'exec', 'containerd', 'containerd.pid');
    if (fs.existsSync(containerdPid) && !isLive(Number(fs.readFileSync(containerdPid, 'utf8')))) fs.rmSync(containerdPid);
    const log = fs.openSync(path.join(this.dir, 'dockerd.log'), 'a');
    const args = [
      `--config-file=${path.join(this.dir, 'daemon.json')}`,
      `--host=unix://${this.socket}`,
      `--data-root=${path.join(this.dir, 'data')}`,
      `--exec-root=${path.join(this.dir, 'exec')}`,
      `--pidfile=${path.join(this.dir, 'dockerd.pid')}`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
      `--default-address-pool=${ADDRESS_POOL}`,
    ];
    const proc = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.proc = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code, signal) => reject(new Error(`dockerd exited (${signal ?? code}) while starting:\n${this.logTail()}`))),
    );
    exited.catch(() => {}); // only awaited during start-up
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answered = await Promise.race([(this.client.ping as (o: object) => Promise<unknown>).call(this.client, { abortSignal: AbortSignal.timeout(1_000) }).then(() => true, () => false), exited]);
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`dockerd did not answer within 30 s:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Kills the daemon (SIGKILL: a crash, nothing cleaned up) and waits until it is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 10_000);
  }

  /** Copies images from another engine (docker save | docker load). */
  async loadImagesFrom(source: Docker, refs: string[]): Promise<void> {
    for (const ref of refs) {
      const tar = await source.getImage(ref).get();
      const out = (await this.client.loadImage(tar, { quiet: true })) as NodeJS.ReadableStream;
      let text = '';
      for await (const chunk of out as AsyncIterable<Buffer>) text += String(chunk);
      const failed = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { error?: string }).find((m) => m.error);
      if (failed) throw new Error(`loading ${ref}: ${failed.error}`);
    }
  }

  /**
   * Removes everything in it, stops it, and deletes its directory (also after a failed test). `bridges` names host
   * interfaces its networks made, removed in case the daemon could not remove them itself.
   */
  async destroy(bridges: string[] = []): Promise<void> {
    if (!this.proc) await this.up().catch(() => {}); // a running daemon cleans up after its containers best
    if (this.proc) {
      const containers = await this.client.listContainers({ all: true }).catch(() => []);
      await Promise.all(containers.map((c) => this.client.getContainer(c.Id).remove({ force: true }).catch(() => {})));
      const networks = await this.client.listNetworks().catch(() => []);
      await Promise.all(
        networks.filter((n) => !['none', 'host', 'bridge'].includes(n.Name)).map((n) => this.client.getNetwork(n.Id).remove().catch(() => {})),
      );
      await this.signal('SIGTERM', 20_000).catch(() => this.signal('SIGKILL', 10_000));
    }
    // Whatever still runs from our directory (containerd shims keep containers alive without a daemon), with the
    // container processes under it.
    for (const pid of processesUsing(this.dir)) killTree(pid);
    for (const b of bridges) if (fs.existsSync(`/sys/class/net/${b}`)) await run('ip', ['link', 'del', b]);
    // dockerd leaves its data root mounted (a private bind mount of its own); unmount what is below our directory.
    const mounts = fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4])
      .filter((m): m is string => !!m && (m === this.dir || m.startsWith(this.dir + '/')))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) await run('umount', ['-l', m]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(lines = 20): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private async signal(sig: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill(sig);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`dockerd did not exit after ${sig}`)), timeoutMs)));
      try {
        await Promise.race([gone, late]);
      } finally {
        clearTimeout(timer);
      }
    }
    this.proc = null;
  }
}

/** Whether a process exists and is not a zombie. */
function isLive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Processes whose command line names `dir` (the daemon, its containerd and shims, docker-proxy). */
function processesUsing(dir: string): number[] {
  return fs.readdirSync('/proc').flatMap((p) => {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) return [];
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').some((a) => a.includes(dir)) ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

/** SIGKILLs a process and its descendants, children first. */
function killTree(pid: number): void {
  let children: number[] = [];
  try {
    children = fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    // gone already
  }
  for (const c of children) killTree(c);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: 'ignore' }).once('exit', () => resolve()));
}
