// The build settings, read from the environment at each use (so that tests and an operator's restart pick them up):
//   OVERCAST_BUILD_TIME_LIMIT_SECONDS  a build running longer is stopped and failed (default 900)
//   OVERCAST_BUILD_CONTEXT_MAX_MIB     largest upload, and largest context unpacked (default 100)
//   OVERCAST_BUILD_CONCURRENCY         builds running at once in one console (default 2; the rest wait queued)
//   OVERCAST_BUILD_MEMORY_MIB          memory of each RUN step of a build, swap included (default 2048); past it the
//                                      step is stopped and the build fails "ran out of memory"
//   OVERCAST_BUILD_CPUS                CPUs each RUN step may use (CFS quota; default 1)
//   OVERCAST_BUILD_PIDS                processes/threads each RUN step may have at once (default 1024)
//   OVERCAST_BUILD_CGROUP_ROOT         where the engine host's cgroups are mounted (default /sys/fs/cgroup; `off`: do
//                                      not enforce the three limits above); see lib/providers/docker/build-limits.ts
//   OVERCAST_BUILD_CGROUP_PARENT       the engine's cgroup for BuildKit's steps (default docker/buildkit, Engine 20.10
//                                      with the cgroupfs driver)
//   OVERCAST_BUILD_GIT_TIMEOUT_SECONDS a clone taking longer is stopped (default 120)
//   OVERCAST_BUILD_GIT_ALLOW           comma-separated host:port or CIDR git sources allowed although they are private
//                                      or loopback addresses (e.g. an in-house git server; tests' loopback servers)
const num = (name: string, dflt: number, min: number, max: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && process.env[name] !== '' && process.env[name] !== undefined ? Math.min(max, Math.max(min, v)) : dflt;
};

export type BuildSettings = {
  timeLimitMs: number;
  contextMaxBytes: number;
  contextMaxEntries: number;
  concurrency: number;
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  /** null: limits are not enforced. */
  cgroupRoot: string | null;
  cgroupParent: string;
  gitTimeoutMs: number;
  gitAllow: string[];
};

export function buildSettings(): BuildSettings {
  return {
    timeLimitMs: num('OVERCAST_BUILD_TIME_LIMIT_SECONDS', 900, 1, 86_400) * 1000,
    contextMaxBytes: num('OVERCAST_BUILD_CONTEXT_MAX_MIB', 100, 0.001, 10_240) * 1048576,
    contextMaxEntries: num('OVERCAST_BUILD_CONTEXT_MAX_ENTRIES', 20_000, 1, 1_000_000),
    concurrency: num('OVERCAST_BUILD_CONCURRENCY', 2, 1, 64),
    memoryBytes: num('OVERCAST_BUILD_MEMORY_MIB', 2048, 64, 1_048_576) * 1048576,
    nanoCpus: num('OVERCAST_BUILD_CPUS', 1, 0.01, 256) * 1e9,
    pids: num('OVERCAST_BUILD_PIDS', 1024, 16, 1_000_000),
    cgroupRoot: process.env.OVERCAST_BUILD_CGROUP_ROOT === 'off' ? null : process.env.OVERCAST_BUILD_CGROUP_ROOT || '/sys/fs/cgroup',
    cgroupParent: (process.env.OVERCAST_BUILD_CGROUP_PARENT || 'docker/buildkit').replace(/^\/+|\/+$/g, ''),
    gitTimeoutMs: num('OVERCAST_BUILD_GIT_TIMEOUT_SECONDS', 120, 1, 3600) * 1000,
    gitAllow: (process.env.OVERCAST_BUILD_GIT_ALLOW ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
