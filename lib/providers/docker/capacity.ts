// What the Docker Engine holds on this host, for the admin's capacity view: the engine's own totals, and every
// Overcast container (any console's: they share the engine) with its memory limit and what it uses now, read from
// its cgroup (one small file per container, so the view can poll; the stats API needs a second per container).
import fs from 'node:fs';
import type Docker from 'dockerode';
import type { DriverCapacity } from '@/lib/providers/types';
import { callSignal, docker, engineError } from './client';
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_TENANT } from './names';

const MIB = 1024 * 1024;

/** Memory in use by a container as `docker stats` counts it (usage minus inactive page cache); null if unknown. */
export function cgroupMemoryBytes(containerId: string, root = '/sys/fs/cgroup'): number | null {
  const stat = (file: string, key: string) => {
    const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(fs.readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  };
  const v1 = `${root}/memory/docker/${containerId}`;
  const v2 = `${root}/system.slice/docker-${containerId}.scope`;
  try {
    const usage = Number(fs.readFileSync(`${v1}/memory.usage_in_bytes`, 'utf8'));
    return Math.max(0, usage - stat(`${v1}/memory.stat`, 'total_inactive_file'));
  } catch {
    // not cgroup v1 (or gone)
  }
  try {
    const usage = Number(fs.readFileSync(`${v2}/memory.current`, 'utf8'));
    return Math.max(0, usage - stat(`${v2}/memory.stat`, 'inactive_file'));
  } catch {
    return null;
  }
}

export async function dockerCapacity(engine: Docker = docker()): Promise<DriverCapacity> {
  const signal = () => callSignal(5_000);
  let info: { ServerVersion?: string; NCPU?: number; MemTotal?: number; Containers?: number; ContainersRunning?: number };
  let list: Awaited<ReturnType<Docker['listContainers']>>;
  try {
    [info, list] = await Promise.all([
      // dockerode passes the options through (its typings only know a callback)
      (engine.info as unknown as (o: object) => Promise<typeof info>).call(engine, { abortSignal: signal() }),
      engine.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] }, abortSignal: signal() }),
    ]);
  } catch (err) {
    return { reachable: false, error: engineError('ask the Docker Engine', err).message, facts: [], gauges: [], objects: [] };
  }
  // The list has no limits: one inspect each, all at once (a container removed meanwhile is left out).
  const inspected = await Promise.all(
    list.map((c) =>
      engine
        .getContainer(c.Id)
        .inspect({ abortSignal: signal() })
        .then((i) => ({ c, hc: i.HostConfig }), () => null),
    ),
  );
  const objects: DriverCapacity['objects'] = inspected.flatMap((x) => {
    if (!x) return [];
    const { c, hc } = x;
    const running = c.State === 'running';
    return [
      {
        engineRef: c.Id.slice(0, 12),
        instanceId: c.Labels?.[LABEL_INSTANCE] ?? null,
        tenantId: c.Labels?.[LABEL_TENANT] ?? null,
        state: c.State,
        memoryBytes: running ? cgroupMemoryBytes(c.Id) : null,
        memoryLimitBytes: hc.Memory || null,
        cpus: hc.NanoCpus ? hc.NanoCpus / 1e9 : null,
      },
    ];
  });
  const limitedMib = objects.filter((o) => o.state === 'running').reduce((s, o) => s + (o.memoryLimitBytes ?? 0), 0) / MIB;
  return {
    reachable: true,
    facts: [
      { label: 'Engine', value: `Docker Engine ${info.ServerVersion ?? '?'}` },
      { label: 'Engine host', value: `${info.NCPU ?? '?'} CPUs, ${Math.round((info.MemTotal ?? 0) / MIB)} MiB` },
    ],
    gauges: [
      { id: 'containers-memory', label: 'Memory limits of running Overcast containers', used: Math.round(limitedMib), limit: info.MemTotal ? Math.round(info.MemTotal / MIB) : null, unit: 'MiB' },
      { id: 'containers-running', label: 'Overcast containers running', used: objects.filter((o) => o.state === 'running').length, limit: null, unit: 'count' },
      { id: 'containers-engine', label: 'Containers running on the engine (of all it holds)', used: info.ContainersRunning ?? 0, limit: info.Containers ?? null, unit: 'count' },
    ],
    objects,
  };
}
