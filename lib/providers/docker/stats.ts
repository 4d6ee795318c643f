// Turns Docker's stats stream (one JSON document per second) into CPU % and working-set memory samples. The stream
// goes on with empty documents (read time 0001-01-01) once the container stops; the samples end there.
import type { StatsSample } from '@/lib/providers/types';

export type RawStats = {
  read: string;
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
};

export function sampleOf(s: RawStats): StatsSample {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - (s.precpu_stats.cpu_usage?.total_usage ?? 0);
  const sysDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? 1;
  const cpuPercent = sysDelta > 0 && cpuDelta >= 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
  // Working set, as `docker stats` shows it: usage minus inactive page cache (cgroup v1 and v2 names).
  const inactive = s.memory_stats.stats?.total_inactive_file ?? s.memory_stats.stats?.inactive_file ?? 0;
  const memoryBytes = Math.max(0, (s.memory_stats.usage ?? 0) - inactive);
  return {
    at: Date.parse(s.read) || Date.now(),
    cpuPercent: Math.round(cpuPercent * 10) / 10,
    memoryBytes,
    memoryLimitBytes: s.memory_stats.limit ?? 0,
  };
}

/** A stopped container's documents carry Go's zero time and no figures. */
export function isRunning(s: RawStats): boolean {
  return !s.read.startsWith('0001-');
}

export async function* statsSamples(raw: NodeJS.ReadableStream, signal: AbortSignal): AsyncGenerator<StatsSample> {
  let buffer = '';
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      if (signal.aborted) break;
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const doc = JSON.parse(line) as RawStats;
        if (!isRunning(doc)) return;
        yield sampleOf(doc);
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    (raw as unknown as { destroy?: () => void }).destroy?.();
  }
}
