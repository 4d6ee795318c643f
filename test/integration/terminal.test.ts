// The web terminal's WebSocket endpoint (lib/terminal/server.ts) on a real HTTP server, the real database and a
// real container on the Docker Engine: who is refused at the upgrade and with which status, and what a session does
// (a shell that answers, resize, exit codes, limits, audit events, and no shell left behind in the container).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encode } from 'next-auth/jwt';
import { db } from '@/lib/db/client';
import { dockerDriver } from '@/lib/providers/docker/driver';
import { seedContainerCatalog } from '@/lib/providers/docker/seed';
import { docker } from '@/lib/providers/docker/client';
import { containerName } from '@/lib/providers/docker/names';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { createTerminalServer } from '@/lib/terminal/server';
import type { UpgradeHandler } from '@/lib/server/upgrade';
import { createUserSession, revokeSession } from '@/lib/auth/sessions';
import { resolveTenant } from '@/lib/auth/principal';
import { setUserDisabled } from '@/lib/admin/users';
import { changeMemberRole, removeMember } from '@/lib/tenants/members';
import { addMember, contextFor, createUser, errorOf, tenantWith } from '../fixtures';

const SECRET = 'integration-test-secret-0123456789abcdef';
const COOKIE = 'authjs.session-token';

type Server = { url: string; origin: string; close(): Promise<void> };

