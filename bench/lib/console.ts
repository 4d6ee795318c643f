// A throw-away console for benchmarks, started the way `./overcast serve` and Playwright's webServer start one
// (scripts/setup.ts, then scripts/serve.ts) on its own temporary data directory, free port and console id, with a
// user signed up and signed in through the real HTTP endpoints. Everything it makes is listed in the run
// directory's state.json, so that a later run can clean up after one that was killed (see stale.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export type RunState = {
  /** The bench process that owns this run directory. */
  pid: number;
  consoleId: string;
  consolePid?: number;
  /** Tenants of the console (their Docker networks are removed at the end). */
  tenantIds: string[];
  /** The console's image registry (`host:port`): its daemon and the Docker daemon's trust of its CA go at the end. */
  registryAddress?: string;
};

export const BENCH_LABEL = 'overcast.bench';
export const BENCH_PID_LABEL = 'overcast.bench.pid';

export function writeState(runDir: string, state: RunState): void {
  fs.writeFileSync(path.join(runDir, 'state.json'), JSON.stringify(state, null, 2));
}

export function readState(runDir: string): RunState | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, 'state.json'), 'utf8')) as RunState;
  } catch {
    return null;
  }
}

/** An HTTP client for one signed-in user: keeps their session cookie and, like the console's own pages in a browser,
 * sends the console's Origin (cookie-authenticated writes from elsewhere are refused) and JSON bodies. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  async request(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this.baseUrl + pathname, {
      method,
      headers: { cookie: this.cookie, origin: new URL(this.baseUrl).origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the error message
    }
    return { status: res.status, body: parsed };
  }

  /** Like request, but fails unless the status is the expected one. */
  async expect<T>(status: number, method: string, pathname: string, body?: unknown): Promise<T> {
    const r = await this.request(method, pathname, body);
    if (r.status !== status) {
      throw new Error(`${method} ${pathname}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    }
    return r.body as T;
  }
}

export type BenchConsole = {
  baseUrl: string;
  consoleId: string;
  dataDir: string;
  /** The console's output (setup and serve); copied to bench/results/ when the run ends. */
  logFile: string;
  /** The signed-in owner of `slug`. */
  api: ApiClient;
  slug: string;
  tenantId: string;
  /** The signed-in owner's email (their `docker login` name). */
  email: string;
  /** The console's image registry: `host:port` in image names, and its directory (keys, storage). */
  registry: { address: string; dir: string };
  /** The last lines of the console's log (for error messages). */
  logTail(lines?: number): string;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function consoleEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Always the embedded database: a DATABASE_URL in the caller's environment must never point a benchmark at it.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1', ...extra };
  delete env.DATABASE_URL;
  delete env.AUTH_SECRET;
  return env;
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { env, stdio: ['ignore', out, out] });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${logFile}`));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Throws when the run was interrupted: benchmarks call it at each safe point. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('interrupted');
}

/** Stops a console started by startConsole: SIGTERM to its process group (serve.ts and next-server), then SIGKILL. */
export async function stopConsoleProcess(pid: number, timeoutMs = 20_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Fills and submits a page's form the way a browser without JavaScript does (React renders server actions so). */
async function submitForm(baseUrl: string, pagePath: string, fields: Record<string, string>): Promise<Response> {
  const html = await (await fetch(baseUrl + pagePath)).text();
  const form = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/)?.[0];
  if (!form) throw new Error(`${pagePath} has no form`);
  const decode = (s: string) =>
    s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const data = new FormData();
  for (const m of form.matchAll(/<input\b([^>]*?)\/?>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w:$-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, decode(a[2] ?? '')]));
    if (attrs.type === 'hidden' && attrs.name) data.append(attrs.name, attrs.value ?? '');
  }
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return fetch(baseUrl + pagePath, { method: 'POST', body: data, redirect: 'manual', headers: { origin: baseUrl } });
}

