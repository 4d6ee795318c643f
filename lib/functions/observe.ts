// The console's views into a running function, tenant-checked before anything else: a test invocation from the
// Test panel (the gateway's own invoke path, recorded like any other call), its figures, and its logs as a stream.
import 'server-only';
import { z } from 'zod';
import { AppError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { eventStream } from '@/lib/sse';
import type { FnLogLine, FunctionStats, InvocationResult } from './types';
import { ZTestRequest } from './schemas';
import { findTenantFunction } from './lookup';
import { loadRunnable } from './runnable';
import { invokeFunction } from './invoke';
import { functionStats } from './stats';
import { followFunctionLogs, recentFunctionLogs } from './logs';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';

/** Runs the function's active version with a sample request; the answer includes that invocation's logs. */
export async function testInvokeFunction(ctx: TenantContext, id: string, input: unknown): Promise<InvocationResult> {
  authorize(ctx, 'function.invoke');
  await findTenantFunction(ctx, id);
  const req = parseInput(ZTestRequest, input);
  const fn = await loadRunnable({ tenantId: ctx.tenant.id, functionId: id });
  if (!fn) throw new AppError('invalid_state', 'This function has no deployed version to run.');
  if (fn.suspended) throw new AppError('tenant_suspended', 'This organisation is suspended: its functions do not run.');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  // Running the tenant's code from the console is an operation (it may change what the code touches): audited first.
  await recordAudit(db(), {
    tenantId: ctx.tenant.id,
    actorId: ctx.user.id,
    action: 'function.test_invoked',
    targetType: 'function',
    targetId: id,
    metadata: { method: req.method, path: req.path.slice(0, 200) },
  });
  // The result carries the invocation's logs: the very lines the recorder stores for it.
  return invokeFunction(fn, { ...req, headers });
}

export const ZStatsQuery = z.object({ minutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60) });

export async function functionStatsFor(ctx: TenantContext, id: string, minutes: number): Promise<FunctionStats> {
  authorize(ctx, 'resource.read');
  await findTenantFunction(ctx, id);
  return functionStats(ctx.tenant.id, id, Date.now() - minutes * 60_000);
}

export async function functionStatsQuery(ctx: TenantContext, id: string, query: unknown): Promise<FunctionStats> {
  const { minutes } = parseInput(ZStatsQuery, query);
  return functionStatsFor(ctx, id, minutes);
}

/** The last `tail` lines, then (with follow) new lines as they are recorded, as Server-Sent Events. */
export async function functionLogStream(ctx: TenantContext, id: string, opts: { follow: boolean; tail: number; signal: AbortSignal }) {
  authorize(ctx, 'resource.read');
  await findTenantFunction(ctx, id);
  const tenantId = ctx.tenant.id;
  async function* lines(): AsyncIterable<FnLogLine> {
    // Start following first, so that nothing written between the two reads is lost.
    const follow = opts.follow ? followFunctionLogs(tenantId, id, opts.signal)[Symbol.asyncIterator]() : null;
    const first = follow ? follow.next() : null;
    if (opts.tail > 0) yield* await recentFunctionLogs(tenantId, id, { limit: opts.tail });
    if (!follow || !first) return;
    for (let r = await first; !r.done; r = await follow.next()) yield r.value;
  }
  return eventStream(lines(), opts.signal);
}
