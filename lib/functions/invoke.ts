// One invocation, as the gateway runs it after authenticating the caller (the Test panel calls it too): lease a
// container of the function's active version from the pool, send the request, enforce the timeout and the size
// limits, turn every failure into a JSON problem with a stable code, and queue the record (never awaited).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { functionsProvider } from '@/lib/providers/registry';
import { CallFailed, CallTimeout, FunctionRuntimeError, type FunctionLease } from '@/lib/providers/function-runtime';
import { env } from '@/lib/env';
import { capLogs, cutUtf8, type LogCap } from './log-cap';
import { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES } from './limits';
import { recordInvocation } from './recorder';
import type { FnLogLine, FnRequest, FnResponse, InvocationOutcome, InvocationResult, RunnableFunction } from './types';

type RunReply = {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: { message: string; stack?: string };
  tooLarge?: number;
  logs?: Omit<FnLogLine, 'invocationId'>[];
};

/** Headers that describe the connection or the encoding between the container and the gateway, not the response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer']);
/**
 * Functions answer on the console's own origin: a function may not set the console's cookies, and what it returns is
 * sandboxed (no same-origin script against /api/v1) and never sniffed into something else.
 */
const WITHHELD_RESPONSE_HEADERS = new Set(['set-cookie', 'content-security-policy', 'x-content-type-options']);
const ORIGIN_GUARD = { 'content-security-policy': 'sandbox allow-scripts allow-forms allow-popups', 'x-content-type-options': 'nosniff' };

export function problemResponse(status: number, code: string, title: string, extra: Record<string, unknown> = {}): FnResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: `about:blank#${code}`, title, status, code, ...extra }),
  };
}

let cap: LogCap | undefined;
function logCap(): LogCap {
  const e = env();
  return (cap ??= { maxLines: e.OVERCAST_FN_LOG_MAX_LINES, maxBytes: e.OVERCAST_FN_LOG_MAX_BYTES, maxLineBytes: e.OVERCAST_FN_LOG_MAX_LINE_BYTES });
}

function systemLine(invocationId: string, text: string): FnLogLine {
  // The text may quote the code's own error (a stack of any length): cut like any line of output.
  return { at: new Date().toISOString(), stream: 'stderr', text: cutUtf8(`[overcast] ${text}`, logCap().maxLineBytes), invocationId };
}

