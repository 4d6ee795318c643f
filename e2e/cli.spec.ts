// The `ovc` CLI, installed as the README says (`npm install -g ./cli`, into a prefix of the test's own) and run as a
// child process against the real console Playwright started: a user makes an API token as on /account/tokens, logs
// in with it and drives a real container and a real function; a bad token and another organisation's instance are
// refused.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CONSOLE_ORIGIN, FROM_CONSOLE, newAccount, type Account } from './helpers';

type Result = { code: number | null; stdout: string; stderr: string };

let home: string;
/** The installed command: <prefix>/bin/ovc. */
let ovcBin: string;
let owner: Account;
let other: Account;
let otherInstanceId: string;

/** Runs a program to its end (or its deadline) and collects its output. */
function exec(file: string, args: string[], o: { env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: o.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: o.timeoutMs ?? 60_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(o.stdin ?? '');
  });
}

/** Runs ovc with its own config and cache directories and no credentials from this process's environment. */
function ovc(args: string[], o: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Result> {
  // Its bundle cache too (the first run builds it): nothing of this run is left in the user's home.
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, ...o.env };
  if (!o.env?.OVERCAST_URL) delete env.OVERCAST_URL;
  if (!o.env?.OVERCAST_TOKEN) delete env.OVERCAST_TOKEN;
  return exec(ovcBin, args, { env, stdin: o.stdin, timeoutMs: o.timeoutMs });
}

