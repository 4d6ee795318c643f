// The commands end to end against a stand-in for the console's fetch (the e2e spec runs them against a real one).
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { configPath, credentials, normaliseUrl } from './config.ts';
import type { Io } from './context.ts';

type Call = { method: string; url: string; auth: string | null; body: unknown; type?: string | null };
type Route = (call: Call) => { status?: number; body?: unknown; type?: string; text?: string };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovc-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ME = {
  user: { id: 'u1', email: 'ada@example.test', name: 'Ada', isPlatformAdmin: false },
  tenants: [{ slug: 'acme', name: 'Acme', status: 'active', role: 'member' }],
  token: { id: 't1', name: 'laptop', platformAdmin: false, tenant: 'acme', role: 'member' },
};
const CATALOG = {
  kind: 'container',
  provider: 'docker',
  flavors: [
    { id: 'docker-nano', name: 'c1.nano', description: '', cpuMillis: 250, memoryMib: 128, diskGib: 0 },
    { id: 'docker-small', name: 'c1.small', description: '', cpuMillis: 500, memoryMib: 256, diskGib: 0 },
  ],
  images: [{ id: 'docker-static-web', name: 'static-web', description: '', defaultPorts: [8080] }],
};
const INSTANCE = {
  id: 'i1',
  name: 'web',
  kind: 'container',
  status: 'running',
  desiredState: 'running',
  statusReason: null,
  generation: 1,
  observedGeneration: 1,
  flavor: { id: 'docker-nano', name: 'c1.nano', cpuMillis: 250, memoryMib: 128, diskGib: 0 },
  image: { id: 'docker-static-web', name: 'static-web' },
  endpoints: [{ port: 8080, url: 'http://127.0.0.2:40000' }],
  ssh: null,
  actions: ['stop', 'restart', 'delete'],
  createdAt: '2026-12-01T00:00:00.000Z',
  events: [],
};

/** Runs ovc with a stand-in console answering by "METHOD path" (path after /api/v1/, with the query). */
async function run(argv: string[], routes: Record<string, Route>, o: { env?: Record<string, string>; stdin?: string; answer?: boolean } = {}) {
  const calls: Call[] = [];
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { XDG_CONFIG_HOME: dir, ...o.env },
    // A person at a terminal when the test gives their answer to confirmations.
    stdinIsTty: o.answer !== undefined,
    confirm: async (q) => {
      stderr += q;
      return o.answer!;
    },
    readStdin: async () => o.stdin ?? '',
    sleep: async () => {},
    fetch: (async (input: string | URL, init?: RequestInit) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      const raw = init?.body instanceof Uint8Array ? Buffer.from(init.body) : undefined;
      const call: Call = { method: init?.method ?? 'GET', url, auth: headers.get('authorization'), type: headers.get('content-type'), body: raw ?? (init?.body ? JSON.parse(String(init.body)) : undefined) };
      calls.push(call);
      const key = `${call.method} ${url.replace(/^https?:\/\/[^/]+\/api\/v1\//, '')}`;
      const route = routes[key];
      if (!route) return Response.json({ type: 'about:blank#not_found', title: 'No such resource.', status: 404, code: 'not_found' }, { status: 404, headers: { 'content-type': 'application/problem+json' } });
      const r = route(call);
      if (r.text !== undefined) return new Response(r.text, { status: r.status ?? 200, headers: { 'content-type': r.type ?? 'text/plain' } });
      return Response.json(r.body ?? null, { status: r.status ?? 200 });
    }) as typeof fetch,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, calls };
}

const loggedIn = { env: { OVERCAST_URL: 'http://console.test', OVERCAST_TOKEN: 'ovc_secret' } };

