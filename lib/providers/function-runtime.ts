// The functions runtime contract: what runs functions' code for the gateway (lib/functions). The gateway leases a
// worker for one invocation, sends it the request, and releases it; how workers are made, kept warm and isolated is
// the runtime's (today a pool of hardened containers on Docker, lib/providers/functions/). lib/functions reaches the
// runtime only through this interface, from the registry (`functionsProvider()` in registry.ts).
import type { FnLogLine, RunnableFunction, StartKind } from '@/lib/functions/types';

/** A worker leased to one invocation: how it started, and what the code printed while loading. */
export interface FunctionLease {
  readonly start: StartKind;
  readonly coldMs: number;
  readonly initLogs: Omit<FnLogLine, 'invocationId'>[];
}

/** How a worker that stopped answering ended (null from `endOf` when the runtime cannot tell). */
export type WorkerEnd = { oomKilled: boolean; exitCode: number | null; running: boolean };

/** throttled: the function or its tenant is at a limit (429); capacity: the host is (503); both say when to retry. */
export type FunctionRuntimeErrorCode = 'throttled' | 'capacity' | 'unavailable' | 'code_error';

/** Why no worker could be leased. */
export class FunctionRuntimeError extends Error {
  override name = 'FunctionRuntimeError';
  constructor(
    readonly code: FunctionRuntimeErrorCode,
    message: string,
    /** What the code printed before failing to load (code_error). */
    readonly logs: Omit<FnLogLine, 'invocationId'>[] = [],
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** The worker did not answer within the invocation's timeout. */
export class CallTimeout extends Error {
  override name = 'CallTimeout';
}

/** The connection to the worker failed or broke (it died, or never listened). */
export class CallFailed extends Error {
  override name = 'CallFailed';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** One process's runtime: leases workers for invocations and keeps them. */
export interface FunctionRuntime {
  /** Adopts what a previous console process left and prewarms; idempotent. */
  start(): Promise<void>;
  /** Stops the runtime's workers (the console is stopping). */
  stop(): Promise<void>;
  /** A worker running the function's active version; rejects with a FunctionRuntimeError. */
  acquire(fn: RunnableFunction): Promise<FunctionLease>;
  /** Sends one request to the leased worker; rejects with CallTimeout or CallFailed. */
  run<T>(lease: FunctionLease, doc: unknown, timeoutMs: number): Promise<{ status: number; body: T }>;
  /** Gives the worker back; `discard` when it must not serve again (it timed out or broke). */
  release(lease: FunctionLease, discard?: boolean): void;
  /** Why a leased worker stopped answering. */
  endOf(lease: FunctionLease): Promise<WorkerEnd | null>;
  /** The tenant's workers, running or starting (the quota page shows it). */
  tenantContainers(tenantId: string): number;
  /** Removes every worker running the tenant's code now, busy or not; returns how many. */
  removeTenant(tenantId: string): Promise<number>;
  /** The tenant whose function this is, while the runtime has workers for it. */
  tenantOfFunction(functionId: string): string | undefined;
  /** Keeps only the function's given version (null: none); the others' workers finish and go. */
  retainOnly(functionId: string, versionId: string | null): void;
}

/** The functions provider the registry names: the process's runtime, and what is known without one. */
export interface FunctionsProvider {
  readonly label: string;
  /** The process's runtime (made on first use unless `create` is false). */
  runtime(opts: { create: false }): FunctionRuntime | undefined;
  runtime(opts?: { create?: true }): FunctionRuntime;
  /** Removes whatever runs a tenant's code: this process's workers and any another process left; how many. */
  removeTenantWorkers(tenantId: string): Promise<number>;
  /** The largest response body a function may return (the runtime's bootstrap enforces it). */
  readonly maxResponseBytes: number;
}
