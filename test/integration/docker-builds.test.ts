// Builds on the real Docker Engine (BuildKit through the Engine API) and database, through the route handlers: the
// example app from an upload and from a git repository on a loopback git daemon → pushed to a real registry, a
// container from it answers; a RUN step that tries to reach the host fails; cancel and the time limit stop the
// engine's build; bad contexts and foreign images are refused and change nothing; the cache is not shared between
// tenants; a build left running by a dead console is failed at start; another tenant sees none of it (404).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { docker } from '@/lib/providers/docker/client';
import * as buildsRoute from '@/app/api/v1/tenants/[slug]/builds/route';
import * as buildRoute from '@/app/api/v1/tenants/[slug]/builds/[id]/route';
import * as logRoute from '@/app/api/v1/tenants/[slug]/builds/[id]/log/route';
import * as cancelRoute from '@/app/api/v1/tenants/[slug]/builds/[id]/cancel/route';
import { BuildRunner } from '@/lib/builds/runner';
import { tenantWith } from '../fixtures';
import { call, ORIGIN, sessionCaller } from '../helpers/api-call';
import { entriesOf, startGitDaemon, tarOf, type Served } from '../helpers/builds';
import { startTestRegistry, type TestRegistry } from '../registry';
import { registryClient } from '@/lib/registry/client';
import { httpOk, waitFor } from '../docker';

