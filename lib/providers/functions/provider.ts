// Functions on Docker: the process's pool of hardened runtime containers (pool-instance.ts) behind the functions
// runtime contract (lib/providers/function-runtime.ts). The registry hands this to lib/functions.
import type { FunctionRuntime, FunctionsProvider } from '@/lib/providers/function-runtime';
import { MAX_RESPONSE_BYTES } from './bootstrap';
import { DockerFunctionEngine } from './engine';
import { functionPool } from './pool-instance';

function runtime(opts: { create: false }): FunctionRuntime | undefined;
function runtime(opts?: { create?: true }): FunctionRuntime;
function runtime(opts: { create?: boolean } = {}): FunctionRuntime | undefined {
  return opts.create === false ? functionPool({ create: false }) : functionPool();
}

export const dockerFunctions: FunctionsProvider = {
  label: 'Docker Engine (runtime containers)',
  runtime,
  /** This process's pool's containers, and any another console process left (found by their labels). */
  async removeTenantWorkers(tenantId: string): Promise<number> {
    const pool = functionPool({ create: false });
    let removed = (await pool?.removeTenant(tenantId)) ?? 0;
    const engine = pool?.engine ?? new DockerFunctionEngine();
    for (const c of await engine.leftovers()) {
      if (c.owner?.tenantId !== tenantId) continue;
      await engine.remove(c.id);
      removed++;
    }
    return removed;
  },
  maxResponseBytes: MAX_RESPONSE_BYTES,
};
