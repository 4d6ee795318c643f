// The shapes shared by the functions domain (lib/functions/*), its gateway and its provider
// (lib/providers/functions/): what a handler receives and returns, what one invocation produced, what the gateway
// needs to run a function, and the figures a function's page shows.

/** What a function's default-exported handler receives. `body` is the request body as UTF-8 text. */
export type FnRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
};

/** What the gateway sends back (the handler may return a body that is not a string: it is sent as JSON). */
export type FnResponse = { status: number; headers: Record<string, string>; body: string };

/** How the container that served an invocation was got. */
export type StartKind = 'warm' | 'stem' | 'create';

export type InvocationOutcome = 'ok' | 'error' | 'timeout' | 'oom' | 'throttled' | 'too_large' | 'unavailable';

export type FnLogLine = { at: string; stream: 'stdout' | 'stderr'; text: string; invocationId: string | null };

export type InvocationResult = {
  invocationId: string;
  response: FnResponse;
  outcome: InvocationOutcome;
  durationMs: number;
  start: StartKind;
  coldMs: number;
  /** The console output of this invocation. */
  logs: FnLogLine[];
};

/** Everything the gateway needs to serve a function's active version (env values in clear: server side only). */
export type RunnableFunction = {
  tenantId: string;
  tenantSlug: string;
  functionId: string;
  name: string;
  access: 'public' | 'token';
  tokenHash: string | null;
  concurrency: number;
  maxScale: number;
  idleSeconds: number;
  /** Its organisation is suspended: nothing of it runs (the gateway answers 403 tenant_suspended). */
  suspended?: boolean;
  /** Requests per second (0 = no limit) and containers at once: the tenant's quota, else the console's defaults. */
  limits: { functionRps: number; tenantRps: number; tenantContainers: number };
  version: {
    id: string;
    number: number;
    code: string;
    codeSha256: string;
    memoryMib: number;
    timeoutMs: number;
    env: Record<string, string>;
  };
};

export type FunctionStats = {
  from: string;
  to: string;
  invocations: number;
  errors: number;
  /** errors / invocations, 0 when there were none. */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  cold: number;
  /** Cold starts by duration: count of cold starts with coldMs ≤ leMs (and > the previous bucket's leMs). */
  coldHistogram: { leMs: number; count: number }[];
  /** One point per minute (or per bucket) for charts. */
  series: { at: string; invocations: number; errors: number; p95Ms: number | null }[];
};