// Uploaded contexts wait here (lib/builds/service.ts reads the data dir at the first request, after this line).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-builds-data-'));
process.env.OVERCAST_DATA_DIR = dataDir;
const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId(): string | null { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
let asUser: string | null = null;
session.caller = () => asUser ?? sessionCaller();

const EXAMPLE = path.resolve('docs/examples/node-app');
type Build = { id: string; number: number; status: string; error: string | null; imageRef: string | null; imageDigest: string | null };

let registry: TestRegistry;
let git: Served;
let runner: BuildRunner;
const refs: string[] = [];

/** POSTs an archive as the user (a bare body, fields in the query string, as curl would). */
async function upload(slug: string, userId: string, archive: Buffer, query: Record<string, string>, type = 'application/gzip') {
  const url = new URL(`${ORIGIN}/api/v1/tenants/${slug}/builds`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  asUser = userId;
  try {
    const res = await buildsRoute.POST(new Request(url, { method: 'POST', headers: { origin: ORIGIN, 'content-type': type, 'x-forwarded-for': '127.0.0.1' }, body: new Uint8Array(archive) }), { params: Promise.resolve({ slug }) });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status === 201) refs.push(String(body.imageRef));
    return { status: res.status, body };
  } finally {
    asUser = null;
  }
}

async function finished(slug: string, userId: string, id: string, timeoutMs = 90_000): Promise<Build> {
  return waitFor(`build ${id} to end`, async () => {
    const r = await call(buildRoute.GET, { slug, id }, { as: userId });
    const b = r.body as unknown as Build;
    return ['succeeded', 'failed', 'cancelled'].includes(b.status) ? b : undefined;
  }, timeoutMs, 200);
}

const logOf = async (slug: string, userId: string, id: string) => (await call(logRoute.GET, { slug, id }, { as: userId })).body.text as string;

beforeAll(async () => {
  // The console's own registry (TLS with its CA, token auth): a build pushes with a token for its one repository.
  registry = await startTestRegistry('http://127.0.0.1:9/no-docker-login-here');
  git = await startGitDaemon({ app: Object.fromEntries(entriesOf(EXAMPLE).map((e) => [e.name, e.body!])) });
  process.env.OVERCAST_BUILD_GIT_ALLOW = `127.0.0.1:${git.port}`;
  runner = new BuildRunner(db(), { contextDir: path.join(dataDir, 'builds'), owner: `${os.hostname()}:${process.pid}` });
  await runner.start();
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await registry?.stop();
  await git?.stop();
  for (const r of refs) await docker().getImage(r).remove({ force: true }).catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('builds on the engine', () => {
  it('builds the example app from an upload, pushes it to the registry, and a container from it answers', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const archive = await tarOf(entriesOf(EXAMPLE), true);
    const r = await upload(tenant.slug, people.owner.userId, archive, { image: 'node-app:v1', name: 'node-app.tar.gz' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'queued', number: 1, source: 'upload', image: 'node-app:v1', imageRef: `${registry.settings.address}/${tenant.slug}/node-app:v1` });
    const b = await finished(tenant.slug, people.owner.userId, String(r.body.id), 200_000);
    const log = await logOf(tenant.slug, people.owner.userId, b.id);
    expect(b.status, `${b.error}\n${log}`).toBe('succeeded');
    expect(b.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(log).toContain('RUN ["node", "--check", "server.js"]');
    expect(log).toContain('Pushed');
    // In the registry, under the tenant's namespace, with the digest the build recorded.
    expect(await registryClient().tags(`${tenant.slug}/node-app`)).toEqual(['v1']);
    expect((await registryClient().manifest(`${tenant.slug}/node-app`, 'v1'))?.digest).toBe(b.imageDigest);
    // Run it.
    // On a bridge of the test's own (not the engine's default one, which other tests on this machine may not leave alone).
    const net = await docker().createNetwork({ Name: `oc-itb-${tenant.slug.slice(-8)}`, Driver: 'bridge', Labels: { 'overcast.test': 'builds' } });
    const c = await docker().createContainer({ Image: b.imageRef!, HostConfig: { NetworkMode: `oc-itb-${tenant.slug.slice(-8)}`, PortBindings: { '8080/tcp': [{ HostIp: env().OVERCAST_APPS_HOST, HostPort: '' }] }, Init: true }, ExposedPorts: { '8080/tcp': {} } });
    try {
      await c.start();
      const port = Number((await c.inspect()).NetworkSettings.Ports['8080/tcp']![0].HostPort);
      const res = await httpOk(port);
      expect(JSON.parse(res.body)).toMatchObject({ app: 'node-app' });
    } finally {
      await c.remove({ force: true });
      await net.remove();
    }
    expect(await db().auditEvent.count({ where: { targetId: b.id, action: { in: ['build.created', 'build.succeeded'] } } })).toBe(2);
    // The first push sends the 100 MB Node.js base layer: minutes on a busy 2-CPU machine, seconds on a quiet one.
  }, 240_000);

  it('builds from a git repository on a loopback git daemon (allowed by the setting) and follows the log live', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const r = await call(buildsRoute.POST, { slug: tenant.slug }, { as: people.owner.userId, method: 'POST', body: { source: 'git', gitUrl: `git://127.0.0.1:${git.port}/app.git`, gitRef: 'main', image: 'from-git' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    refs.push(String(r.body.imageRef));
    // The live log: an event stream that ends when the build does.
    asUser = people.owner.userId;
    const res = await logRoute.GET(new Request(`${ORIGIN}/api/v1/tenants/${tenant.slug}/builds/${r.body.id}/log?follow=1`, { headers: { 'x-forwarded-for': '127.0.0.1' } }), { params: Promise.resolve({ slug: tenant.slug, id: String(r.body.id) }) });
    asUser = null;
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = await res.text();
    expect(stream).toContain('Cloning git://127.0.0.1');
    expect(stream).toMatch(/"status":"running"/);
    expect(stream).toMatch(/"status":"succeeded"/);
    expect(stream).toContain('event: end');
    const b = await finished(tenant.slug, people.owner.userId, String(r.body.id));
    expect(b.status).toBe('succeeded');
  });

  it('refuses git URLs to the console, the host, private networks and local paths, and records nothing', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const cases = [
      ['http://127.0.0.1:3000/x.git', /127\.0\.0\.1.*loopback/],
      [`git://127.0.0.1:${git.port + 1}/app.git`, /loopback/],
      ['http://169.254.169.254/latest/meta-data', /link-local/],
      ['http://10.1.2.3/x.git', /private/],
      ['http://localhost:3000/x.git', /loopback/],
      ['file:///etc/passwd', /Only http/],
      ['/srv/repo.git', /local paths/],
      ['ext::sh -c touch% /tmp/pwned', /local paths|Only http/],
      ['https://user:secret@example.com/x.git', /Credentials/],
    ] as const;
    for (const [gitUrl, why] of cases) {
      const r = await call(buildsRoute.POST, { slug: tenant.slug }, { as: people.owner.userId, method: 'POST', body: { source: 'git', gitUrl, image: 'x' } });
      expect(r.status, gitUrl).toBe(422);
      expect(r.body.code).toBe('invalid_git_source');
      expect((r.body.errors as Record<string, string>).gitUrl, gitUrl).toMatch(why);
    }
    const bad = await call(buildsRoute.POST, { slug: tenant.slug }, { as: people.owner.userId, method: 'POST', body: { source: 'git', gitUrl: `git://127.0.0.1:${git.port}/app.git`, gitRef: '--upload-pack=touch /tmp/x', image: 'x' } });
    expect(bad.status).toBe(422);
    expect(await db().build.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it('a RUN step that tries to reach the host or the console fails: builds have no network', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const gateway = os.networkInterfaces().docker0?.find((a) => a.family === 'IPv4')?.address ?? '172.17.0.1';
    const dockerfile = `FROM overcast/shell:1\nRUN printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w3 ${gateway} ${registry.settings.port} && echo REACHED-GATEWAY; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w3 127.0.0.1 ${registry.settings.port} && echo REACHED-LOOPBACK; ls /sys/class/net\nRUN printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w3 ${gateway} ${registry.settings.port}\n`;
    const r = await upload(tenant.slug, people.owner.userId, await tarOf([{ name: 'Dockerfile', body: dockerfile }]), { image: 'probe' }, 'application/x-tar');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const b = await finished(tenant.slug, people.owner.userId, String(r.body.id));
    const log = await logOf(tenant.slug, people.owner.userId, b.id);
    expect(b.status, log).toBe('failed');
    expect(log).not.toMatch(/^\[2\/3\] REACHED-/m);
    expect(log).toMatch(/Network is unreachable|can't connect/);
    expect(log).toMatch(/\[2\/3\] lo\b/); // only the loopback interface inside RUN
  });

  it('RUN steps are held to the memory, CPU and process limits: past the memory limit the build fails "ran out of memory"; a normal build passes', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const parentMemory = '/sys/fs/cgroup/memory/docker/buildkit/memory.limit_in_bytes';
    const before = fs.readFileSync(parentMemory, 'utf8');
    Object.assign(process.env, { OVERCAST_BUILD_MEMORY_MIB: '192', OVERCAST_BUILD_CPUS: '0.5', OVERCAST_BUILD_PIDS: '200' });
    try {
      // What a step sees of its own cgroup, and how much of a CPU a busy loop gets in 1.5 s.
      const probe = `const fs=require('fs');const r=(f)=>{try{return fs.readFileSync(f,'utf8').trim()}catch(e){return e.code}};console.log('LIMITS mem='+r('/sys/fs/cgroup/memory/memory.limit_in_bytes')+' swap='+r('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes')+' quota='+r('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')+' pids='+r('/sys/fs/cgroup/pids/pids.max'));const t=Date.now(),c=process.cpuUsage();while(Date.now()-t<1500){};const u=process.cpuUsage(c);console.log('CPUSHARE '+((u.user+u.system)/1000/(Date.now()-t)).toFixed(2))`;
      const ok = await upload(tenant.slug, people.owner.userId, await tarOf([{ name: 'Dockerfile', body: `FROM overcast/node:20\nRUN ["node", "-e", ${JSON.stringify(probe)}]\n` }]), { image: 'limits' }, 'application/x-tar');
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      const okb = await finished(tenant.slug, people.owner.userId, String(ok.body.id));
      const okLog = await logOf(tenant.slug, people.owner.userId, okb.id);
      expect(okb.status, okLog).toBe('succeeded');
      expect(okLog).toContain('Each RUN step is limited to 192 MiB of memory, 0.5 CPU and 200 processes.');
      expect(okLog).toContain(`LIMITS mem=${192 * 1048576} swap=${192 * 1048576} quota=50000 pids=200`);
      const share = Number(/CPUSHARE ([\d.]+)/.exec(okLog)?.[1]);
      expect(share).toBeLessThanOrEqual(0.6);

      // 512 MiB in 16 MiB pieces, each touched: stopped at 192 MiB, the build fails with the reason.
      const hog = `const a=[];for(let i=0;i<32;i++){a.push(Buffer.alloc(16<<20,1));}console.log('ALLOCATED '+a.length*16+' MiB')`;
      const t0 = Date.now();
      const bad = await upload(tenant.slug, people.owner.userId, await tarOf([{ name: 'Dockerfile', body: `FROM overcast/node:20\nRUN ["node", "-e", ${JSON.stringify(hog)}]\n` }]), { image: 'hog' }, 'application/x-tar');
      const badb = await finished(tenant.slug, people.owner.userId, String(bad.body.id));
      const badLog = await logOf(tenant.slug, people.owner.userId, badb.id);
      expect(badb.status, badLog).toBe('failed');
      expect(badb.error).toMatch(/^The build ran out of memory \(limit 192 MiB\)/);
      expect(badLog).toMatch(/ERROR: The build ran out of memory \(limit 192 MiB\)/);
      expect(badLog).not.toMatch(/^\[2\/2\] ALLOCATED/m);
      expect(Date.now() - t0).toBeLessThan(60_000);
    } finally {
      for (const k of ['OVERCAST_BUILD_MEMORY_MIB', 'OVERCAST_BUILD_CPUS', 'OVERCAST_BUILD_PIDS']) delete process.env[k];
    }
    // The engine's bound on all builds together is given back when no build runs.
    expect(fs.readFileSync(parentMemory, 'utf8')).toBe(before);
  });

  it('cancel stops the engine’s build; the time limit does too', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
    const slow = await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\nRUN echo started-sleeping; sleep 45\n' }], true);
    const r = await upload(tenant.slug, people.owner.userId, slow, { image: 'slow' });
    const id = String(r.body.id);
    await waitFor('the RUN step to start', async () => (await logOf(tenant.slug, people.owner.userId, id)).includes('started-sleeping'), 60_000, 200);
    expect((await call(cancelRoute.POST, { slug: tenant.slug, id }, { as: people.viewer.userId, method: 'POST' })).status).toBe(403);
    const t0 = Date.now();
    const c = await call(cancelRoute.POST, { slug: tenant.slug, id }, { as: people.owner.userId, method: 'POST' });
    expect(c.status).toBe(200);
    const b = await finished(tenant.slug, people.owner.userId, id, 20_000);
    expect(b.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(15_000);
    // The engine stopped the step: no `sleep 45` left running.
    await waitFor('the RUN step to be gone', async () => !String(execFileSync('ps', ['-eo', 'args'])).includes('sleep 45'), 15_000, 200);
    const again = await call(cancelRoute.POST, { slug: tenant.slug, id }, { as: people.owner.userId, method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state');

    process.env.OVERCAST_BUILD_TIME_LIMIT_SECONDS = '3';
    try {
      const t = await upload(tenant.slug, people.owner.userId, slow, { image: 'slow' });
      const tb = await finished(tenant.slug, people.owner.userId, String(t.body.id), 40_000);
      expect(tb.status).toBe('failed');
      expect(tb.error).toMatch(/time limit \(3 s\)/);
    } finally {
      delete process.env.OVERCAST_BUILD_TIME_LIMIT_SECONDS;
    }
  });

  it('refuses bad contexts and foreign images with a clear error, and records nothing', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const other = await tenantWith({ owner: 'owner' });
    const df = { name: 'Dockerfile', body: 'FROM overcast/shell:1\n' };
    const cases: [Buffer, Record<string, string>, string, RegExp][] = [
      [await tarOf([df, { name: '../escape', body: 'x' }]), { image: 'x' }, 'context', /leaves the context/],
      [await tarOf([df, { name: '/etc/cron.d/x', body: 'x' }]), { image: 'x' }, 'context', /absolute path/],
      [await tarOf([df, { name: 'link', type: 'symlink', linkname: '../../etc/passwd' }]), { image: 'x' }, 'context', /points outside/],
      [await tarOf([df, { name: 'abs', type: 'symlink', linkname: '/etc/shadow' }]), { image: 'x' }, 'context', /points outside/],
      [await tarOf([df, { name: 'null', type: 'character-device' }]), { image: 'x' }, 'context', /character device/],
      [await tarOf([df, { name: 'hl', type: 'link', linkname: '../x' }]), { image: 'x' }, 'context', /leaves the context/],
      [Buffer.from('not an archive at all'), { image: 'x' }, 'context', /not a tar/],
      [await tarOf([{ name: 'README', body: 'x' }]), { image: 'x' }, 'dockerfile', /no Dockerfile/],
      [await tarOf([df]), { image: 'Bad Name' }, 'image', /repository/],
      [await tarOf([{ name: 'Dockerfile', body: `FROM builds.local/${other.tenant.slug}/secret:1\n` }]), { image: 'x' }, 'dockerfile', /is not allowed/],
      [await tarOf([{ name: 'Dockerfile', body: `FROM 127.0.0.1:${registry.settings.port}/${other.tenant.slug}/node-app:v1\n` }]), { image: 'x' }, 'dockerfile', /is not allowed/],
      [await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\nCOPY --from=overcast/fn-node:20 / /\n' }]), { image: 'x' }, 'dockerfile', /is not allowed/],
      [await tarOf([{ name: 'Dockerfile', body: '# syntax=docker/dockerfile:1\nFROM overcast/shell:1\n' }]), { image: 'x' }, 'dockerfile', /syntax/],
      [await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\nRUN --network=host nc 127.0.0.1 22\n' }]), { image: 'x' }, 'dockerfile', /--network/],
    ];
    for (const [archive, query, field, why] of cases) {
      const r = await upload(tenant.slug, people.owner.userId, archive, query, 'application/x-tar');
      expect(r.status, `${why}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect((r.body.errors as Record<string, string>)?.[field], `${why}: ${JSON.stringify(r.body)}`).toMatch(why);
    }
    process.env.OVERCAST_BUILD_CONTEXT_MAX_MIB = '0.01';
    try {
      const big = await upload(tenant.slug, people.owner.userId, await tarOf([df, { name: 'big', body: 'x'.repeat(20_000) }]), { image: 'x' }, 'application/x-tar');
      expect(big.status).toBe(413);
      // A small gzip that inflates past the limit (a zip bomb) stops at the limit.
      const bomb = await upload(tenant.slug, people.owner.userId, await tarOf([df, { name: 'zeros', body: '\0'.repeat(200_000).replace(/\0/g, '0') }], true), { image: 'x' });
      expect(bomb.status).toBe(422);
      expect((bomb.body.errors as Record<string, string>).context).toMatch(/larger than/);
    } finally {
      delete process.env.OVERCAST_BUILD_CONTEXT_MAX_MIB;
    }
    expect(await db().build.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, 'builds')).filter((f) => f.endsWith('.tar')).length).toBe(0);
  });

  it('does not share the build cache between tenants', async () => {
    const a = await tenantWith({ owner: 'owner' });
    const b = await tenantWith({ owner: 'owner' });
    const ctx = await tarOf([{ name: 'Dockerfile', body: 'FROM overcast/shell:1\nRUN echo same-step-in-two-tenants\n' }]);
    const ra = await upload(a.tenant.slug, a.people.owner.userId, ctx, { image: 'same' }, 'application/x-tar');
    expect((await finished(a.tenant.slug, a.people.owner.userId, String(ra.body.id))).status).toBe('succeeded');
    const rb = await upload(b.tenant.slug, b.people.owner.userId, ctx, { image: 'same' }, 'application/x-tar');
    expect((await finished(b.tenant.slug, b.people.owner.userId, String(rb.body.id))).status).toBe('succeeded');
    const log = await logOf(b.tenant.slug, b.people.owner.userId, String(rb.body.id));
    expect(log).toMatch(/\[2\/2\] RUN echo same-step-in-two-tenants/);
    expect(log).not.toMatch(/\[2\/2\] CACHED/);
    expect(log).toMatch(/\[2\/2\] DONE/);
  });

  it('fails a build left running by a console that is gone, with the reason', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const dead = await db().build.create({ data: { tenantId: tenant.id, number: 1, source: 'git', gitUrl: 'https://example.com/x.git', repository: 'x', tag: 'latest', status: 'running', runner: `${os.hostname()}:999999`, startedAt: new Date() } });
    const elsewhere = await db().build.create({ data: { tenantId: tenant.id, number: 2, source: 'git', gitUrl: 'https://example.com/x.git', repository: 'x', tag: 'latest', status: 'running', runner: 'another-host:1', startedAt: new Date() } });
    expect(await runner.recover()).toBe(1);
    expect(await db().build.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: 'failed', error: expect.stringMatching(/console stopped or restarted/) });
    expect((await db().build.findUniqueOrThrow({ where: { id: elsewhere.id } })).status).toBe('running');
    await db().build.update({ where: { id: elsewhere.id }, data: { status: 'failed' } });
  });

  it('another tenant cannot see, read the log of, or cancel a build (404), nor list it', async () => {
    const a = await tenantWith({ owner: 'owner' });
    const b = await tenantWith({ owner: 'owner' });
    const row = await db().build.create({ data: { tenantId: a.tenant.id, number: 1, source: 'git', gitUrl: 'https://example.com/x.git', repository: 'x', tag: 'latest', status: 'failed', log: 'secret log line\n' } });
    const asB = b.people.owner.userId;
    // B through its own organisation's address…
    expect((await call(buildRoute.GET, { slug: b.tenant.slug, id: row.id }, { as: asB })).status).toBe(404);
    expect((await call(logRoute.GET, { slug: b.tenant.slug, id: row.id }, { as: asB })).status).toBe(404);
    expect((await call(cancelRoute.POST, { slug: b.tenant.slug, id: row.id }, { as: asB, method: 'POST' })).status).toBe(404);
    expect(((await call(buildsRoute.GET, { slug: b.tenant.slug }, { as: asB })).body.builds as unknown[]).length).toBe(0);
    // …and through A's.
    expect((await call(buildRoute.GET, { slug: a.tenant.slug, id: row.id }, { as: asB })).status).toBe(404);
    expect((await call(logRoute.GET, { slug: a.tenant.slug, id: row.id }, { as: asB })).status).toBe(404);
    expect((await call(buildsRoute.GET, { slug: a.tenant.slug }, { as: asB })).status).toBe(404);
    expect((await call(buildsRoute.POST, { slug: a.tenant.slug }, { as: asB, method: 'POST', body: { source: 'git', gitUrl: 'https://example.com/x.git', image: 'x' } })).status).toBe(404);
    // A foreign page cannot start a build with A's browser session: a form post (multipart) from another origin.
    asUser = a.people.owner.userId;
    const forged = await buildsRoute.POST(
      new Request(`${ORIGIN}/api/v1/tenants/${a.tenant.slug}/builds`, { method: 'POST', headers: { origin: 'http://evil.example', cookie: 'authjs.session-token=x', 'content-type': 'multipart/form-data; boundary=zz', 'x-forwarded-for': '127.0.0.1' }, body: '--zz--\r\n' }),
      { params: Promise.resolve({ slug: a.tenant.slug }) },
    );
    asUser = null;
    expect(forged.status).toBe(403);
    expect(await db().build.count({ where: { tenantId: a.tenant.id } })).toBe(1);
    // A sees it.
    expect((await call(logRoute.GET, { slug: a.tenant.slug, id: row.id }, { as: a.people.owner.userId })).body.text).toBe('secret log line\n');
  });
});
