// Helpers for the functions engine's tests: rows seeded straight into the database (the domain operations live on
// the product side), a pool of the test file's own on the real Docker Engine, and the gateway on a port of its own.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { db } from '@/lib/db/client';
import { handleGatewayRequest } from '@/lib/functions/gateway';
import { invalidateFunction } from '@/lib/functions/cache';
import { sealFunctionEnv } from '@/lib/secrets/fields';
import { DockerFunctionEngine } from '@/lib/providers/functions/engine';
import { FunctionPool, type PoolOptions } from '@/lib/providers/functions/pool';
import { setFunctionPool } from '@/lib/providers/functions/pool-instance';
import { docker } from '@/lib/providers/docker/client';
import { functionNetworkName } from '@/lib/providers/functions/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { afterAll, beforeAll } from 'vitest';
import { createTenant, seedCatalog, uniqueSuffix } from './fixtures';
import { ownConsoleId, removeOwnObjects, stopReconciler } from './docker';

export type SeedFunction = {
  tenantId: string;
  name?: string;
  code: string;
  memoryMib?: number;
  timeoutMs?: number;
  env?: { name: string; value: string; secret?: boolean }[];
  access?: 'public' | 'token';
  tokenHash?: string | null;
  concurrency?: number;
  maxScale?: number;
  idleSeconds?: number;
};

/** A function with one deployed version (what create + deploy would write). */
export async function seedFunction(f: SeedFunction) {
  const fn = await db().serverlessFunction.create({
    data: {
      tenantId: f.tenantId,
      name: f.name ?? `fn-${uniqueSuffix()}`,
      liveName: f.name ?? undefined,
      access: f.access ?? 'public',
      tokenHash: f.tokenHash ?? null,
      concurrency: f.concurrency ?? 10,
      maxScale: f.maxScale ?? 4,
      idleSeconds: f.idleSeconds ?? 300,
    },
  });
  if (!f.name) await db().serverlessFunction.update({ where: { id: fn.id }, data: { liveName: fn.name } });
  const v = await deployVersion(fn.id, f);
  return { ...fn, liveName: fn.name, activeVersionId: v.id, version: v };
}

/** Adds a version and makes it active (as a deploy does), then invalidates the gateway's cache. */
export async function deployVersion(functionId: string, f: Pick<SeedFunction, 'code' | 'memoryMib' | 'timeoutMs' | 'env'>) {
  const fn = await db().serverlessFunction.findUniqueOrThrow({ where: { id: functionId }, include: { versions: { select: { number: true } } } });
  const v = await db().functionVersion.create({
    data: {
      functionId,
      tenantId: fn.tenantId,
      number: Math.max(0, ...fn.versions.map((x) => x.number)) + 1,
      code: f.code,
      codeSha256: createHash('sha256').update(f.code).digest('hex'),
      memoryMib: f.memoryMib ?? 128,
      timeoutMs: f.timeoutMs ?? 3000,
      // Stored as the product stores it: secret values sealed (lib/secrets).
      env: sealFunctionEnv(functionId, (f.env ?? []).map((e) => ({ ...e, secret: e.secret ?? false }))),
    },
  });
  await activate(functionId, v.id);
  return v;
}

export async function activate(functionId: string, versionId: string): Promise<void> {
  await db().serverlessFunction.update({ where: { id: functionId }, data: { activeVersionId: versionId } });
  invalidateFunction(functionId);
}

export async function seedTenant() {
  return createTenant();
}

/** A pool of this test file's own on the real engine, installed as the process's pool. */
export async function startTestPool(opts: Partial<PoolOptions> = {}): Promise<FunctionPool> {
  const pool = new FunctionPool(new DockerFunctionEngine(), { stemCells: 1, log: () => {}, ...opts });
  setFunctionPool(pool);
  await pool.start();
  return pool;
}

export type Gateway = { url: string; server: http.Server; close(): Promise<void> };

/** The gateway on an ephemeral port of 127.0.0.1 (the console serves it on its apps listener the same way). */
export async function startGateway(host = '127.0.0.1'): Promise<Gateway> {
  const server = http.createServer(handleGatewayRequest);
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; json: Record<string, unknown> | null; headers: Headers }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, body, json, headers: res.headers };
}

/**
 * The engine of a test file that runs containers and functions on the real Docker Engine: before its tests the
 * catalogue is seeded and a function pool (one stem cell) and a gateway are started; after them the reconciler a test
 * started (`reconciler`), the gateway and the pool are stopped, and this run's engine objects of `tenantIds` removed.
 */
export function functionsEngine(): { pool: FunctionPool; gw: Gateway; reconciler: Reconciler | undefined; tenantIds: string[] } {
  const h = { pool: undefined as unknown as FunctionPool, gw: undefined as unknown as Gateway, reconciler: undefined as Reconciler | undefined, tenantIds: [] as string[] };
  beforeAll(async () => {
    await seedCatalog();
    h.pool = await startTestPool({ stemCells: 1 });
    h.gw = await startGateway();
  });
  afterAll(async () => {
    await stopReconciler(h.reconciler);
    await h.gw?.close();
    await h.pool?.stop();
    setFunctionPool(undefined);
    await removeOwnObjects(docker(), ownConsoleId(), h.tenantIds);
    await docker().getNetwork(functionNetworkName()).remove().catch(() => {});
  });
  return h;
}