function sessionCookie(res: Response): string | null {
  const c = res.headers.getSetCookie().find((s) => /^(__Secure-)?authjs\.session-token=/.test(s));
  return c ? c.split(';')[0]! : null;
}

/** Signs in through Auth.js's own endpoints (CSRF token, then the credentials callback); returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: csrf.headers.getSetCookie().map((s) => s.split(';')[0]).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/` }),
  });
  const cookie = sessionCookie(res);
  if (!cookie) throw new Error(`signing in ${email} failed (${res.status} → ${res.headers.get('location')})`);
  return cookie;
}

/**
 * Starts a console in `runDir` and signs up a user with an organisation. `state` is updated (and saved) as soon as
 * each thing exists, so that clean-up finds it even when start-up fails half way.
 */
export async function startConsole(runDir: string, state: RunState, log: (m: string) => void): Promise<BenchConsole> {
  const dataDir = path.join(runDir, 'data');
  const logFile = path.join(runDir, 'console.log');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const registryPort = await freePort();
  const admin = { email: 'admin@bench.test', password: randomBytes(18).toString('base64url') };
  const env = consoleEnv({
    OVERCAST_DATA_DIR: dataDir,
    OVERCAST_PORT: String(port),
    OVERCAST_HOST: '127.0.0.1',
    // The functions listener on the apps address (127.0.0.2 by default), on a port free there too.
    OVERCAST_APPS_PORT: String(await freePort()),
    // Its ingress (nginx) on a free port rather than 8443, which another console may hold.
    OVERCAST_INGRESS_PORT: String(await freePort()),
    // Its daemons (registry, ingress) end with it: the run's directory, which holds their files, is removed after.
    OVERCAST_REGISTRY_STOP_WITH_CONSOLE: '1',
    OVERCAST_CONSOLE_ID: state.consoleId,
    OVERCAST_ADMIN_EMAIL: admin.email,
    OVERCAST_ADMIN_PASSWORD: admin.password,
    // The VM images ./overcast builds once per checkout (the run's data directory is fresh); its VMs stay in it.
    OVERCAST_VM_IMAGES_DIR: process.env.OVERCAST_VM_IMAGES_DIR ?? path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data', 'vm-images'),
    // Its registry on a port known free (not the console's + 5).
    OVERCAST_REGISTRY_PORT: String(registryPort),
  });
  state.registryAddress = `127.0.0.1:${registryPort}`;
  writeState(runDir, state);
  const tsx = ['--import', 'tsx'];

  log(`console ${state.consoleId}: setting up ${dataDir}`);
  await runToEnd(process.execPath, [...tsx, 'scripts/setup.ts'], env, logFile);

  const out = fs.openSync(logFile, 'a');
  // Its own process group, so that Ctrl-C reaches only this process, which stops the console in order (console
  // first, then the engine objects), and so that stopping the group also ends next-server.
  const child = spawn(process.execPath, [...tsx, 'scripts/serve.ts'], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  state.consolePid = child.pid;
  writeState(runDir, state);

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the console exited during start-up:\n${tail(logFile)}`);
    }
    const ok = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the console did not become healthy within 120 s:\n${tail(logFile)}`);
    await sleep(250);
  }
  log(`console ${state.consoleId}: healthy at ${baseUrl}`);

  // A user and their organisation, through the sign-up page's form (as submitted without JavaScript) …
  const user = { email: `bench-${randomBytes(4).toString('hex')}@bench.test`, password: randomBytes(18).toString('base64url') };
  const signup = await submitForm(baseUrl, '/signup', { name: 'Bench', email: user.email, password: user.password, organisation: 'Bench' });
  const slug = signup.headers.get('location')?.match(/\/t\/([^/]+)\/dashboard/)?.[1];
  if (signup.status !== 303 || !slug) {
    throw new Error(`sign-up failed (${signup.status}, location ${signup.headers.get('location')}):\n${tail(logFile)}`);
  }
  // … then a fresh session through Auth.js's sign-in endpoint, as an API client would get one.
  const api = new ApiClient(baseUrl, await signIn(baseUrl, user.email, user.password));
  const me = await api.expect<{ tenants: { slug: string }[] }>(200, 'GET', '/api/v1/me');
  if (!me.tenants.some((t) => t.slug === slug)) throw new Error(`the new user is not a member of ${slug}`);

  // The tenant's id (it names the tenant's Docker network) is visible to platform admins only.
  const adminApi = new ApiClient(baseUrl, await signIn(baseUrl, admin.email, admin.password));
  const { tenants } = await adminApi.expect<{ tenants: { id: string; slug: string }[] }>(200, 'GET', '/api/v1/admin/tenants');
  const tenantId = tenants.find((t) => t.slug === slug)?.id;
  if (!tenantId) throw new Error(`tenant ${slug} not found in the admin list`);
  state.tenantIds.push(tenantId);
  writeState(runDir, state);
  log(`console ${state.consoleId}: signed up ${user.email}, organisation ${slug}`);

  return {
    baseUrl,
    consoleId: state.consoleId,
    dataDir,
    logFile,
    api,
    slug,
    tenantId,
    email: user.email,
    registry: { address: state.registryAddress!, dir: path.join(dataDir, 'registry') },
    logTail: (n) => tail(logFile, n),
  };
}

