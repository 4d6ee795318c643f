// Issue 12, finding 11 — secrets at rest, on the real engines: the database holds a container's secret variable and a
// function's secret only encrypted, yet the container's environment (`docker inspect`) and the function's
// process.env have them in clear. The gateway decrypts once per load, not per request (warm requests keep working
// even with the key swapped out). A key the console lacks stops the create with a reason saying so, and nothing is
// made; with the key back, the reconciler makes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { containerName } from '@/lib/providers/docker/names';
import { functionNetworkName } from '@/lib/providers/functions/names';
import { setFunctionPool } from '@/lib/providers/functions/pool-instance';
import type { FunctionPool } from '@/lib/providers/functions/pool';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { createFunction } from '@/lib/functions/create-function';
import { invalidateFunction } from '@/lib/functions/cache';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { makeKeyring, newKeyText, parseKey } from '@/lib/secrets/envelope';
import { setSecretsKeyring } from '@/lib/secrets/keyring';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { containersOf, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitForInstance } from '../docker';
import { call, startGateway, startTestPool, type Gateway } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler | undefined;
let pool: FunctionPool;
let gw: Gateway;
let ctx: TenantContext;
let tenantId: string;
let slug: string;

const secret = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;
const rowText = async (table: 'Instance' | 'FunctionVersion', id: string) =>
  (await db().$queryRawUnsafe<{ t: string }[]>(`SELECT x::text AS t FROM "${table}" x WHERE "id" = $1`, id))[0]!.t;

beforeAll(async () => {
  await seedCatalog();
  let tenant;
  ({ tenant, ctx } = await memberOfNewTenant());
  tenantId = tenant.id;
  slug = tenant.slug;
  await provideTenantNetwork(engine, tenantId);
  reconciler = startReconciler(CONSOLE);
  pool = await startTestPool({ stemCells: 1 });
  gw = await startGateway();
});

afterAll(async () => {
  setSecretsKeyring(null);
  await stopReconciler(reconciler);
  await gw?.close();
  await pool?.stop();
  setFunctionPool(undefined);
  await removeOwnObjects(engine, CONSOLE, [tenantId]);
  await engine.getNetwork(functionNetworkName()).remove().catch(() => {});
});

describe('secrets at rest, on the engines', () => {
  it('a container gets its secret variable in clear (docker inspect) while its row holds only ciphertext', async () => {
    const value = secret('container');
    const { id } = await createContainer(ctx, containerInput({ name: 'app', env: [{ name: 'API_KEY', value, secret: true }, { name: 'MODE', value: 'prod' }] }));
    await waitForInstance(ctx, id, 'running', (i) => i.status === 'running');
    const info = await engine.getContainer(containerName(id)).inspect();
    expect(info.Config.Env).toEqual(expect.arrayContaining([`API_KEY=${value}`, 'MODE=prod']));
    const row = await rowText('Instance', id);
    expect(row).toContain('enc:v1:');
    expect(row).not.toContain(value);
  });

  it('a function gets its secret in process.env; the gateway decrypts once per load, not per request', async () => {
    const value = secret('function');
    const fn = await createFunction(ctx, {
      name: 'echo-secret',
      code: 'export default async () => ({ status: 200, headers: {}, body: process.env.TOKEN ?? "missing" })\n',
      env: [{ name: 'TOKEN', value, secret: true }],
    });
    const version = await rowText('FunctionVersion', fn.versionId);
    expect(version).toContain('enc:v1:');
    expect(version).not.toContain(value);
    const url = invokeUrl(slug, 'echo-secret', gw.url);
    expect(await call(url)).toMatchObject({ status: 200, body: value });
    // The cached runnable holds the plaintext: with a key that opens nothing, warm requests are served all the same.
    setSecretsKeyring(makeKeyring(parseKey(newKeyText(), 'a wrong key')));
    try {
      for (let i = 0; i < 20; i++) expect(await call(url)).toMatchObject({ status: 200, body: value });
      // A new load (as after a deploy) does need the key, and says so instead of serving a wrong value.
      invalidateFunction(fn.id);
      expect(await call(url)).toMatchObject({ status: 503, json: { code: 'function_unavailable' } });
    } finally {
      setSecretsKeyring(null);
    }
    invalidateFunction(fn.id);
    expect(await call(url)).toMatchObject({ status: 200, body: value });
  });

  it('a key the console lacks: the container is not created and the reason says why; with the key back it runs', async () => {
    await stopReconciler(reconciler);
    reconciler = undefined;
    const value = secret('later');
    const { id } = await createContainer(ctx, containerInput({ name: 'needs-key', env: [{ name: 'API_KEY', value, secret: true }] }));
    setSecretsKeyring(makeKeyring(parseKey(newKeyText(), 'a wrong key')));
    try {
      reconciler = startReconciler(CONSOLE);
      const failed = await waitForInstance(ctx, id, 'in error for want of its key', (i) => i.status === 'error');
      expect(failed.statusReason).toMatch(/encrypted with key [0-9a-f]{12}, which this console does not have/);
      expect((await containersOf(engine, CONSOLE)).map((c) => c.instanceId)).not.toContain(id);
    } finally {
      setSecretsKeyring(null);
    }
    // Retried after its backoff, now with the key.
    await waitForInstance(ctx, id, 'running once the key is back', (i) => i.status === 'running', 30_000);
    const info = await engine.getContainer(containerName(id)).inspect();
    expect(info.Config.Env).toContain(`API_KEY=${value}`);
  });
});
