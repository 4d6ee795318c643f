// The console process's one functions pool, kept on globalThis: the gateway (registered from instrumentation) and
// the Test panel's route handler run in different Next bundles, and must lease from the same containers.
import { env } from '@/lib/env';
import { DockerFunctionEngine } from './engine';
import { FunctionPool, type PoolOptions } from './pool';

const KEY = Symbol.for('overcast.functions.pool');

type Holder = Record<symbol, FunctionPool | undefined>;

function stemCellsFromEnv(): number {
  const n = Number(process.env.OVERCAST_FN_STEM_CELLS ?? 2);
  return Number.isInteger(n) && n >= 0 && n <= 32 ? n : 2;
}

/** The process's pool (made on first use unless `create` is false). */
export function functionPool(opts: { create: false }): FunctionPool | undefined;
export function functionPool(opts?: { create?: true }): FunctionPool;
export function functionPool(opts: { create?: boolean } = {}): FunctionPool | undefined {
  const g = globalThis as unknown as Holder;
  if (!g[KEY] && opts.create !== false) {
    g[KEY] = new FunctionPool(new DockerFunctionEngine(), {
      stemCells: stemCellsFromEnv(),
      maxContainers: env().OVERCAST_FN_MAX_CONTAINERS,
      coldStartsPerTenant: env().OVERCAST_FN_COLD_STARTS_PER_TENANT,
    });
  }
  return g[KEY];
}

/** Replaces the process's pool (tests and benchmarks use their own engine or options). Returns the previous one. */
export function setFunctionPool(pool: FunctionPool | undefined): FunctionPool | undefined {
  const g = globalThis as unknown as Holder;
  const before = g[KEY];
  g[KEY] = pool;
  return before;
}

export type { PoolOptions };
