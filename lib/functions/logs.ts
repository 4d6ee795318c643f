// A function's console output: the latest lines (optionally of one invocation), and a follow that yields new lines
// as the recorder writes them (woken by its flushes in this process, and polling for other processes' writes).
import 'server-only';
import { db } from '@/lib/db/client';
import { flushRecorder, onRecorded } from './recorder';
import type { FnLogLine } from './types';

const POLL_MS = 1_000;
const BATCH = 500;

type Row = { id: bigint; at: Date; stream: string; text: string; invocationId: string | null };

function lineOf(r: Row): FnLogLine {
  return { at: r.at.toISOString(), stream: r.stream === 'stderr' ? 'stderr' : 'stdout', text: r.text, invocationId: r.invocationId };
}

export async function recentFunctionLogs(tenantId: string, functionId: string, opts: { limit: number; invocationId?: string }): Promise<FnLogLine[]> {
  await flushRecorder().catch(() => {});
  const rows = await db().functionLog.findMany({
    where: { tenantId, functionId, ...(opts.invocationId ? { invocationId: opts.invocationId } : {}) },
    orderBy: { id: 'desc' },
    take: Math.max(1, Math.min(opts.limit, 5_000)),
  });
  return rows.reverse().map(lineOf);
}

/** New lines of the function from now on, until `signal` aborts. */
export async function* followFunctionLogs(tenantId: string, functionId: string, signal: AbortSignal): AsyncIterable<FnLogLine> {
  const last = await db().functionLog.findFirst({ where: { tenantId, functionId }, orderBy: { id: 'desc' }, select: { id: true } });
  let after = last?.id ?? BigInt(0);
  let wake: (() => void) | undefined;
  const unsubscribe = onRecorded(functionId, () => wake?.());
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    while (!signal.aborted) {
      const rows = await db().functionLog.findMany({ where: { tenantId, functionId, id: { gt: after } }, orderBy: { id: 'asc' }, take: BATCH });
      for (const r of rows) {
        after = r.id;
        yield lineOf(r);
        if (signal.aborted) return;
      }
      if (rows.length === BATCH) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => (clearTimeout(timer), resolve());
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