/**
 * Runs `fn` while GETting `path` every `pollMs`, as a console measurement does: the same load on the console
 * (and the CPUs it shares with the engine) without the console doing the work. A diagnostic: it tells how much
 * of the console's figure the observation itself costs.
 */
export async function underPoll<T>(api: ApiClient, path: string, pollMs: number, fn: () => Promise<T>): Promise<T> {
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const t = performance.now();
      await api.expect(200, 'GET', path);
      await sleep(Math.max(0, pollMs - (performance.now() - t)));
    }
  })();
  try {
    return await fn();
  } finally {
    stop = true;
    await loop;
  }
}

/**
 * Asks the console to delete the instances and waits (polling every `pollMs`) until the API no longer finds them:
 * their engine objects are gone.
 */
export async function deleteViaConsole(api: ApiClient, slug: string, ids: string[], signal: AbortSignal, o: { pollMs: number; timeoutMs: number }): Promise<void> {
  const base = `/api/v1/tenants/${slug}/instances`;
  await Promise.all(ids.map((id) => api.expect(202, 'DELETE', `${base}/${id}`)));
  const t0 = Date.now();
  for (const id of ids) {
    for (;;) {
      checkAborted(signal);
      if ((await api.request('GET', `${base}/${id}`)).status === 404) break;
      if (Date.now() - t0 > o.timeoutMs) throw new Error(`instance ${id} still there ${o.timeoutMs / 1000} s after DELETE`);
      await sleep(o.pollMs);
    }
  }
}

/**
 * Waits through the watch API (GET …/instances/{id}?watch=1&since=…, a long-poll that answers when the instance
 * changes) until `done` accepts the instance; no polling. Returns it with the number of answers it took.
 */
export async function watchUntil<T extends { status: string; updatedAt: string }>(
  api: ApiClient,
  path: string,
  done: (inst: T) => boolean,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ inst: T; answers: number; at: number }> {
  const t0 = performance.now();
  let since: string | null = null;
  for (let answers = 1; ; answers++) {
    checkAborted(signal);
    const inst: T = await api.expect<T>(200, 'GET', `${path}?watch=1&timeout=20${since ? `&since=${encodeURIComponent(since)}` : ''}`);
    const at = performance.now();
    if (done(inst)) return { inst, answers, at };
    if (inst.status === 'error') throw new Error(`${path} failed: ${JSON.stringify(inst).slice(0, 300)}`);
    if (at - t0 > timeoutMs) throw new Error(`${path} not done after ${timeoutMs / 1000} s (status ${inst.status})`);
    since = inst.updatedAt;
  }
}
