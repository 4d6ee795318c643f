// Child process of the functions benchmarks (run with `--conditions react-server`, as Next runs the gateway's
// server-only modules): a function seeded in the parent's database, the functions pool on the real
// Docker Engine and the gateway on a port of 127.0.0.1 — the console's own code path for /fn/. It measures the two
// cold starts itself (they need the pool), prints them, then serves warm requests until its parent, which drives
// the warm load from another process, closes its stdin.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { timedRequest } from './functions-run';

const iterations = Number(process.argv[2] ?? 20);
const consoleIdValue = `bench-fn-${randomBytes(4).toString('hex')}`;
process.env.OVERCAST_CONSOLE_ID = consoleIdValue;
// The warm benchmark drives one function far beyond the console's default request rates: the limiter still runs on
// every request (its cost is part of what is measured), with limits the load never reaches.
process.env.OVERCAST_FN_RATE_PER_FUNCTION ??= '1000000';
process.env.OVERCAST_FN_RATE_PER_TENANT ??= '1000000';

// The database is the parent's (as the console's embedded database lives in serve.ts, not in the web server).
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must name the migrated database the parent opened');

const { db } = await import('../../lib/db/client');
const { handleGatewayRequest } = await import('../../lib/functions/gateway');
const { invalidateFunction } = await import('../../lib/functions/cache');
const { flushRecorder } = await import('../../lib/functions/recorder');
const { FunctionPool } = await import('../../lib/providers/functions/pool');
const { DockerFunctionEngine, runtimeContainerOptions } = await import('../../lib/providers/functions/engine');
const { functionNetworkName, LABEL_CONSOLE } = await import('../../lib/providers/functions/names');
const { setFunctionPool } = await import('../../lib/providers/functions/pool-instance');
const { waitListening, newAgent } = await import('../../lib/providers/functions/runtime-client');

const engine = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const pools: InstanceType<typeof FunctionPool>[] = [];

async function cleanup(): Promise<void> {
  for (const p of pools) await p.stop().catch(() => {});
  const left = await engine.listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${consoleIdValue}`] } });
  await Promise.all(left.map((c) => engine.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  await engine.getNetwork(functionNetworkName()).remove().catch(() => {});
  await db().$disconnect().catch(() => {});
}

const tenant = await db().tenant.create({ data: { name: 'Bench', slug: 'bench', quota: { create: {} } } });
const fn = await db().serverlessFunction.create({ data: { tenantId: tenant.id, name: 'echo', liveName: 'echo', concurrency: 32, maxScale: 1, idleSeconds: 3600 } });
let versionNo = 0;
async function deploy(): Promise<string> {
  const code = `export default async (req) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok ' + req.path }); // ${++versionNo}`;
  const v = await db().functionVersion.create({
    data: { functionId: fn.id, tenantId: tenant.id, number: versionNo, code, codeSha256: createHash('sha256').update(code).digest('hex'), memoryMib: 128, timeoutMs: 3000 },
  });
  await db().serverlessFunction.update({ where: { id: fn.id }, data: { activeVersionId: v.id } });
  invalidateFunction(fn.id);
  return v.id;
}

const server = http.createServer(handleGatewayRequest);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fn/bench/echo`;
const agent = new http.Agent({ keepAlive: true });

/** One cold-start request (its latency); the same timeout as the load's, so that a lost request fails the run. */
function get(u: string): Promise<number> {
  const { hostname, port, pathname } = new URL(u);
  return timedRequest(agent, { host: hostname, port: Number(port), path: pathname, method: 'GET' });
}

async function startKinds(): Promise<Record<string, number>> {
  await flushRecorder();
  const rows = await db().functionInvocation.groupBy({ by: ['start'], _count: true, where: { functionId: fn.id } });
  await db().functionInvocation.deleteMany({ where: { functionId: fn.id } });
  return Object.fromEntries(rows.map((r) => [r.start, r._count]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  // 1. Cold start through a stem cell: a new version each time, a stem cell ready for it.
  const stemPool = new FunctionPool(new DockerFunctionEngine(), { stemCells: 1, log: () => {} });
  pools.push(stemPool);
  setFunctionPool(stemPool);
  await stemPool.start();
  const stem: number[] = [];
  for (let i = 0; i < iterations + 2; i++) {
    await deploy();
    await stemPool.stemsReady();
    await sleep(300); // let the previous version's container go before measuring
    const ms = await get(url);
    if (i >= 2) stem.push(ms);
  }
  const stemKinds = await startKinds();
  await stemPool.stop();

  // 2. Cold start without a stem cell (create + start + boot + code + invoke) vs the raw engine's create + start.
  const createPool = new FunctionPool(new DockerFunctionEngine(), { stemCells: 0, log: () => {} });
  pools.push(createPool);
  setFunctionPool(createPool);
  await createPool.start();
  const create: number[] = [];
  const raw: number[] = [];
  const rawListening: number[] = [];
  for (let i = 0; i < iterations + 1; i++) {
    await deploy();
    await sleep(300);
    const ms = await get(url);
    const t0 = performance.now();
    const c = await engine.createContainer({ ...runtimeContainerOptions({ memoryMib: 128 }, functionNetworkName()), Labels: { [LABEL_CONSOLE]: consoleIdValue } });
    await c.start();
    const rawMs = performance.now() - t0;
    const ip = (await c.inspect()).NetworkSettings.Networks[functionNetworkName()]!.IPAddress;
    await waitListening({ ip, port: 8080, agent: newAgent() }, 10_000);
    const listeningMs = performance.now() - t0;
    await c.remove({ force: true });
    if (i < 1) continue;
    create.push(ms);
    raw.push(rawMs);
    rawListening.push(listeningMs);
  }
  const createKinds = await startKinds();

  // 3. Warm: one container serving; the parent drives the load (gateway vs direct) from its own process.
  await get(url);
  const snapshot = createPool.snapshot().versions.find((v) => v.functionId === fn.id)!;
  process.stdout.write(JSON.stringify({ stem, stemKinds, create, raw, rawListening, createKinds, url, direct: { ip: snapshot.addresses[0], port: 8080 } }) + '\n');
  await new Promise<void>((r) => {
    process.stdin.resume();
    process.stdin.on('end', r);
    process.stdin.on('close', r);
  });
} finally {
  server.close();
  agent.destroy();
  await cleanup();
}
process.exit(0);