async function serve(handler: UpgradeHandler): Promise<Server> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => (handler.matches(req) ? handler.handle(req, socket, head) : socket.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await handler.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A session cookie as Auth.js issues it: the user's id and the id of a new server-side session. */
async function signedIn(userId: string, maxAge = 3600): Promise<{ cookie: string; sid: string }> {
  const sid = await createUserSession(userId, { userAgent: 'vitest', address: '127.0.0.1' });
  return { cookie: `${COOKIE}=${await encode({ token: { sub: userId, sid }, secret: SECRET, salt: COOKIE, maxAge })}`, sid };
}

async function cookieFor(userId: string, maxAge = 3600): Promise<string> {
  return (await signedIn(userId, maxAge)).cookie;
}

type Refused = { status: number; code: string };
type Session = {
  ws: WebSocket;
  output: () => string;
  notices: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
  send(text: string): void;
};

/** Opens the terminal; resolves with the HTTP refusal, or with a session once the server said it is ready. */
function open(server: Server, path: string, headers: Record<string, string>): Promise<Refused | Session> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}${path}`, { headers });
    let out = '';
    const notices: Record<string, unknown>[] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(body) as { code: string }).code }));
    });
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return void (out += data.toString());
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      notices.push(msg);
      if (msg.type === 'ready') resolve({ ws, output: () => out, notices, closed, send: (t) => ws.send(Buffer.from(t)) });
    });
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The command lines of the container's processes. */
async function processes(instanceId: string): Promise<string[]> {
  const top = (await docker().getContainer(containerName(instanceId)).top()) as { Titles: string[]; Processes: string[][] };
  return top.Processes.map((p) => p[top.Titles.indexOf('CMD')]!);
}

/** Interactive shells of our sessions in the container (its own main process is `/bin/sh -c …`). */
async function sessionShells(instanceId: string): Promise<number> {
  return (await processes(instanceId)).filter((cmd) => cmd === '/bin/sh').length;
}

let people: Awaited<ReturnType<typeof tenantWith<'owner' | 'member' | 'viewer'>>>['people'];
let slug: string;
let instanceId: string;
let stranger: string;
let strangerSlug: string;
let server: Server;

const consoleIdBefore = process.env.OVERCAST_CONSOLE_ID;

beforeAll(async () => {
  // The container made here carries this console id, so no console's orphan sweep counts it as its own.
  process.env.OVERCAST_CONSOLE_ID = 'term-integration';
  await seedContainerCatalog(db());
  const t = await tenantWith({ owner: 'owner', member: 'member', viewer: 'viewer' });
  people = t.people;
  slug = t.tenant.slug;
  const other = await tenantWith({ owner: 'owner' });
  stranger = other.people.owner.userId;
  strangerSlug = other.tenant.slug;
  const inst = await db().instance.create({
    data: {
      tenantId: t.tenant.id,
      name: 'term-box',
      liveName: 'term-box',
      kind: 'container',
      provider: 'docker',
      flavorId: 'docker-nano',
      imageId: 'docker-shell',
      spec: { ports: [], env: [], command: [] },
      desiredState: 'running',
      status: 'running',
    },
    include: { flavor: true, image: true },
  });
  instanceId = inst.id;
  await dockerDriver.create(toDriverInstance(inst, dockerDriver));
  await dockerDriver.start(toDriverInstance(inst, dockerDriver));
  server = await serve(createTerminalServer({ secret: SECRET, idleMs: 60_000 }));
});

afterAll(async () => {
  await server?.close();
  if (instanceId) await dockerDriver.remove(toDriverInstance(await db().instance.findUniqueOrThrow({ where: { id: instanceId }, include: { flavor: true, image: true } }), dockerDriver));
  if (consoleIdBefore === undefined) delete process.env.OVERCAST_CONSOLE_ID;
  else process.env.OVERCAST_CONSOLE_ID = consoleIdBefore;
});

const path = () => `/api/v1/tenants/${slug}/instances/${instanceId}/terminal`;
const headers = async (userId: string, extra: Record<string, string> = {}) => ({ Origin: server.origin, Cookie: await cookieFor(userId), ...extra });

describe('refused at the upgrade, before any shell exists', () => {
  it('answers each case with its status and problem code', async () => {
    const cases: { reason: string; path?: string; headers: () => Promise<Record<string, string>>; want: Refused }[] = [
      { reason: 'another tenant’s user: not found', headers: () => headers(stranger), want: { status: 404, code: 'not_found' } },
      {
        reason: 'the id through the other user’s own tenant: not found',
        path: `/api/v1/tenants/${strangerSlug}/instances/${instanceId}/terminal`,
        headers: () => headers(stranger),
        want: { status: 404, code: 'not_found' },
      },
      { reason: 'an id that does not exist', path: `/api/v1/tenants/${slug}/instances/nope/terminal`, headers: () => headers(people.member.userId), want: { status: 404, code: 'not_found' } },
      { reason: 'a viewer: forbidden', headers: () => headers(people.viewer.userId), want: { status: 403, code: 'forbidden' } },
      { reason: 'a foreign Origin, with a valid cookie', headers: () => headers(people.owner.userId, { Origin: 'http://evil.example' }), want: { status: 403, code: 'forbidden' } },
      { reason: 'the same host on another port', headers: () => headers(people.owner.userId, { Origin: 'http://127.0.0.1:1' }), want: { status: 403, code: 'forbidden' } },
      { reason: 'no cookie', headers: async () => ({ Origin: server.origin }), want: { status: 401, code: 'unauthenticated' } },
      { reason: 'a cookie signed with another secret', headers: async () => ({ Origin: server.origin, Cookie: `${COOKIE}=${await encode({ token: { sub: people.owner.userId }, secret: 'another-secret-entirely', salt: COOKIE })}` }), want: { status: 401, code: 'unauthenticated' } },
      { reason: 'an expired sign-in', headers: async () => ({ Origin: server.origin, Cookie: await cookieFor(people.owner.userId, -60) }), want: { status: 401, code: 'unauthenticated' } },
      {
        reason: 'a valid cookie without a server-side session (as issued before sessions, or forged)',
        headers: async () => ({ Origin: server.origin, Cookie: `${COOKIE}=${await encode({ token: { sub: people.owner.userId }, secret: SECRET, salt: COOKIE })}` }),
        want: { status: 401, code: 'unauthenticated' },
      },
      {
        reason: 'a signed-out session',
        headers: async () => {
          const { cookie, sid } = await signedIn(people.owner.userId);
          await revokeSession(sid);
          return { Origin: server.origin, Cookie: cookie };
        },
        want: { status: 401, code: 'unauthenticated' },
      },
    ];
    for (const c of cases) {
      const got = await open(server, c.path ?? path(), await c.headers());
      expect(got, c.reason).toEqual(c.want);
    }
    expect(await db().auditEvent.count({ where: { action: 'instance.terminal.opened' } })).toBe(0);
  });

  it('refuses an instance that is not running, and any session in a suspended tenant', async () => {
    await db().instance.update({ where: { id: instanceId }, data: { status: 'stopped', desiredState: 'stopped' } });
    try {
      expect(await open(server, path(), await headers(people.member.userId))).toEqual({ status: 409, code: 'invalid_state' });
    } finally {
      await db().instance.update({ where: { id: instanceId }, data: { status: 'running', desiredState: 'running' } });
    }
    const suspended = await tenantWith({ owner: 'owner' }, { status: 'suspended' });
    const inst = await db().instance.create({
      data: { tenantId: suspended.tenant.id, name: 'x', liveName: 'x', kind: 'container', provider: 'docker', flavorId: 'docker-nano', imageId: 'docker-shell', spec: {}, desiredState: 'running', status: 'running' },
    });
    const got = await open(server, `/api/v1/tenants/${suspended.tenant.slug}/instances/${inst.id}/terminal`, await headers(suspended.people.owner.userId));
    expect(got).toEqual({ status: 409, code: 'tenant_suspended' });
  });
});

describe('a session', () => {
  it('runs commands in the container, follows resizes, and leaves no shell behind when the browser goes', async () => {
    const before = await sessionShells(instanceId);
    const s = (await open(server, `${path()}?cols=100&rows=30`, await headers(people.member.userId))) as Session;
    s.send('echo it-$((2+3)); stty size; hostname\n');
    await until('command output', () => /it-5\r\n30 100\r\nterm-box/.test(s.output()));
    s.ws.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    await new Promise((r) => setTimeout(r, 200));
    s.send('stty size\n');
    await until('new size', () => s.output().includes('40 120'));
    // A foreground program and a background job: the hang-up ends the shell and its foreground program.
    s.send('sleep 300\n');
    await until('sleep running', async () => (await processes(instanceId)).includes('sleep 300'));
    expect(await sessionShells(instanceId)).toBe(before + 1);
    s.ws.close();
    await until('shell gone', async () => (await sessionShells(instanceId)) === before);
    expect(await processes(instanceId)).not.toContain('sleep 300');
    await until('audit of the end', async () => (await db().auditEvent.count({ where: { action: 'instance.terminal.closed', targetId: instanceId } })) === 1);
    const events = await db().auditEvent.findMany({ where: { targetId: instanceId }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['instance.terminal.opened', people.member.userId],
      ['instance.terminal.closed', people.member.userId],
    ]);
    expect(events[1]!.metadata).toMatchObject({ reason: 'client closed' });
  });

  it('ends when the shell exits, with its exit code', async () => {
    const s = (await open(server, path(), await headers(people.owner.userId))) as Session;
    s.send('exit 7\n');
    expect(await s.closed).toEqual({ code: 1000, reason: 'shell exited' });
    expect(s.notices).toContainEqual({ type: 'exit', code: 7 });
  });

  it('closes an idle session, an over-long message and an unknown control message', async () => {
    const strict = await serve(createTerminalServer({ secret: SECRET, idleMs: 500, maxMessageBytes: 1024 }));
    try {
      const hdrs = { Origin: strict.origin, Cookie: await cookieFor(people.member.userId) };
      const idle = (await open(strict, path(), hdrs)) as Session;
      const t0 = Date.now();
      expect(await idle.closed).toEqual({ code: 4001, reason: 'idle' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(400);

      const big = (await open(strict, path(), hdrs)) as Session;
      big.send('x'.repeat(2000));
      expect((await big.closed).code).toBe(1009);

      const odd = (await open(strict, path(), hdrs)) as Session;
      odd.ws.send(JSON.stringify({ type: 'run', command: 'rm -rf /' }));
      expect(await odd.closed).toEqual({ code: 1008, reason: 'unsupported message' });
      await until('all shells gone', async () => (await sessionShells(instanceId)) === 0);
    } finally {
      await strict.close();
    }
  });

  it('is ended by the server when it stops', async () => {
    const own = await serve(createTerminalServer({ secret: SECRET, idleMs: 60_000 }));
    const s = (await open(own, path(), { Origin: own.origin, Cookie: await cookieFor(people.member.userId) })) as Session;
    await own.close();
    expect((await s.closed).code).toBe(1001);
    await until('shell gone', async () => (await sessionShells(instanceId)) === 0);
  });
});

it('a user removed from the tenant can no longer open it', async () => {
  const user = await createUser();
  const m = await addMember((await db().instance.findUniqueOrThrow({ where: { id: instanceId } })).tenantId, user.id, 'member');
  const s = await open(server, path(), await headers(user.id));
  expect('ws' in s).toBe(true);
  (s as Session).ws.close();
  await db().membership.delete({ where: { id: m.id } });
  expect(await open(server, path(), await headers(user.id))).toEqual({ status: 404, code: 'not_found' });
});

// Finding 6 of the security round: a session outlived sign-out, and an open terminal outlived everything (the user's
// removal from the organisation included) until its idle timeout.
describe('ended access closes open terminals (finding 6)', () => {
  const tenantId = async () => (await db().instance.findUniqueOrThrow({ where: { id: instanceId } })).tenantId;
  // A real platform admin: disabling re-checks its actor in the database (lib/admin/users.ts).
  const admin = async () => {
    const a = await createUser({ isPlatformAdmin: true });
    return { id: a.id, email: a.email, name: a.name, isPlatformAdmin: true };
  };

  it('removing a member closes their open terminal at once, and their next call is not found', async () => {
    // A periodic re-check far away: only the in-process notification can close it within the deadline.
    const slow = await serve(createTerminalServer({ secret: SECRET, idleMs: 60_000, recheckMs: 600_000 }));
    try {
      const user = await createUser();
      const m = await addMember(await tenantId(), user.id, 'member');
      const s = (await open(slow, path(), { Origin: slow.origin, Cookie: await cookieFor(user.id) })) as Session;
      s.send('echo still-here\n');
      await until('shell answers', () => s.output().includes('still-here'));
      const t0 = Date.now();
      await removeMember(await contextFor(people.owner.userId, await tenantId()), m.id);
      expect(await s.closed).toEqual({ code: 4003, reason: 'membership removed' });
      expect(Date.now() - t0).toBeLessThan(3000);
      const current = (await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, email: true, name: true, isPlatformAdmin: true } }));
      expect((await errorOf(() => resolveTenant(current, slug))).code).toBe('not_found');
      await until('closing audited', async () =>
        (await db().auditEvent.count({ where: { action: 'instance.terminal.closed', actorId: user.id, metadata: { path: ['reason'], equals: 'membership removed' } } })) === 1,
      );
    } finally {
      await slow.close();
    }
  });

  it('downgrading a member to viewer, disabling the user, or revoking the session closes the terminal', async () => {
    const slow = await serve(createTerminalServer({ secret: SECRET, idleMs: 60_000, recheckMs: 600_000 }));
    try {
      const cases: { reason: string; closeReason: string; act: (userId: string, membershipId: string, sid: string) => Promise<unknown> }[] = [
        {
          reason: 'downgraded to viewer',
          closeReason: 'role no longer allows a terminal',
          act: async (_u, mid) => changeMemberRole(await contextFor(people.owner.userId, await tenantId()), mid, { role: 'viewer' }),
        },
        { reason: 'user disabled', closeReason: 'signed out', act: async (u) => setUserDisabled(await admin(), u, { disabled: true }) },
        { reason: 'session signed out', closeReason: 'signed out', act: (_u, _m, sid) => revokeSession(sid) },
      ];
      for (const c of cases) {
        const user = await createUser();
        const m = await addMember(await tenantId(), user.id, 'member');
        const { cookie, sid } = await signedIn(user.id);
        const s = (await open(slow, path(), { Origin: slow.origin, Cookie: cookie })) as Session;
        const t0 = Date.now();
        await c.act(user.id, m.id, sid);
        expect(await s.closed, c.reason).toEqual({ code: 4003, reason: c.closeReason });
        expect(Date.now() - t0, c.reason).toBeLessThan(3000);
        // And it cannot be opened again.
        expect((await open(slow, path(), { Origin: slow.origin, Cookie: cookie })) as Refused, c.reason).toMatchObject({ status: expect.any(Number) });
      }
    } finally {
      await slow.close();
    }
    await until('all shells gone', async () => (await sessionShells(instanceId)) === 0);
  });

  it('a change made by another process (no notification here) is caught by the periodic re-check', async () => {
    const fast = await serve(createTerminalServer({ secret: SECRET, idleMs: 60_000, recheckMs: 300 }));
    try {
      const user = await createUser();
      await addMember(await tenantId(), user.id, 'member');
      const { cookie, sid } = await signedIn(user.id);
      const s = (await open(fast, path(), { Origin: fast.origin, Cookie: cookie })) as Session;
      const t0 = Date.now();
      // Straight in the database, as a second console process sharing PostgreSQL would.
      await db().userSession.update({ where: { id: sid }, data: { revokedAt: new Date() } });
      expect(await s.closed).toEqual({ code: 4003, reason: 'signed out' });
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await fast.close();
    }
  });
});
