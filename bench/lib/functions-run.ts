// Shared by the functions benchmarks: one child process (bench/lib/functions-host.ts) measures the cold starts and
// then hosts the gateway, while this process drives the warm load. Run once per bench run, whichever of the
// functions benchmarks asks first; the child is ended when the run ends.
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { BenchContext } from './types';

export type HostResult = {
  stem: number[];
  stemKinds: Record<string, number>;
  create: number[];
  raw: number[];
  rawListening: number[];
  createKinds: Record<string, number>;
  url: string;
  direct: { ip: string; port: number };
};

let run: Promise<HostResult> | undefined;

export function functionsHost(ctx: BenchContext): Promise<HostResult> {
  run ??= start(ctx);
  return run;
}

async function start(ctx: BenchContext): Promise<HostResult> {
  // The database in a process of its own (the console's embedded database likewise lives apart from its web
  // server), the gateway and the pool in another, and the load from this one.
  const databaseUrl = await child(ctx, 'functions benchmark database', 'bench/lib/database-host.ts', [], {}, (line) => line);
  return child(ctx, 'functions benchmark host', 'bench/lib/functions-host.ts', ['--conditions', 'react-server'], { DATABASE_URL: databaseUrl }, (line) => JSON.parse(line) as HostResult, [String(ctx.iterations)]);
}

/**
 * Starts `script` as a child process that answers with one line (`parse` turns it into the result; other lines are
 * logged) and then runs until its stdin closes, which the bench run does when it ends.
 */
function child<T>(ctx: BenchContext, what: string, script: string, nodeArgs: string[], env: Record<string, string>, parse: (line: string) => T, args: string[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const c: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    });
    ctx.defer(what, () => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.stdin?.end()))));
    readline.createInterface({ input: c.stdout! }).on('line', (line) => {
      try {
        resolve(parse(line));
      } catch {
        ctx.log(`${what}: ${line}`);
      }
    });
    c.once('exit', (code) => reject(new Error(`the ${what} exited (${code}) before its answer`)));
  });
}

type Target = { host: string; port: number; path: string; method: string; body?: string };

/** The warm function as the load reaches it: through the gateway, and straight to its container's bootstrap. */
export function warmTargets(r: HostResult): { gateway: Target; direct: Target } {
  const u = new URL(r.url);
  const body = JSON.stringify({ method: 'GET', path: '/', query: {}, headers: {}, body: '' });
  return {
    gateway: { host: u.hostname, port: Number(u.port), path: u.pathname, method: 'GET' },
    direct: { host: r.direct.ip, port: r.direct.port, path: '/run', method: 'POST', body },
  };
}

/** How long one request of the load may take: a lost request fails (and is counted) instead of hanging the run. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** One request's latency (ms) on a keep-alive agent; rejects after `timeoutMs` (the socket is destroyed). */
export function timedRequest(agent: http.Agent, opts: Target, timeoutMs = REQUEST_TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ ...opts, agent, headers: opts.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        if (res.statusCode === 200) resolve(performance.now() - t0);
        else reject(new Error(`status ${res.statusCode}`));
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    // The whole exchange, not only idle time on the socket: a response that trickles is lost too.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(opts.body);
  });
}

export type Throughput = { rps: number; completed: number; failed: number; firstError: string | null };

/**
 * Requests per second over `ms` with `connections` requests always in flight. A failed request (an error status,
 * a lost connection, a timeout) is counted apart and the connection goes on; the run ends by `ms` plus at most one
 * request timeout, whatever the server does.
 */
export async function throughput(connections: number, ms: number, one: (agent: http.Agent) => Promise<number>): Promise<Throughput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let completed = 0;
  let failed = 0;
  let firstError: string | null = null;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        try {
          await one(agent);
          completed++;
        } catch (err) {
          failed++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  agent.destroy();
  return { rps: completed / ((performance.now() - t0) / 1000), completed, failed, firstError };
}