describe('login', () => {
  it('checks the token, then stores URL, token and the organisation readable by the owner only', async () => {
    const r = await run(['login', '--url', 'console.test:3000/'], { 'GET me': () => ({ body: ME }) }, { stdin: 'ovc_piped\n' });
    expect(r.code).toBe(0);
    expect(r.calls[0]).toMatchObject({ url: 'http://console.test:3000/api/v1/me', auth: 'Bearer ovc_piped' });
    expect(r.stdout).toBe('Logged in to http://console.test:3000 as Ada <ada@example.test> (organisation acme).\n');
    const file = configPath({ XDG_CONFIG_HOME: dir });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: 'http://console.test:3000', token: 'ovc_piped', org: 'acme' });
  });

  it('stores nothing when the console refuses the token', async () => {
    const r = await run(['login', '--url', 'http://console.test', '--token', 'ovc_bad'], {
      'GET me': () => ({ status: 401, body: { type: 'about:blank#unauthenticated', title: 'Sign in first.', status: 401, code: 'unauthenticated' } }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Sign in first\. \(unauthenticated\)\nRun `ovc login/);
    expect(fs.existsSync(configPath({ XDG_CONFIG_HOME: dir }))).toBe(false);
  });

  it('needs a URL and a token (usage errors)', async () => {
    expect((await run(['login', '--token', 't'], {})).code).toBe(2);
    const r = await run(['login', '--url', 'http://console.test'], {}, { stdin: '  \n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no token');
  });

  it('lets the environment override the stored credentials', () => {
    fs.mkdirSync(path.join(dir, 'overcast'));
    fs.writeFileSync(path.join(dir, 'overcast', 'config.json'), JSON.stringify({ url: 'http://a.test', token: 't1', org: 'acme' }));
    expect(credentials({ XDG_CONFIG_HOME: dir })).toEqual({ url: 'http://a.test', token: 't1', org: 'acme' });
    // Another token: the stored organisation belonged to the stored token.
    expect(credentials({ XDG_CONFIG_HOME: dir, OVERCAST_URL: 'https://b.test/', OVERCAST_TOKEN: 't2' })).toEqual({ url: 'https://b.test', token: 't2', org: null });
    expect(() => normaliseUrl('ftp://x')).toThrow('http');
  });

  it('whoami says who and which organisation the token speaks for', async () => {
    const r = await run(['whoami'], { 'GET me': () => ({ body: ME }) }, loggedIn);
    expect(r.stdout).toBe(
      ['Console:       http://console.test', 'User:          Ada <ada@example.test>', 'Organisation:  acme (member)', 'Token:         laptop (member)', ''].join('\n'),
    );
    expect(JSON.parse((await run(['whoami', '--json'], { 'GET me': () => ({ body: ME }) }, loggedIn)).stdout)).toEqual(ME);
  });

  it('logout forgets the token', async () => {
    await run(['login', '--url', 'http://console.test', '--token', 't'], { 'GET me': () => ({ body: ME }) });
    const r = await run(['logout'], {});
    expect(r.code).toBe(0);
    expect(fs.existsSync(configPath({ XDG_CONFIG_HOME: dir }))).toBe(false);
    const again = await run(['whoami'], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Not logged in. (unauthenticated)');
  });
});

describe('instances', () => {
  const list = { total: 1, page: 1, pageSize: 100, instances: [INSTANCE] };

  it('lists as a table, or the API’s JSON with --json, in the token’s organisation', async () => {
    const routes = { 'GET me': () => ({ body: ME }), 'GET tenants/acme/instances?page=1&pageSize=100': () => ({ body: list }) };
    const human = await run(['instances', 'list'], routes, loggedIn);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(/^NAME\s+KIND\s+STATUS\s+FLAVOR\s+IMAGE\s+ENDPOINTS\s+ID$/);
    expect(human.stdout.split('\n')[1]).toMatch(/^web\s+container\s+running\s+c1\.nano\s+static-web\s+http:\/\/127\.0\.0\.2:40000\s+i1$/);
    const json = await run(['instances', 'list', '--json'], routes, loggedIn);
    expect(JSON.parse(json.stdout)).toEqual(list);
  });

  it('acts in --org when given, without asking who the token is', async () => {
    const r = await run(['instances', 'list', '--org', 'other', '--status', 'running'], { 'GET tenants/other/instances?page=1&pageSize=100&status=running': () => ({ body: { ...list, instances: [] } }) }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No instances.\n');
    expect(r.calls.map((c) => c.url)).toEqual(['http://console.test/api/v1/tenants/other/instances?page=1&pageSize=100&status=running']);
  });

  it('creates with the catalog’s ids for the names given, the image’s ports by default, and waits until running', async () => {
    let polls = 0;
    const r = await run(['instances', 'create', '--org', 'acme', '--name', 'web', '--image', 'static-web', '--wait'], {
      'GET tenants/acme/catalog?kind=container': () => ({ body: CATALOG }),
      'POST tenants/acme/instances': () => ({ status: 202, body: { id: 'i1', name: 'web' } }),
      'GET tenants/acme/instances/i1': () => ({ body: ++polls < 3 ? { ...INSTANCE, status: 'creating', observedGeneration: 0 } : INSTANCE }),
    }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.calls[1]!.body).toEqual({ kind: 'container', name: 'web', imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], start: true });
    expect(r.stderr).toContain('creating\nrunning\n');
    expect(r.stdout).toMatch(/^Name:\s+web$/m);
    expect(r.stdout).toMatch(/^Endpoints:\s+8080 → http:\/\/127\.0\.0\.2:40000$/m);
  });

  it('sends --label as labels at create, and as repeated label filters to list', async () => {
    const created = await run(['instances', 'create', '--org', 'acme', '--name', 'web', '--image', 'static-web', '--label', 'team=web', '--label', 'tier'], {
      'GET tenants/acme/catalog?kind=container': () => ({ body: CATALOG }),
      'POST tenants/acme/instances': () => ({ status: 202, body: { id: 'i1', name: 'web' } }),
    }, loggedIn);
    expect(created.code).toBe(0);
    expect((created.calls[1]!.body as { labels: unknown }).labels).toEqual({ team: 'web', tier: '' });
    const listed = await run(['instances', 'list', '--org', 'acme', '--label', 'team=web', '--label', 'env'], { 'GET tenants/acme/instances?page=1&pageSize=100&label=team%3Dweb&label=env': () => ({ body: { total: 0, page: 1, pageSize: 100, instances: [] } }) }, loggedIn);
    expect(listed.code).toBe(0);
    const fns = await run(['functions', 'list', '--org', 'acme', '--label', 'team=api'], { 'GET tenants/acme/functions?limit=200&label=team%3Dapi': () => ({ body: { functions: [] } }) }, loggedIn);
    expect(fns.stdout).toBe('No functions.\n');
  });

  it('refuses an unknown image before asking the console to create anything', async () => {
    const r = await run(['instances', 'create', '--org', 'acme', '--name', 'web', '--image', 'nginx'], { 'GET tenants/acme/catalog?kind=container': () => ({ body: CATALOG }) }, loggedIn);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no image "nginx" for containers; choose one of: static-web');
    expect(r.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('prints the API’s problem and exits 1 (an id the organisation does not have)', async () => {
    const r = await run(['instances', 'stop', 'cxyz', '--org', 'acme'], { 'GET tenants/acme/instances?q=cxyz&pageSize=100&page=1': () => ({ body: { ...list, total: 0, instances: [] } }) }, loggedIn);
    expect(r.code).toBe(1);
    // The id, then the name: neither is there; nothing is asked of the console.
    expect(r.calls.map((c) => `${c.method} ${c.url.replace('http://console.test/api/v1/', '')}`)).toEqual([
      'GET tenants/acme/instances/cxyz',
      'GET tenants/acme/instances?q=cxyz&pageSize=100&page=1',
    ]);
    expect(r.stderr).toBe('error: No such resource. (not_found)\n');
  });

  it('finds an instance by name and asks for the action', async () => {
    const r = await run(['instances', 'reboot', 'web', '--org', 'acme', '--json'], {
      'GET tenants/acme/instances?q=web&pageSize=100&page=1': () => ({ body: list }),
      'GET tenants/acme/instances/i1': () => ({ body: INSTANCE }),
      'POST tenants/acme/instances/i1/actions': () => ({ status: 202, body: { accepted: true } }),
    }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.calls.at(-1)!.body).toEqual({ action: 'restart' });
    expect(JSON.parse(r.stdout)).toEqual({ accepted: true });
  });

  it('asks before deleting at a terminal, and does nothing on no', async () => {
    const routes = {
      'GET tenants/acme/instances/i1': () => ({ body: INSTANCE }),
      'POST tenants/acme/instances/i1/actions': () => ({ status: 202, body: { accepted: true } }),
    };
    const no = await run(['instances', 'delete', 'i1', '--org', 'acme'], routes, { ...loggedIn, answer: false });
    expect(no.code).toBe(1);
    expect(no.stderr).toBe('Delete the container web and its data? This cannot be undone. [y/N] error: not deleted\n');
    expect(no.calls.map((c) => c.method)).toEqual(['GET']);
    const yes = await run(['instances', 'delete', 'i1', '--org', 'acme'], routes, { ...loggedIn, answer: true });
    expect(yes.code).toBe(0);
    expect(yes.calls.at(-1)!.body).toEqual({ action: 'delete' });
    const flag = await run(['instances', 'delete', 'i1', '--org', 'acme', '-y'], routes, { ...loggedIn, answer: false });
    expect(flag.code).toBe(0);
    expect(flag.stderr).toBe('');
  });

  it('prints log lines from the event stream', async () => {
    const sse = 'data: {"at":"t","stream":"stdout","text":"hello\\n"}\n\ndata: {"at":"t","stream":"stderr","text":"world"}\n\nevent: end\ndata: {}\n\n';
    const routes = {
      'GET tenants/acme/instances/i1': () => ({ body: INSTANCE }),
      'GET tenants/acme/instances/i1/logs?tail=5': () => ({ text: sse, type: 'text/event-stream' }),
    };
    const r = await run(['instances', 'logs', 'i1', '--org', 'acme', '--tail', '5'], routes, loggedIn);
    expect(r.stdout).toBe('hello\nworld\n');
    const json = await run(['instances', 'logs', 'i1', '--org', 'acme', '--tail', '5', '--json'], routes, loggedIn);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { at: 't', stream: 'stdout', text: 'hello\n' },
      { at: 't', stream: 'stderr', text: 'world' },
    ]);
  });
});

describe('functions, estimate, bill', () => {
  const FN = { id: 'f1', name: 'hello', access: 'public', status: 'ready', activeVersion: null, invokeUrl: 'http://127.0.0.2:1/fn/acme/hello', today: { invocations: 0, errors: 0 } };

  it('deploy creates the function the first time, then deploys versions', async () => {
    const file = path.join(dir, 'h.mjs');
    fs.writeFileSync(file, 'export default () => ({ body: "hi" })');
    const first = await run(['functions', 'deploy', 'hello', '--file', file, '--memory', '256', '--org', 'acme'], {
      'GET tenants/acme/functions?q=hello&limit=200': () => ({ body: { functions: [] } }),
      'POST tenants/acme/functions': () => ({ status: 201, body: { id: 'f1', name: 'hello', versionId: 'v1', versionNumber: 1, token: null, invokeUrl: FN.invokeUrl } }),
    }, loggedIn);
    expect(first.calls[1]!.body).toEqual({ name: 'hello', code: 'export default () => ({ body: "hi" })', memoryMib: 256 });
    expect(first.stdout).toBe(`Created hello, version 1: ${FN.invokeUrl}\n`);
    const second = await run(['functions', 'deploy', 'hello', '--file', file, '--org', 'acme'], {
      'GET tenants/acme/functions?q=hello&limit=200': () => ({ body: { functions: [FN] } }),
      'POST tenants/acme/functions/f1/deploy': () => ({ status: 201, body: { versionId: 'v2', versionNumber: 2 } }),
    }, loggedIn);
    expect(second.calls[1]!.body).toEqual({ code: 'export default () => ({ body: "hi" })' });
    expect(second.stdout).toBe(`Deployed hello, version 2: ${FN.invokeUrl}\n`);
  });

  it('invoke sends --data as a JSON POST and exits 1 when the invocation failed', async () => {
    const routes = (outcome: string) => ({
      'GET tenants/acme/functions?q=hello&limit=200': () => ({ body: { functions: [FN] } }),
      'POST tenants/acme/functions/f1/test': () => ({ body: { invocationId: 'x', response: { status: outcome === 'ok' ? 200 : 500, headers: {}, body: '{"hi":"Ada"}' }, outcome, durationMs: 3.2, start: 'warm', coldMs: 0, logs: [] } }),
    });
    const ok = await run(['functions', 'invoke', 'hello', '--data', '{"name":"Ada"}', '--org', 'acme'], routes('ok'), loggedIn);
    expect(ok.code).toBe(0);
    expect(ok.calls[1]!.body).toEqual({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada"}' });
    expect(ok.stdout).toBe('{"hi":"Ada"}\n');
    expect(ok.stderr).toBe('HTTP 200 · ok · 3 ms · warm start\n');
    expect((await run(['functions', 'invoke', 'hello', '--org', 'acme'], routes('error'), loggedIn)).code).toBe(1);
    const bad = await run(['functions', 'invoke', 'hello', '--data', '{nope', '--org', 'acme'], routes('ok'), loggedIn);
    expect(bad.code).toBe(2);
    expect(bad.calls).toEqual([]);
  });

  it('finds a function by id when no function has that name', async () => {
    const r = await run(['functions', 'logs', 'f1', '--org', 'acme', '--tail', '1'], {
      'GET tenants/acme/functions?q=f1&limit=200': () => ({ body: { functions: [] } }),
      'GET tenants/acme/functions/f1': () => ({ body: FN }),
      'GET tenants/acme/functions/f1/logs?tail=1': () => ({ text: 'data: {"text":"hi","stream":"stdout"}\n\nevent: end\ndata: {}\n\n', type: 'text/event-stream' }),
    }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hi\n');
    const missing = await run(['functions', 'logs', 'nope', '--org', 'acme'], { 'GET tenants/acme/functions?q=nope&limit=200': () => ({ body: { functions: [] } }) }, loggedIn);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: No such resource. (not_found)\n');
  });

  it('estimate prices a flavor from the catalog and prints the total', async () => {
    const r = await run(['estimate', '--kind', 'container', '--flavor', 'c1.small', '--count', '2', '--org', 'acme'], {
      'GET tenants/acme/catalog?kind=container': () => ({ body: CATALOG }),
      'POST estimates': () => ({
        body: {
          estimates: [
            {
              catalog: 'List',
              currency: 'USD',
              minorUnits: 2,
              hoursPerMonth: 730,
              lines: [{ item: 0, description: 'c1.small', provider: 'docker', unit: 'flavor_hour', flavor: 'c1.small', quantity: '1460', freeQuantity: '0', unitPrice: '0.01', amountMinor: 1460 }],
              unpriced: [],
              monthlyMinor: 1460,
              hourlyMinor: 2,
              hourly: '0.0200',
            },
          ],
        },
      }),
    }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.calls[1]!.body).toEqual({ workload: { items: [{ type: 'instance', provider: 'docker', flavor: { name: 'c1.small', vcpus: 0.5, memoryGib: 0.25 }, count: 2 }] }, compare: false });
    expect(r.stdout).toContain('Total: $14.60 a month (about 0.0200 USD an hour)');
  });

  it('estimate needs something to price', async () => {
    const r = await run(['estimate'], {}, loggedIn);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('say what to price');
  });

  it('bill prints the month’s lines and totals', async () => {
    const r = await run(['bill', '--org', 'acme'], {
      'GET tenants/acme/billing': () => ({
        body: { month: '2026-12', status: 'open', catalog: 'List', currency: 'USD', minorUnits: 2, lines: [{ instanceName: 'web', kind: 'container', description: 'web (c1.nano)', quantity: '3.5', unitPrice: '0.01', amountMinor: 4 }], totalMinor: 4, forecastMinor: 730, budget: null, unpriced: [], byDay: [] },
      }),
    }, loggedIn);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2026-12 \(so far\) — List$/m);
    expect(r.stdout).toMatch(/^web\s+container\s+web \(c1\.nano\)\s+3\.5\s+\$0\.04$/m);
    expect(r.stdout).toMatch(/^Forecast:\s+\$7\.30 by the end of the month$/m);
  });
});

describe('help', () => {
  it('prints the overview and each command’s help with exit 0; no command is a usage error', async () => {
    const overview = await run(['help'], {});
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('instances create');
    const one = await run(['functions', 'deploy', '--help'], {});
    expect(one.stdout).toContain('Usage: ovc functions deploy NAME [options]');
    expect((await run(['help', 'functions', 'deploy'], {})).stdout).toBe(one.stdout);
    const none = await run([], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: ovc <command>');
  });
});

describe('build', () => {
  const BUILD = { id: 'bld1', number: 4, status: 'queued', source: 'upload', gitUrl: null, image: 'node-app:v1', imageRef: 'reg.test:5000/acme/node-app:v1', imageDigest: null, error: null, createdBy: null, createdAt: '2026-12-06T00:00:00.000Z', durationMs: null };
  const logOf = (status: string, error: string | null = null) =>
    `data: {"offset":0,"text":"Building…\\n#1 RUN node --check\\n"}\n\ndata: {"status":"running","error":null,"imageDigest":null}\n\n` +
    `data: {"offset":32,"text":"Pushed\\n"}\n\ndata: ${JSON.stringify({ status, error, imageDigest: null })}\n\nevent: end\ndata: {}\n\n`;

  it('uploads the directory as a gzipped tar (without .git), follows the log on stderr and prints the image reference', async () => {
    const ctxDir = path.join(dir, 'node-app');
    fs.mkdirSync(path.join(ctxDir, 'src'), { recursive: true });
    fs.mkdirSync(path.join(ctxDir, '.git'));
    fs.writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM overcast/node:20\n');
    fs.writeFileSync(path.join(ctxDir, 'src', 'server.js'), 'console.log(1)\n');
    fs.writeFileSync(path.join(ctxDir, '.git', 'HEAD'), 'ref: x\n');
    fs.symlinkSync('src/server.js', path.join(ctxDir, 'main.js'));
    const r = await run(['build', ctxDir, '--image', 'node-app:v1', '--build-arg', 'MODE=prod'], {
      'POST tenants/acme/builds?image=node-app%3Av1&name=node-app.tar.gz&buildArg=MODE%3Dprod': () => ({ status: 201, body: BUILD }),
      'GET tenants/acme/builds/bld1/log?follow=1&offset=0': () => ({ text: logOf('succeeded'), type: 'text/event-stream' }),
      'GET tenants/acme/builds/bld1': () => ({ body: { ...BUILD, status: 'succeeded' } }),
      'GET me': () => ({ body: ME }),
    }, loggedIn);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('reg.test:5000/acme/node-app:v1\n');
    expect(r.stderr).toContain('#1 RUN node --check\nPushed\n');
    const upload = r.calls.find((c) => c.method === 'POST')!;
    expect(upload.type).toBe('application/gzip');
    const tarFile = path.join(dir, 'ctx.tar.gz');
    fs.writeFileSync(tarFile, upload.body as Buffer);
    const listing = execFileSync('tar', ['-tvzf', tarFile], { encoding: 'utf8' });
    expect(listing.split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(5).join(' '))).toEqual(['Dockerfile', 'main.js -> src/server.js', 'src/', 'src/server.js']);
    expect(execFileSync('tar', ['-xOzf', tarFile, 'src/server.js'], { encoding: 'utf8' })).toBe('console.log(1)\n');
  });

  it('fails (exit 1) with the build’s reason, and resumes a log that broke off where it was', async () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM overcast/node:20\n');
    let asked = 0;
    const r = await run(['build', dir, '--image', 'hog'], {
      'GET me': () => ({ body: ME }),
      [`POST tenants/acme/builds?image=hog&name=${encodeURIComponent(`${path.basename(dir)}.tar.gz`)}`]: () => ({ status: 201, body: BUILD }),
      // The first stream ends before the build does (a restarted proxy): the next one starts at the offset reached.
      'GET tenants/acme/builds/bld1/log?follow=1&offset=0': () => (asked++, { text: 'data: {"offset":0,"text":"step 1\\n"}\n\n', type: 'text/event-stream' }),
      'GET tenants/acme/builds/bld1/log?follow=1&offset=7': () => ({ text: `data: {"offset":7,"text":"step 2\\n"}\n\ndata: {"status":"failed","error":"The build ran out of memory (limit 1 GiB): …","imageDigest":null}\n\nevent: end\ndata: {}\n\n`, type: 'text/event-stream' }),
      'GET tenants/acme/builds/bld1': () => ({ body: { ...BUILD, status: 'failed', error: 'The build ran out of memory (limit 1 GiB): …' } }),
    }, loggedIn);
    expect(asked).toBe(1);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('step 1\nstep 2\n');
    expect(r.stderr).toMatch(/error: Build #4 failed: The build ran out of memory \(limit 1 GiB\)/);
  });

  it('builds from git with --git/--ref, and refuses a directory and --git together', async () => {
    const r = await run(['build', '--git', 'https://git.example.com/team/My_App.git', '--ref', 'main', '--detach'], { 'GET me': () => ({ body: ME }), 'POST tenants/acme/builds': () => ({ status: 201, body: { ...BUILD, source: 'git' } }) }, loggedIn);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('bld1\n');
    expect(r.calls.at(-1)!.body).toEqual({ source: 'git', gitUrl: 'https://git.example.com/team/My_App.git', gitRef: 'main', image: 'my_app', buildArgs: {} });
    expect((await run(['build', dir, '--git', 'https://x.test/a.git'], {}, loggedIn)).code).toBe(2);
    const missing = await run(['build', path.join(dir, 'nope')], {}, loggedIn);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no directory');
  });

  it('deploys an image to a container by name and creates one from a reference', async () => {
    const r = await run(['instances', 'deploy', 'web', '--image', 'reg.test:5000/acme/node-app:v2'], {
      'GET me': () => ({ body: ME }),
      'GET tenants/acme/instances/web': () => ({ status: 404, body: { code: 'not_found', title: 'Not found', status: 404 } }),
      'GET tenants/acme/instances?q=web&pageSize=100&page=1': () => ({ body: { total: 1, page: 1, pageSize: 100, instances: [INSTANCE] } }),
      'GET tenants/acme/instances/i1': () => ({ body: INSTANCE }),
      'POST tenants/acme/instances/i1/deploy': () => ({ status: 202, body: { version: 2, image: 'reg.test:5000/acme/node-app:v2' } }),
    }, loggedIn);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls.at(-1)!.body).toEqual({ image: 'reg.test:5000/acme/node-app:v2' });
    expect(r.stdout).toBe('web: version 2 (reg.test:5000/acme/node-app:v2) deploying.\n');
    const c = await run(['instances', 'create', '--name', 'app', '--image', 'reg.test:5000/acme/node-app:v1', '--port', '8080'], {
      'GET me': () => ({ body: ME }),
      'GET tenants/acme/catalog?kind=container': () => ({ body: CATALOG }),
      'POST tenants/acme/instances': () => ({ status: 202, body: { id: 'i2', name: 'app' } }),
    }, loggedIn);
    expect(c.code, c.stderr).toBe(0);
    expect(c.calls.at(-1)!.body).toMatchObject({ name: 'app', image: 'reg.test:5000/acme/node-app:v1', flavorId: 'docker-nano', ports: [8080] });
    expect(c.calls.at(-1)!.body).not.toHaveProperty('imageId');
  });
});
