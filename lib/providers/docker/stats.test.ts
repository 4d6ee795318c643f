// Docker's stats documents → samples: CPU % from two readings, working-set memory, and the end when it stops.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sampleOf, statsSamples, type RawStats } from './stats';

function doc(over: Partial<RawStats> & { total?: number; preTotal?: number; system?: number; preSystem?: number } = {}): RawStats {
  return {
    read: over.read ?? '2026-01-02T03:04:05.000000000Z',
    cpu_stats: { cpu_usage: { total_usage: over.total ?? 2_000_000 }, system_cpu_usage: over.system ?? 20_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: over.preTotal ?? 1_000_000 }, system_cpu_usage: over.preSystem ?? 10_000_000 },
    memory_stats: over.memory_stats ?? { usage: 10 * 1024 * 1024, limit: 128 * 1024 * 1024, stats: { total_inactive_file: 2 * 1024 * 1024 } },
  };
}

describe('sampleOf', () => {
  it.each([
    { reason: 'a tenth of the system time on 2 CPUs is 20 % of one CPU', d: doc(), cpu: 20 },
    { reason: 'no system time elapsed gives 0, not a division by zero', d: doc({ system: 10_000_000 }), cpu: 0 },
    { reason: 'a counter that went backwards (restart) gives 0', d: doc({ total: 500_000 }), cpu: 0 },
  ])('$reason', ({ d, cpu }) => {
    expect(sampleOf(d).cpuPercent).toBe(cpu);
  });

  it('memory is usage minus inactive page cache, with the limit (cgroup v1 and v2 names)', () => {
    expect(sampleOf(doc())).toMatchObject({ memoryBytes: 8 * 1024 * 1024, memoryLimitBytes: 128 * 1024 * 1024, at: Date.parse('2026-01-02T03:04:05Z') });
    const v2 = doc({ memory_stats: { usage: 5000, limit: 9000, stats: { inactive_file: 1000 } } });
    expect(sampleOf(v2)).toMatchObject({ memoryBytes: 4000, memoryLimitBytes: 9000 });
  });
});

describe('statsSamples', () => {
  it('parses documents split across chunks and stops at the first document of a stopped container', async () => {
    const lines = [doc(), doc({ total: 3_000_000 }), doc({ read: '0001-01-01T00:00:00Z' }), doc()].map((d) => JSON.stringify(d) + '\n').join('');
    const chunks = [lines.slice(0, 100), lines.slice(100, 700), lines.slice(700)].map((c) => Buffer.from(c));
    const out = [];
    for await (const s of statsSamples(Readable.from(chunks), new AbortController().signal)) out.push(s);
    expect(out.map((s) => s.cpuPercent)).toEqual([20, 40]);
  });
});
