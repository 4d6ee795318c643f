// CPU, memory and process limits for BuildKit's RUN steps on the Docker Engine, enforced in the engine host's cgroups.
//
// Why here: Engine 20.10's BuildKit ignores the build API's memory/cpu options (and `cgroupparent`). Checked on this
// machine (cgroup v1, cgroupfs driver): each RUN step is a runc container in a cgroup of its own,
// `/docker/buildkit/<BuildKit's exec id>`, in every hierarchy (memory, cpu, pids, …), and nothing limits it. So:
//  - the parent, `/sys/fs/cgroup/<controller>/docker/buildkit`, gets the limits of all builds together
//    (per-build limit × builds at once), written before each build: a kernel bound from the first instruction on;
//  - each step's own cgroup gets the per-build limit the moment runc creates it (inotify on the parent, plus a
//    100 ms sweep), before the step's process has exec'd;
//  - a step's OOM killer is switched off (`memory.oom_control`): a step at its limit waits instead of being killed
//    silently, the sweep sees `under_oom 1`, records which command it was and kills the step's processes. The build
//    then fails with exit code 137 and the runner can say "the build ran out of memory" for certain.
// A step cgroup cannot be told apart by build (BuildKit's exec ids are not visible through the API), so the same
// per-build limit applies to every RUN step on this engine while limits are on, also another console's (one console
// per engine is the supported set-up). Limits are not enforced (and the build log says so) on cgroup v2, without
// write access to the cgroup tree (not root), or when OVERCAST_BUILD_CGROUP_ROOT is `off`.
import fs from 'node:fs';
import path from 'node:path';

export type StepLimits = { memoryBytes: number; nanoCpus: number; pids: number };
export type OomEvent = { at: number; cgroup: string; command: string[] | null };

const CPU_PERIOD_US = 100_000;
const SWEEP_MS = 100;
const UNLIMITED = '-1';

const read = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};
const write = (file: string, value: string | number): void => fs.writeFileSync(file, String(value));

/** Memory (and memory+swap, so swap cannot stretch it) of one cgroup; the pair is written in the order the kernel accepts. */
function setMemory(dir: string, bytes: number | typeof UNLIMITED): void {
  const memsw = path.join(dir, 'memory.memsw.limit_in_bytes');
  const hasMemsw = fs.existsSync(memsw);
  const current = Number(read(memsw) ?? 'NaN');
  const raising = bytes === UNLIMITED || !(Number.isFinite(current) && bytes <= current);
  // memory.limit ≤ memsw.limit always: raise memsw first, lower memory first.
  if (hasMemsw && raising) write(memsw, bytes);
  write(path.join(dir, 'memory.limit_in_bytes'), bytes);
  if (hasMemsw && !raising) write(memsw, bytes);
}

export class BuildCgroupLimits {
  private readonly memDir: string;
  private readonly cpuDir: string;
  private readonly pidsDir: string;
  private watcher: fs.FSWatcher | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly done = new Map<string, Set<string>>();
  private readonly ooms: OomEvent[] = [];
  private limits: StepLimits | undefined;
  /** What this process last wrote into the parent: given back on release only if nobody changed it since. */
  private wrote: { memory: string; cpu: string; pids: string } | undefined;
  private users = 0;

  constructor(
    readonly root: string,
    readonly parent = 'docker/buildkit',
  ) {
    this.memDir = path.join(root, 'memory', parent);
    this.cpuDir = path.join(root, 'cpu', parent);
    this.pidsDir = path.join(root, 'pids', parent);
  }