export async function invokeFunction(fn: RunnableFunction, req: FnRequest): Promise<InvocationResult> {
  const invocationId = randomUUID();
  const startedAt = new Date();
  const t0 = performance.now();
  const requestBytes = Buffer.byteLength(req.body ?? '');
  /** The code's console output (capped when recorded), and the gateway's own lines about the invocation. */
  const logs: FnLogLine[] = [];
  const sys: FnLogLine[] = [];
  let lease: FunctionLease | undefined;
  let billedMs = 0;

  const done = (outcome: InvocationOutcome, response: FnResponse, error: string | null = null): InvocationResult => {
    const durationMs = performance.now() - t0;
    const kept = logs.length ? [...capLogs(logs, logCap()), ...sys] : sys;
    recordInvocation(
      {
        id: invocationId,
        tenantId: fn.tenantId,
        functionId: fn.functionId,
        versionId: fn.version.id,
        startedAt,
        durationMs,
        start: lease?.start ?? 'warm',
        coldMs: lease?.coldMs ?? 0,
        status: response.status,
        outcome,
        memoryMib: fn.version.memoryMib,
        requestBytes,
        responseBytes: Buffer.byteLength(response.body),
        // The code shapes its error (message and stack): stored no longer than a line of output.
        error: error === null ? null : cutUtf8(error, logCap().maxLineBytes),
        billed: billedMs > 0,
        billedMs,
      },
      kept,
    );
    return { invocationId, response, outcome, durationMs, start: lease?.start ?? 'warm', coldMs: lease?.coldMs ?? 0, logs: kept };
  };

  if (requestBytes > MAX_REQUEST_BYTES) {
    return done('too_large', problemResponse(413, 'payload_too_large', `The request body is larger than ${MAX_REQUEST_BYTES} bytes.`, { limitBytes: MAX_REQUEST_BYTES }));
  }

  try {
    lease = await functionsProvider().runtime().acquire(fn);
  } catch (err) {
    if (err instanceof FunctionRuntimeError && (err.code === 'throttled' || err.code === 'capacity')) {
      const retry = { 'retry-after': String(err.retryAfterSeconds) };
      const r = err.code === 'throttled' ? problemResponse(429, 'too_many_requests', err.message, { retryAfterSeconds: err.retryAfterSeconds }) : problemResponse(503, 'function_capacity', err.message, { retryAfterSeconds: err.retryAfterSeconds });
      return done('throttled', { ...r, headers: { ...r.headers, ...retry } });
    }
    if (err instanceof FunctionRuntimeError && err.code === 'code_error') {
      for (const l of err.logs) logs.push({ ...l, invocationId });
      sys.push(systemLine(invocationId, `The code failed to load: ${err.message}`));
      return done('error', problemResponse(500, 'function_error', 'The function’s code failed to load.', { errorId: invocationId, detail: firstLine(err.message) }), err.message);
    }
    const message = (err as Error).message;
    sys.push(systemLine(invocationId, `No container could serve the request: ${message}`));
    return done('unavailable', problemResponse(503, 'function_unavailable', 'The function could not be started; try again shortly.', { errorId: invocationId }), message);
  }
  for (const l of lease.initLogs) logs.push({ ...l, invocationId });

  const pool = functionsProvider().runtime();
  const tRun = performance.now();
  let reply: RunReply;
  try {
    reply = (await pool.run<RunReply>(lease, req, fn.version.timeoutMs)).body;
  } catch (err) {
    billedMs = performance.now() - tRun;
    if (err instanceof CallTimeout) {
      pool.release(lease, true);
      sys.push(systemLine(invocationId, `Timed out after ${fn.version.timeoutMs} ms; the container was stopped.`));
      return done('timeout', problemResponse(504, 'function_timeout', `The function did not answer within its timeout of ${fn.version.timeoutMs} ms.`, { errorId: invocationId, timeoutMs: fn.version.timeoutMs }), 'timeout');
    }
    const end = await pool.endOf(lease);
    pool.release(lease, true);
    if (end?.oomKilled || end?.exitCode === 134) {
      sys.push(systemLine(invocationId, `Ran out of memory (${fn.version.memoryMib} MiB); the container was stopped.`));
      return done('oom', problemResponse(500, 'function_error', `The function ran out of memory (${fn.version.memoryMib} MiB).`, { errorId: invocationId }), 'out of memory');
    }
    const why = end && !end.running ? `its container stopped (exit code ${end.exitCode})` : `the connection to its container failed (${(err as CallFailed).code ?? (err as Error).message})`;
    sys.push(systemLine(invocationId, `The invocation failed: ${why}.`));
    return done('error', problemResponse(500, 'function_error', `The function failed: ${why}.`, { errorId: invocationId }), why);
  }
  billedMs = Math.max(performance.now() - tRun, 0.001);
  pool.release(lease);
  // The reply is the code's to shape (it runs beside the bootstrap): anything but a list of lines is no output.
  if (Array.isArray(reply.logs)) for (const l of reply.logs) logs.push({ ...l, invocationId });

  if (reply.tooLarge !== undefined) {
    sys.push(systemLine(invocationId, `The response body (${reply.tooLarge} bytes) is larger than the limit.`));
    return done('too_large', problemResponse(413, 'payload_too_large', `The function’s response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB.`, { errorId: invocationId, limitBytes: MAX_RESPONSE_BYTES }), 'response too large');
  }
  if (reply.error) {
    return done('error', problemResponse(500, 'function_error', 'The function threw an error.', { errorId: invocationId, detail: reply.error.message }), reply.error.stack ?? reply.error.message);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(reply.headers ?? {})) {
    const name = k.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !WITHHELD_RESPONSE_HEADERS.has(name)) headers[k] = v;
  }
  return done('ok', { status: reply.status ?? 200, headers: { ...headers, ...ORIGIN_GUARD }, body: reply.body ?? '' });
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!.slice(0, 500);
}
