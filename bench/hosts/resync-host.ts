// Child process of the scale.resync benchmark (run with `--conditions react-server`, as Next runs the reconciler's
// server-only modules): 200 container instances on the real Docker Engine, made by the console's own reconciler
// from rows in the parent's database; then full resyncs (every live instance observed again, as the reconciler does
// every 30 s), each timed in CPU of this process and of the database's. Prints one JSON line, removes what it made,
// exits. Arguments: instances, warm-up resyncs, measured resyncs, the database process's pid.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';

const [count, warmup, iterations, dbPid] = process.argv.slice(2).map(Number) as [number, number, number, number];
const consoleIdValue = process.env.OVERCAST_CONSOLE_ID!;
if (!process.env.DATABASE_URL || !consoleIdValue) throw new Error('DATABASE_URL and OVERCAST_CONSOLE_ID are set by the parent');

const { db } = await import('../../lib/db/client');
const { Reconciler } = await import('../../lib/reconciler/reconciler');
const { seedContainerCatalog } = await import('../../lib/providers/docker/seed');
const { LABEL_CONSOLE, tenantNetworkName } = await import('../../lib/providers/docker/names');

const engine = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const log = (m: string) => process.stderr.write(`[resync host] ${m}\n`);
let tenantId = '';

async function cleanup(): Promise<void> {
  const left = await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${consoleIdValue}`] } });
  for (let i = 0; i < left.length; i += 20) await Promise.all(left.slice(i, i + 20).map((c) => engine.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  if (tenantId) await engine.getNetwork(tenantNetworkName(tenantId)).remove().catch(() => {});
  await db().$disconnect().catch(() => {});
}

/** CPU time (ms, user + system) a process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
function procCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

try {
  await seedContainerCatalog(db());
  const slug = `resync-${randomBytes(3).toString('hex')}`;
  tenantId = (await db().tenant.create({ data: { name: slug, slug, quota: { create: { maxInstances: count, maxVcpus: count, maxMemoryMib: count * 128 } } } })).id;
  await db().instance.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      tenantId,
      name: `r-${i}`,
      liveName: `r-${i}`,
      kind: 'container' as const,
      provider: 'docker',
      flavorId: 'docker-nano',
      imageId: 'docker-static-web',
      spec: { ports: [{ port: 8080, protocol: 'tcp' }], env: [], command: [] },
      desiredState: 'running' as const,
    })),
  });
  // The console's reconciler makes them (its create path, six at a time); no periodic resync, sweep or tenant pass
  // while it does: the measured resyncs are called below.
  const r = new Reconciler(db(), { owner: `bench-resync-${process.pid}`, tickMs: 200, resyncMs: 3_600_000, sweepMs: 3_600_000, tenantDeletionMs: 3_600_000, log: () => {} });
  const t0 = Date.now();
  r.start();
  for (let last = -1; ; ) {
    const running = await db().instance.count({ where: { tenantId, status: 'running' } });
    if (running !== last) log(`${running}/${count} running after ${Math.round((Date.now() - t0) / 1000)} s`);
    last = running;
    if (running === count) break;
    if (Date.now() - t0 > 15 * 60_000) throw new Error(`only ${running} of ${count} containers running after 15 min`);
    await new Promise((res) => setTimeout(res, 1000));
  }
  const createMs = Date.now() - t0;
  await r.stop();

  const cpu: number[] = [];
  const dbCpu: number[] = [];
  const wall: number[] = [];
  const writes: number[] = [];
  const asked: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const events0 = await db().instanceEvent.count({ where: { tenantId } });
    const c0 = process.cpuUsage();
    const d0 = procCpuMs(dbPid);
    const w0 = performance.now();
    // The resync compares one engine listing with the rows and asks a pass only for what drifted (nothing here);
    // the pass it asks for is part of the measure.
    const a = await r.resync();
    const n = await r.tick();
    const w = performance.now() - w0;
    const c = process.cpuUsage(c0);
    const d = procCpuMs(dbPid) - d0;
    const changed = (await db().instanceEvent.count({ where: { tenantId } })) - events0;
    log(`${i < warmup ? 'warm-up' : `${i - warmup + 1}/${iterations}`}: ${a} of ${count} instances asked for, ${n} reconciled, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU (reconciler), ${d} ms CPU (database), ${w.toFixed(0)} ms wall, ${changed} status changes`);
    if (i >= warmup) {
      cpu.push((c.user + c.system) / 1000);
      dbCpu.push(d);
      wall.push(w);
      writes.push(changed);
      asked.push(a);
    }
  }
  // The resync still finds drift no event reported (the event stream is not running here): a container stopped
  // behind the console's back is asked for, and its pass records it.
  const victim = await db().instance.findFirstOrThrow({ where: { tenantId, status: 'running' }, select: { id: true, engineRef: true } });
  await engine.getContainer(victim.engineRef!).kill();
  const drift = await r.resync();
  await r.tick();
  const after = await db().instance.findUniqueOrThrow({ where: { id: victim.id }, select: { status: true } });
  if (drift < 1 || after.status === 'running') throw new Error(`a container killed behind the console's back was not caught by the resync (${drift} asked for, status ${after.status})`);
  log(`drift check: a killed container was asked for (${drift} in all) and recorded as ${after.status}`);
  process.stdout.write(`${JSON.stringify({ cpu, dbCpu, wall, writes, asked, createMs })}\n`);
} finally {
  await cleanup();
}
process.exit(0);