  /** Why limits cannot be enforced here, or null when they can (cgroup v1, writable). */
  problem(): string | null {
    if (!fs.existsSync(path.join(this.root, 'memory', 'memory.limit_in_bytes'))) return `no cgroup v1 memory hierarchy at ${this.root}/memory (cgroup v2 is not supported yet)`;
    try {
      for (const d of [this.memDir, this.cpuDir, this.pidsDir]) fs.mkdirSync(d, { recursive: true });
      fs.accessSync(path.join(this.memDir, 'memory.limit_in_bytes'), fs.constants.W_OK);
    } catch (err) {
      return `the cgroup tree is not writable by the console (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
    return null;
  }

  /**
   * Applies `limits` to every RUN step from now on and `limits × concurrency` to all of them together; call
   * release() when the build ends. Throws when the cgroup tree cannot be written.
   */
  acquire(limits: StepLimits, concurrency: number): void {
    this.limits = limits;
    const quota = Math.max(1000, Math.round((limits.nanoCpus / 1e9) * CPU_PERIOD_US));
    setMemory(this.memDir, limits.memoryBytes * concurrency);
    write(path.join(this.cpuDir, 'cpu.cfs_period_us'), CPU_PERIOD_US);
    write(path.join(this.cpuDir, 'cpu.cfs_quota_us'), quota * concurrency);
    write(path.join(this.pidsDir, 'pids.max'), limits.pids * concurrency);
    this.wrote = {
      memory: read(path.join(this.memDir, 'memory.limit_in_bytes'))?.trim() ?? '',
      cpu: read(path.join(this.cpuDir, 'cpu.cfs_quota_us'))?.trim() ?? '',
      pids: read(path.join(this.pidsDir, 'pids.max'))?.trim() ?? '',
    };
    this.users++;
    if (!this.watcher) {
      this.watcher = fs.watch(this.memDir, (_ev, name) => name && this.configure(String(name)));
      this.watcher.on('error', () => {});
      this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
      this.sweeper.unref();
    }
    this.sweep();
  }

  /** One build ended; the last one out stops watching and lifts the bound on all builds together. */
  release(): void {
    if (--this.users > 0) return;
    this.users = 0;
    this.sweep();
    this.watcher?.close();
    clearInterval(this.sweeper);
    this.watcher = undefined;
    // Steps still around (another console's) get their OOM killer back: nobody watches them any more.
    for (const name of this.done.keys()) {
      try {
        write(path.join(this.memDir, name, 'memory.oom_control'), 0);
      } catch {}
    }
    this.done.clear();
    // No bound is left behind: the parent goes back to unlimited, unless another console (sharing the engine) has
    // written its own since, which it then gives back itself.
    const w = this.wrote;
    this.wrote = undefined;
    const still = (file: string, value: string | undefined) => value !== undefined && read(file)?.trim() === value;
    try {
      if (still(path.join(this.memDir, 'memory.limit_in_bytes'), w?.memory)) setMemory(this.memDir, UNLIMITED);
    } catch {}
    try {
      if (still(path.join(this.cpuDir, 'cpu.cfs_quota_us'), w?.cpu)) write(path.join(this.cpuDir, 'cpu.cfs_quota_us'), UNLIMITED);
    } catch {}
    try {
      if (still(path.join(this.pidsDir, 'pids.max'), w?.pids)) write(path.join(this.pidsDir, 'pids.max'), 'max');
    } catch {}
  }

  /** Steps stopped at their memory limit since `since` (ms epoch). */
  oomsSince(since: number): OomEvent[] {
    return this.ooms.filter((o) => o.at >= since);
  }

  private sweep(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.memDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return;
    }
    const alive = new Set(names);
    for (const n of this.done.keys()) if (!alive.has(n)) this.done.delete(n);
    for (const n of names) {
      this.configure(n);
      const oom = read(path.join(this.memDir, n, 'memory.oom_control'));
      if (oom && /^under_oom 1$/m.test(oom)) this.stopAtLimit(n);
    }
    const cutoff = Date.now() - 3_600_000;
    while (this.ooms.length && this.ooms[0].at < cutoff) this.ooms.shift();
  }

  /** Writes the per-step limits into a new step cgroup (each controller once it exists). */
  private configure(name: string): void {
    const l = this.limits;
    if (!l || !/^[a-z0-9]+$/i.test(name)) return;
    let set = this.done.get(name);
    if (!set) this.done.set(name, (set = new Set()));
    const steps: [string, string, () => void][] = [
      [
        'memory',
        path.join(this.memDir, name),
        () => {
          const dir = path.join(this.memDir, name);
          setMemory(dir, l.memoryBytes);
          write(path.join(dir, 'memory.oom_control'), 1);
        },
      ],
      [
        'cpu',
        path.join(this.cpuDir, name),
        () => {
          write(path.join(this.cpuDir, name, 'cpu.cfs_period_us'), CPU_PERIOD_US);
          write(path.join(this.cpuDir, name, 'cpu.cfs_quota_us'), Math.max(1000, Math.round((l.nanoCpus / 1e9) * CPU_PERIOD_US)));
        },
      ],
      ['pids', path.join(this.pidsDir, name), () => write(path.join(this.pidsDir, name, 'pids.max'), l.pids)],
    ];
    for (const [ctl, dir, apply] of steps) {
      if (set.has(ctl) || !fs.existsSync(dir)) continue;
      try {
        apply();
        set.add(ctl);
      } catch {
        // Gone already, or (memory) the step got past the limit before it was written: the parent's bound holds.
      }
    }
  }

  private stopAtLimit(name: string): void {
    const dir = path.join(this.memDir, name);
    const pids = (read(path.join(dir, 'cgroup.procs')) ?? '').split('\n').filter(Boolean).map(Number);
    const cmd = pids.length ? read(`/proc/${pids[0]}/cmdline`) : null;
    if (!this.ooms.some((o) => o.cgroup === name)) this.ooms.push({ at: Date.now(), cgroup: name, command: cmd ? cmd.replace(/\0$/, '').split('\0') : null });
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    // And in case a process slipped in between: the kernel's OOM killer takes over.
    try {
      write(path.join(dir, 'memory.oom_control'), 0);
    } catch {}
  }
}

const instances = new Map<string, BuildCgroupLimits>();
/** The process-wide limiter for a cgroup root (one per root: several runners in one process share it). */
export function buildCgroupLimits(root: string, parent?: string): BuildCgroupLimits {
  const key = `${root}\0${parent ?? ''}`;
  let l = instances.get(key);
  if (!l) instances.set(key, (l = new BuildCgroupLimits(root, parent)));
  return l;
}

/** "1 GiB", "512 MiB". */
export function formatBytes(bytes: number): string {
  const gib = bytes / 1073741824;
  if (gib >= 1 && Number.isInteger(Math.round(gib * 100) / 100)) return `${Math.round(gib * 100) / 100} GiB`;
  if (gib >= 1) return `${gib.toFixed(1)} GiB`;
  return `${Math.round(bytes / 1048576)} MiB`;
}