/** ovc that must succeed; its stdout. */
async function ok(args: string[], o?: Parameters<typeof ovc>[1]): Promise<string> {
  const r = await ovc(args, o);
  expect(r.code, `ovc ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** An API token as a signed-in user makes one on /account/tokens (the secret is in the answer, once). */
async function makeToken(request: APIRequestContext, slug: string, role: string): Promise<string> {
  const res = await request.post('/api/v1/me/tokens', { headers: FROM_CONSOLE, data: { name: 'cli', tenant: slug, role, expiresInDays: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  expect(secret).toMatch(/^ovc_/);
  return secret;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  // npm install, two sign-ups and the first pages: well over a minute on a busy 2-CPU machine.
  test.setTimeout(180_000);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ovc-e2e-'));
  // `npm install -g ./cli` into a prefix of the test's own (offline: the CLI has no dependencies of its own).
  const installed = await exec('npm', ['install', '-g', './cli', '--prefix', path.join(home, 'prefix'), '--offline', '--no-audit', '--no-fund']);
  expect(installed.code, installed.stderr).toBe(0);
  ovcBin = path.join(home, 'prefix', 'bin', 'ovc');
  [owner, other] = await Promise.all([newAccount(browser, 'cli'), newAccount(browser, 'clirival')]);
  // Another organisation's instance (recorded, never started: only its id matters here).
  const created = await other.page.request.post(`/api/v1/tenants/${other.slug}/instances`, {
    headers: FROM_CONSOLE,
    data: { name: 'theirs', imageId: 'docker-static-web', flavorId: 'docker-nano', start: false },
  });
  expect(created.status(), await created.text()).toBe(202);
  otherInstanceId = ((await created.json()) as { id: string }).id;
  const secret = await makeToken(owner.page.request, owner.slug, 'owner');
  // The token on stdin, as the help advises (not in the process list).
  const login = await ovc(['login', '--url', CONSOLE_ORIGIN], { stdin: `${secret}\n` });
  expect(login.code, login.stderr).toBe(0);
  expect(login.stdout).toContain(`Logged in to ${CONSOLE_ORIGIN} as`);
  expect(login.stdout).toContain(`(organisation ${owner.slug})`);
  const file = path.join(home, 'overcast', 'config.json');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: CONSOLE_ORIGIN, token: secret, org: owner.slug });
});

test.afterAll(async () => {
  await owner?.context.close();
  await other?.context.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

test('whoami, then a container: create --wait, list, logs, stop, start, delete', async () => {
  test.setTimeout(120_000);
  const whoami = await ok(['whoami']);
  expect(whoami).toContain(owner.email);
  expect(whoami).toMatch(new RegExp(`^Organisation:\\s+${owner.slug} \\(owner\\)$`, 'm'));

  const created = await ovc(['instances', 'create', '--name', 'web', '--image', 'static-web', '--flavor', 'c1.nano', '--wait', '--json'], { timeoutMs: 90_000 });
  expect(created.code, created.stderr).toBe(0);
  expect(created.stderr).toContain('waiting until it is running');
  const inst = JSON.parse(created.stdout) as { id: string; status: string; endpoints: { port: number; url: string }[] };
  expect(inst.status).toBe('running');
  const url = inst.endpoints.find((e) => e.port === 8080)!.url;
  const page = await fetch(url);
  expect(await page.text()).toContain('Hello from an Overcast container');

  const list = JSON.parse(await ok(['instances', 'list', '--json'])) as { total: number; instances: { id: string; name: string; status: string }[] };
  expect(list.total).toBe(1);
  expect(list.instances[0]).toMatchObject({ id: inst.id, name: 'web', status: 'running' });
  expect(await ok(['instances', 'list'])).toMatch(/^web\s+container\s+running\s+c1\.nano\s+static-web\s/m);

  // busybox httpd -v logs each request: the visit above is in the logs (as soon as the engine has it).
  await expect.poll(async () => ok(['instances', 'logs', 'web', '--tail', '50']), { timeout: 15_000 }).toContain('response:200');

  expect(await ok(['instances', 'stop', 'web', '--wait'])).toBe('web: stopped.\n');
  expect(JSON.parse(await ok(['instances', 'get', inst.id, '--json']))).toMatchObject({ status: 'stopped', desiredState: 'stopped' });
  expect(await ok(['instances', 'start', 'web', '--wait'])).toBe('web: running.\n');
  expect(await ok(['instances', 'delete', 'web', '--wait'])).toBe('web: deleted.\n');
  expect(JSON.parse(await ok(['instances', 'list', '--json'])).total).toBe(0);
  // A name that is not there (any more): the API's 404.
  const gone = await ovc(['instances', 'get', 'web']);
  expect(gone.code).toBe(1);
  expect(gone.stderr).toMatch(/^error: .+ \(not_found\)\n$/);
});

test('a function: deploy, deploy again, invoke, logs', async () => {
  test.setTimeout(90_000);
  const file = path.join(home, 'handler.mjs');
  fs.writeFileSync(file, 'export default async (req) => { console.log("v1 says hi"); return { body: { version: 1 } }; };\n');
  expect(await ok(['functions', 'deploy', 'hello', '--file', file])).toMatch(new RegExp(`^Created hello, version 1: .*/fn/${owner.slug}/hello\\n$`));
  fs.writeFileSync(file, 'export default async (req) => { const { name } = JSON.parse(req.body); console.log("greeting " + name); return { status: 201, body: { hello: name } }; };\n');
  const deployed = JSON.parse(await ok(['functions', 'deploy', 'hello', '--file', file, '--memory', '128', '--timeout', '5000', '--json'])) as { versionNumber: number };
  expect(deployed.versionNumber).toBe(2);
  expect(await ok(['functions', 'list'])).toMatch(/^hello\s+ready\s+2\s+128 MiB\s+public\s/m);

  const invoked = await ovc(['functions', 'invoke', 'hello', '--data', '{"name":"Ada"}'], { timeoutMs: 60_000 });
  expect(invoked.code, invoked.stderr).toBe(0);
  expect(JSON.parse(invoked.stdout)).toEqual({ hello: 'Ada' });
  expect(invoked.stderr).toMatch(/^HTTP 201 · ok · \d+ ms · (cold|warm) start\n$/);
  await expect.poll(async () => ok(['functions', 'logs', 'hello']), { timeout: 15_000 }).toContain('greeting Ada');
  // The handler throws on a body that is not JSON: the invocation fails, and so does ovc.
  const failed = await ovc(['functions', 'invoke', 'hello']);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/ · error · /);
});

test('build the example app, run it, deploy a new build; a failing build exits 1; another organisation’s build is not found', async () => {
  test.setTimeout(480_000);
  const example = path.resolve('docs/examples/node-app');
  // The first push sends the 100 MB Node.js base layer: minutes on a busy 2-CPU machine.
  const built = await ovc(['build', example, '--image', 'node-app:v1'], { timeoutMs: 300_000 });
  expect(built.code, built.stderr).toBe(0);
  const ref = built.stdout.trim();
  expect(ref).toMatch(new RegExp(`/${owner.slug}/node-app:v1$`));
  expect(built.stderr).toMatch(/^Uploading .*node-app \(4 files, \d+ KiB packed\)$/m);
  expect(built.stderr).toContain('RUN ["node", "--check", "server.js"]');
  expect(built.stderr).toContain('Pushed');

  const created = await ovc(['instances', 'create', '--name', 'app', '--image', ref, '--port', '8080', '--wait', '--json'], { timeoutMs: 120_000 });
  expect(created.code, created.stderr).toBe(0);
  const inst = JSON.parse(created.stdout) as { id: string; status: string; endpoints: { port: number; url: string }[] };
  expect(inst.status).toBe('running');
  const url = inst.endpoints.find((e) => e.port === 8080)!.url;
  await expect.poll(async () => (await fetch(url).then((r) => r.json()).catch(() => null)) as unknown, { timeout: 30_000 }).toMatchObject({ app: 'node-app' });

  const v2 = await ok(['build', example, '--image', 'node-app:v2'], { timeoutMs: 180_000 });
  expect(await ok(['instances', 'deploy', 'app', '--image', v2.trim(), '--wait'], { timeoutMs: 120_000 })).toBe(`app: version 2 running (${v2.trim()}).\n`);
  expect(JSON.parse(await ok(['instances', 'get', 'app', '--json']))).toMatchObject({ status: 'running', image: { name: v2.trim() } });
  expect(await ok(['builds', 'list'])).toMatch(/^2\s+succeeded\s+\S+node-app:v2\s+upload\s/m);
  expect(await ok(['builds', 'logs', '#1'])).toContain('Finished in');
  expect(await ok(['instances', 'delete', 'app', '--wait'])).toBe('app: deleted.\n');

  // A RUN step that fails: the build's reason on stderr, exit code 1, nothing on stdout.
  const failing = path.join(home, 'failing');
  fs.mkdirSync(failing);
  fs.writeFileSync(path.join(failing, 'Dockerfile'), 'FROM overcast/shell:1\nRUN echo about-to-fail && exit 3\n');
  const bad = await ovc(['build', failing], { timeoutMs: 120_000 });
  expect(bad.code).toBe(1);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toContain('about-to-fail');
  expect(bad.stderr).toMatch(/^error: Build #3 failed: .*exit code: 3/m);

  // Another organisation's build: not found by id, and not cancelled.
  const theirCtx = path.join(home, 'theirs.tar.gz');
  execFileSync('tar', ['-czf', theirCtx, '-C', failing, 'Dockerfile']);
  const theirs = await other.page.request.post(`/api/v1/tenants/${other.slug}/builds?image=theirs`, { headers: { ...FROM_CONSOLE, 'content-type': 'application/gzip' }, data: fs.readFileSync(theirCtx) });
  expect(theirs.status(), await theirs.text()).toBe(201);
  const theirId = ((await theirs.json()) as { id: string }).id;
  for (const args of [['builds', 'logs', theirId], ['builds', 'cancel', theirId]]) {
    const r = await ovc(args);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr).toMatch(/\(not_found\)\n$/);
  }
});

test('estimate and bill', async () => {
  const estimate = JSON.parse(await ok(['estimate', '--kind', 'container', '--flavor', 'c1.nano', '--count', '2', '--json'])) as {
    estimates: { catalog: string; monthlyMinor: number; lines: unknown[] }[];
  };
  expect(estimate.estimates).toHaveLength(1);
  expect(estimate.estimates[0]!.catalog).toBe('Overcast list prices');
  // 2 × (¼ vCPU at 0.02 + ⅛ GiB at 0.0025) × 730 h = 7.30 + 0.46 (each line rounded to cents).
  expect(estimate.estimates[0]!.monthlyMinor).toBe(776);
  expect(await ok(['estimate', '--requests', '3000000', '--duration', '100', '--compare'])).toMatch(/^Total: \$0\.30 a month/m);

  const bill = JSON.parse(await ok(['bill', '--json'])) as { month: string; status: string; currency: string; totalMinor: number; lines: unknown[] };
  expect(bill).toMatchObject({ month: new Date().toISOString().slice(0, 7), status: 'open', currency: 'USD' });
  expect(bill.totalMinor).toBeGreaterThanOrEqual(0);
  expect(await ok(['bill'])).toMatch(/^Total:\s+\$\d+\.\d\d$/m);
});

test('a bad token, another organisation, bad input', async () => {
  const bad = await ovc(['whoami'], { env: { OVERCAST_URL: CONSOLE_ORIGIN, OVERCAST_TOKEN: 'ovc_not-a-real-token' } });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^error: .+ \(invalid_token\)\nRun `ovc login/);
  // Another organisation's instance, by id: not found (nothing says it exists), and nothing is done to it.
  for (const args of [['instances', 'get', otherInstanceId], ['instances', 'delete', otherInstanceId]]) {
    const r = await ovc(args);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr).toMatch(/\(not_found\)\n$/);
  }
  const theirs = await other.page.request.get(`/api/v1/tenants/${other.slug}/instances/${otherInstanceId}`);
  expect(((await theirs.json()) as { desiredState: string }).desiredState).toBe('stopped');
  // The token is for one organisation: naming another one does not reach it.
  const elsewhere = await ovc(['instances', 'list', '--org', other.slug]);
  expect(elsewhere.code).toBe(1);
  expect(elsewhere.stderr).toMatch(/\((not_found|forbidden)\)\n$/);
  // Usage errors: exit 2, nothing created.
  const usage = await ovc(['instances', 'create', '--name', 'x', '--image', 'no-such-image']);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('no image "no-such-image" for containers; choose one of:');
  expect((await ovc(['instances', 'frobnicate'])).code).toBe(2);
  expect(JSON.parse(await ok(['instances', 'list', '--json'])).total).toBe(0);
});
