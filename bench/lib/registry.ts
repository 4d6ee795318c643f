// The benchmarks: every bench/benchmarks/*.ts that exports `benchmark` (a Benchmark). Adding one is adding a file.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark } from './types';

export const BENCHMARKS_DIR = path.join(import.meta.dirname, '..', 'benchmarks');

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = fs
    .readdirSync(BENCHMARKS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const out: Benchmark[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(BENCHMARKS_DIR, f)).href)) as { benchmark?: Benchmark };
    const b = mod.benchmark;
    if (!b || typeof b.name !== 'string' || typeof b.run !== 'function' || !b.goal) {
      throw new Error(`bench/benchmarks/${f} must export \`benchmark\` with a name, a goal and run()`);
    }
    if (out.some((o) => o.name === b.name)) throw new Error(`two benchmarks are named ${b.name}`);
    out.push(b);
  }
  return out;
}

/** Benchmarks whose name contains any of the filters (all of them when there is no filter). */
export function selectBenchmarks(all: Benchmark[], filters: string[]): Benchmark[] {
  if (!filters.length) return all;
  return all.filter((b) => filters.some((f) => b.name.toLowerCase().includes(f.toLowerCase())));
}
