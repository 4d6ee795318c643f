// Crash safety of the reconciler on the real Docker Engine: a console process (a child running only the
// reconciler) is SIGKILLed while 20 creates are in flight; a new one takes over once the dead one's leases expire,
// and every instance converges to running with exactly one container each and no orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { createContainer } from '@/lib/instances/create-instance';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { containersOf, expectOneContainerEach, httpGet, provideTenantNetwork, removeOwnObjects, ownConsoleId, waitFor } from '../docker';

const CHILD = path.join(import.meta.dirname, '..', 'helpers', 'reconciler-child.ts');
const CONSOLE = ownConsoleId();
const LEASE_MS = 2_000;
const N = 20;
const engine = docker();
const children: ChildProcess[] = [];
let ctx: TenantContext;
let tenantId: string;

type Console = { child: ChildProcess; statuses: Record<string, number>; stderr: string[]; exited: Promise<void> };

/** Starts a console's reconciler in a child process (see test/helpers/reconciler-child.ts). */
async function startConsole(owner: string): Promise<Console> {
  // react-server: the reconciler's modules are server code (`server-only`), as inside the console's Next server.
  const child = spawn(process.execPath, ['--conditions', 'react-server', '--import', 'tsx', CHILD, owner, String(LEASE_MS)], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), OVERCAST_CONSOLE_ID: CONSOLE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const c: Console = { child, statuses: {}, stderr: [], exited: new Promise((r) => child.once('exit', () => r())) };
  readline.createInterface({ input: child.stderr! }).on('line', (l) => c.stderr.push(l));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; statuses?: Record<string, number> };
      if (msg.ready) resolve();
      if (msg.statuses) c.statuses = msg.statuses;
    });
    child.once('exit', (code, signal) => reject(new Error(`console ${owner} exited (${signal ?? code}) before it was ready: ${c.stderr.join('\n')}`)));
  });
  await ready;
  return c;
}

beforeAll(async () => {
  await seedCatalog();
  const member = await memberOfNewTenant({ maxInstances: N });
  tenantId = member.tenant.id;
  ctx = member.ctx;
  await provideTenantNetwork(engine, tenantId);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await removeOwnObjects(engine, CONSOLE, [tenantId]);
});

describe('a console killed while creating', () => {
  it(`SIGKILL during ${N} creates; the next console converges every instance, one container each, no orphans`, async () => {
    // The user's 20 creates are recorded (intent first); a console picks them up.
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await createContainer(ctx, containerInput({ name: `crash-${i}` }))).id);

    // From here on, while a child console runs, this process watches the engine and the child's reports only.
    const first = await startConsole(`${CONSOLE}-first`);
    const atKill = await waitFor('the first containers to appear', async () => {
      const cs = await containersOf(engine, CONSOLE);
      return cs.length >= 3 && cs;
    }, 30_000, 20);
    first.child.kill('SIGKILL');
    await first.exited;
    // It really died mid-way: not everything was running, and it still held leases when it went.
    expect(atKill.filter((c) => c.state === 'running').length).toBeLessThan(N);
    const killedAt = new Date();
    const leased = await db().instance.findMany({ where: { leaseOwner: `${CONSOLE}-first` }, select: { id: true, leaseUntil: true } });
    expect(leased.length, 'the first console held no lease when it was killed').toBeGreaterThan(0);
    const unsettled = await db().instance.count({ where: { id: { in: ids }, status: { not: 'running' } } });
    expect(unsettled, 'the first console had finished before it was killed').toBeGreaterThan(0);

    const second = await startConsole(`${CONSOLE}-second`);
    await waitFor(() => `all ${N} instances running (reported: ${JSON.stringify(second.statuses)}; log: ${second.stderr.slice(-5).join(' | ')})`, async () => second.statuses.running === N, 90_000);
    second.child.kill('SIGTERM');
    await second.exited;
    expect(second.child.exitCode).toBe(0);

    const rows = await db().instance.findMany({ where: { id: { in: ids } } });
    for (const r of rows) {
      expect(r, r.name).toMatchObject({ status: 'running', statusReason: null, leaseOwner: null });
      expect((r.endpoints as unknown[]).length, r.name).toBe(1);
    }
    // Exactly one container per instance (deterministic names: a retry adopts, never duplicates), and no container
    // of this console that no instance owns.
    const containers = await expectOneContainerEach(engine, CONSOLE, ids);
    const byInstance = new Map(containers.map((c) => [c.instanceId, c]));
    for (const r of rows) {
      expect(byInstance.get(r.id)).toMatchObject({ id: r.engineRef, state: 'running' });
    }
    // The dead console's leases were respected: the new one touched those instances only after they expired.
    // (One that the first had already settled gets no new event; those mid-way get one.)
    let checked = 0;
    for (const l of leased) {
      const next = await db().instanceEvent.findFirst({ where: { instanceId: l.id, createdAt: { gt: killedAt } }, orderBy: { createdAt: 'asc' } });
      if (!next) continue;
      expect(next.createdAt.getTime(), l.id).toBeGreaterThanOrEqual(l.leaseUntil!.getTime());
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    const answers = await Promise.all(rows.map((r) => httpGet((r.endpoints as { hostPort: number }[])[0].hostPort)));
    expect(answers.filter((a) => 'status' in a && a.status === 200)).toHaveLength(N);
  }, 180_000); // its own waits add up to 120 s, then two console processes' start and stop on a busy machine
});
