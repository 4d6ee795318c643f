// Issue 12, finding 11 — secrets at rest: a container's secret variables, a VM's user-data and a function's secret
// variables are encrypted in the database (AES-256-GCM, the key outside it). Read with SQL, no table holds them;
// the engine (driver input, function runtime) still gets them in clear, an authorized reader gets user-data and a
// viewer only its size; a ciphertext copied to another tenant's row does not open; rotation re-encrypts everything
// under a new key; a wrong key is a clear error. Plaintext rows of an older installation are encrypted by the pass
// setup runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { createContainer, createVm } from '@/lib/instances/create-instance';
import { getInstance } from '@/lib/instances/queries';
import { SECRET_MASK } from '@/lib/instances/spec';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { dockerDriver } from '@/lib/providers/docker/driver';
import { qemuDriver } from '@/lib/providers/qemu/driver';
import { createFunction } from '@/lib/functions/create-function';
import { deployFunction } from '@/lib/functions/deploy';
import { updateFunctionSettings } from '@/lib/functions/update-settings';
import { getFunction } from '@/lib/functions/queries';
import { loadRunnable } from '@/lib/functions/runnable';
import { EngineError } from '@/lib/providers/types';
import { makeKeyring, newKeyText, parseKey, sealedKid } from '@/lib/secrets/envelope';
import { secretsKeyring, setSecretsKeyring } from '@/lib/secrets/keyring';
import { resealAll, secretsByKey } from '@/lib/secrets/reseal';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, contextFor, errorOf, seedCatalog, tenantWith } from '../fixtures';

const unique = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;
const S = {
  container: unique('container-secret'),
  userData: `#!/bin/sh\necho ${unique('user-data-secret')} > /root/token\n`,
  fn: unique('function-secret'),
  fnNext: unique('function-secret-v3'),
  other: unique('tenant-b-secret'),
  legacyEnv: unique('legacy-env-secret'),
  legacyUserData: unique('legacy-user-data'),
  legacyFn: unique('legacy-fn-secret'),
};
const VISIBLE = unique('not-a-secret');

/** Every row of every table of the database, as text: what someone who reads the database (or a dump) sees. */
async function databaseText(): Promise<string> {
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['Instance', 'FunctionVersion', 'AuditEvent', 'InstanceEvent']));
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db().$queryRawUnsafe<{ t: string | null }[]>(`SELECT string_agg(x::text, E'\\n') AS t FROM "${name.replace(/"/g, '""')}" x`);
    parts.push(rows[0]?.t ?? '');
  }
  return parts.join('\n');
}

const row = (id: string) => db().instance.findUniqueOrThrow({ where: { id }, include: { flavor: true, image: true } });
/** What the Docker and QEMU drivers get of an instance's own spec (secrets open when read). */
const containerDriverSpec = async (id: string) => toDriverInstance(await row(id), dockerDriver).spec;
const vmDriverSpec = async (id: string) => toDriverInstance(await row(id), qemuDriver).spec;
const runnableEnv = async (tenantId: string, functionId: string) => (await loadRunnable({ tenantId, functionId }))!.version.env;
/** The error a synchronous read throws. */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

let a: { tenantId: string; member: TenantContext; viewer: TenantContext };
let b: { tenantId: string; member: TenantContext };
let containerId: string;
let vmId: string;
let fnId: string;
let bContainerId: string;
let bVmId: string;
let bFnId: string;
const initialRing = () => makeKeyring(parseKey(process.env.OVERCAST_SECRETS_KEY!, 'OVERCAST_SECRETS_KEY'));

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  const ta = await tenantWith({ member: 'member', viewer: 'viewer' });
  a = { tenantId: ta.tenant.id, member: await contextFor(ta.people.member.userId, ta.tenant.id), viewer: await contextFor(ta.people.viewer.userId, ta.tenant.id) };
  const tb = await tenantWith({ member: 'member' });
  b = { tenantId: tb.tenant.id, member: await contextFor(tb.people.member.userId, tb.tenant.id) };

  ({ id: containerId } = await createContainer(a.member, containerInput({
    name: 'app',
    env: [{ name: 'API_KEY', value: S.container, secret: true }, { name: 'MODE', value: VISIBLE }],
    start: false,
  })));
  ({ id: vmId } = await createVm(a.member, { name: 'vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', userData: S.userData, start: false }));
  const fn = await createFunction(a.member, { name: 'fn', code: 'export default () => ({ body: "hi" })\n', env: [{ name: 'TOKEN', value: S.fn, secret: true }] });
  fnId = fn.id;
  // A deploy carries the secret over (sent back masked), settings replace it: three versions, each sealed.
  await deployFunction(a.member, fnId, { code: 'export default () => ({ body: "v2" })\n', env: [{ name: 'TOKEN', value: SECRET_MASK, secret: true }] });
  await updateFunctionSettings(a.member, fnId, { env: [{ name: 'TOKEN', value: S.fnNext, secret: true }] });

  ({ id: bContainerId } = await createContainer(b.member, containerInput({ name: 'app', env: [{ name: 'API_KEY', value: S.other, secret: true }], start: false })));
  ({ id: bVmId } = await createVm(b.member, { name: 'vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', userData: 'echo b', start: false }));
  bFnId = (await createFunction(b.member, { name: 'fn', code: 'export default () => ({ body: "b" })\n', env: [{ name: 'TOKEN', value: S.other, secret: true }] })).id;
});

afterAll(() => setSecretsKeyring(null));

describe('secrets at rest', () => {
  it('no table of the database holds a secret variable, user-data or a function secret in clear', async () => {
    const text = await databaseText();
    // Control: the dump does see these rows (a variable that is not secret is stored as it is).
    expect(text).toContain(VISIBLE);
    expect(text).toContain('enc:v1:');
    for (const [what, secret] of Object.entries({ container: S.container, userData: S.userData, userDataLine: S.userData.split('\n')[1], fn: S.fn, fnNext: S.fnNext, other: S.other })) {
      expect(text, `${what} is stored in clear`).not.toContain(secret);
    }
    // Nor base64-encoded, which a careless "encoding" would give.
    expect(text).not.toContain(Buffer.from(S.container).toString('base64').slice(0, 20));
  });

  it('the engine gets the plaintext: the driver input of the container and the VM, the function runtime (every version)', async () => {
    expect((await containerDriverSpec(containerId)).env).toEqual([
      { name: 'API_KEY', value: S.container, secret: true },
      { name: 'MODE', value: VISIBLE, secret: false },
    ]);
    expect((await vmDriverSpec(vmId)).userData).toBe(S.userData);
    expect(await runnableEnv(a.tenantId, fnId)).toEqual({ TOKEN: S.fnNext });
    const versions = await db().functionVersion.findMany({ where: { functionId: fnId }, orderBy: { number: 'asc' } });
    expect(versions).toHaveLength(3);
    for (const v of versions) expect(JSON.stringify(v.env)).toMatch(/enc:v1:/);
    // Version 2 carried version 1's secret over (the mask sent back keeps the value).
    await db().serverlessFunction.update({ where: { id: fnId }, data: { activeVersionId: versions[1].id } });
    expect(await runnableEnv(a.tenantId, fnId)).toEqual({ TOKEN: S.fn });
    await db().serverlessFunction.update({ where: { id: fnId }, data: { activeVersionId: versions[2].id } });
  });

  it('a member reads the user-data; a viewer sees only its size; secret variables are masked for both', async () => {
    const asMember = await getInstance(a.member, vmId);
    expect(asMember.spec.userData).toBe(S.userData);
    expect(asMember.spec.userDataBytes).toBeUndefined();
    const asViewer = await getInstance(a.viewer, vmId);
    expect(asViewer.spec).toMatchObject({ userData: SECRET_MASK, userDataBytes: Buffer.byteLength(S.userData) });
    expect(JSON.stringify(asViewer)).not.toContain('enc:v1:');
    for (const ctx of [a.member, a.viewer]) {
      const c = await getInstance(ctx, containerId);
      expect(c.spec.env).toEqual([{ name: 'API_KEY', value: SECRET_MASK, secret: true }, { name: 'MODE', value: VISIBLE, secret: false }]);
      expect(JSON.stringify(await getFunction(ctx, fnId, 'http://localhost:3000'))).not.toMatch(new RegExp(`${S.fnNext}|enc:v1:`));
    }
  });

  it('a ciphertext copied into another tenant’s row does not decrypt (container variable, user-data, function secret)', async () => {
    const aSpec = (await db().instance.findUniqueOrThrow({ where: { id: containerId } })).spec as { env: { value: string }[] };
    const bSpec = (await db().instance.findUniqueOrThrow({ where: { id: bContainerId } })).spec as { env: { value: string }[] };
    const aVm = (await db().instance.findUniqueOrThrow({ where: { id: vmId } })).spec as { userData: string };
    const bVm = (await db().instance.findUniqueOrThrow({ where: { id: bVmId } })).spec as Record<string, unknown>;
    const aFn = await db().functionVersion.findFirstOrThrow({ where: { functionId: fnId }, orderBy: { number: 'desc' } });
    const bFn = await db().functionVersion.findFirstOrThrow({ where: { functionId: bFnId } });
    // Tenant B's admin-free attacker with write access to the database swaps A's sealed values into B's rows.
    await db().instance.update({ where: { id: bContainerId }, data: { spec: { ...bSpec, env: [{ ...bSpec.env[0], value: aSpec.env[0].value }] } } });
    await db().instance.update({ where: { id: bVmId }, data: { spec: { ...bVm, userData: aVm.userData } } });
    await db().functionVersion.update({ where: { id: bFn.id }, data: { env: aFn.env as object } });
    try {
      const bDriver = await containerDriverSpec(bContainerId);
      const envErr = thrown(() => bDriver.env);
      expect(envErr).toBeInstanceOf(EngineError);
      expect(envErr.message).toMatch(/does not decrypt with key \w+: it was altered or belongs to another record/);
      const udErr = await errorOf(() => getInstance(b.member, bVmId));
      expect(udErr).toMatchObject({ code: 'internal', message: expect.stringMatching(/user-data does not decrypt .* belongs to another record/) });
      await expect(loadRunnable({ tenantId: b.tenantId, functionId: bFnId })).rejects.toThrow(/belongs to another record/);
    } finally {
      await db().instance.update({ where: { id: bContainerId }, data: { spec: bSpec } });
      await db().instance.update({ where: { id: bVmId }, data: { spec: bVm as object } });
      await db().functionVersion.update({ where: { id: bFn.id }, data: { env: bFn.env as object } });
    }
    expect((await containerDriverSpec(bContainerId)).env[0].value).toBe(S.other);
  });

  it('a wrong key is a clear error naming the key, never garbage; the right key again and all is well', async () => {
    setSecretsKeyring(makeKeyring(parseKey(newKeyText(), 'a wrong key')));
    try {
      const missing = /encrypted with key [0-9a-f]{12}, which this console does not have/;
      const di = await containerDriverSpec(containerId);
      expect(thrown(() => di.env).message).toMatch(missing);
      expect(await errorOf(() => getInstance(a.member, vmId))).toMatchObject({ code: 'internal', message: expect.stringMatching(missing) });
      // A viewer's read needs no key (the size is known without it), and nothing else breaks.
      expect((await getInstance(a.viewer, vmId)).spec.userDataBytes).toBe(Buffer.byteLength(S.userData));
      await expect(loadRunnable({ tenantId: a.tenantId, functionId: fnId })).rejects.toThrow(missing);
      // Deploying over secrets it cannot open writes nothing.
      const before = await db().functionVersion.count({ where: { functionId: fnId } });
      expect((await errorOf(() => deployFunction(a.member, fnId, { code: 'export default () => ({})\n' }))).message).toMatch(missing);
      expect(await db().functionVersion.count({ where: { functionId: fnId } })).toBe(before);
    } finally {
      setSecretsKeyring(null);
    }
    expect((await containerDriverSpec(containerId)).env[0].value).toBe(S.container);
  });

  it('plaintext rows of an older installation are encrypted by the start-up pass, idempotently', async () => {
    const legacy = await db().instance.create({
      data: {
        tenantId: a.tenantId,
        name: 'legacy',
        liveName: 'legacy',
        kind: 'vm',
        provider: 'qemu',
        flavorId: 'qemu-tiny',
        imageId: 'qemu-tiny',
        desiredState: 'stopped',
        spec: { ports: [], env: [{ name: 'OLD', value: S.legacyEnv, secret: true }, { name: 'PLAIN', value: VISIBLE, secret: false }], command: [], userData: S.legacyUserData },
      },
    });
    const legacyFn = await db().functionVersion.create({
      data: { functionId: fnId, tenantId: a.tenantId, number: 99, code: 'x', codeSha256: 'x', memoryMib: 128, timeoutMs: 1000, env: [{ name: 'OLD', value: S.legacyFn, secret: true }] },
    });
    expect(await databaseText()).toContain(S.legacyEnv);
    // Not used in clear before they are encrypted: a row that should hold a sealed value and does not is an error.
    expect(thrown(() => toDriverInstanceSync(legacy)).message).toMatch(/stored unencrypted: run scripts\/setup.ts/);

    const report = await resealAll(db(), secretsKeyring(), { batchSize: 1 });
    expect(report.instances).toEqual({ resealed: 1, failed: [] });
    expect(report.functionVersions).toEqual({ resealed: 1, failed: [] });
    const text = await databaseText();
    for (const s of [S.legacyEnv, S.legacyUserData, S.legacyFn]) expect(text).not.toContain(s);
    expect(text).toContain(VISIBLE);
    expect((await containerDriverSpec(legacy.id)).env).toEqual([{ name: 'OLD', value: S.legacyEnv, secret: true }, { name: 'PLAIN', value: VISIBLE, secret: false }]);
    expect((await vmDriverSpec(legacy.id)).userData).toBe(S.legacyUserData);
    await db().serverlessFunction.update({ where: { id: fnId }, data: { activeVersionId: legacyFn.id } });
    expect(await runnableEnv(a.tenantId, fnId)).toEqual({ OLD: S.legacyFn });
    // Again: nothing left to do.
    expect(await resealAll(db(), secretsKeyring())).toEqual({ instances: { resealed: 0, failed: [] }, functionVersions: { resealed: 0, failed: [] } });
  });

  it('rotation: every secret is re-encrypted under a new key in batches, still decrypts without the old key, and a second run does nothing', async () => {
    const old = initialRing();
    const before = await secretsByKey(db());
    expect(Object.keys(before)).toEqual([old.current.kid]);
    const total = before[old.current.kid];
    expect(total).toBeGreaterThanOrEqual(10);

    const next = makeKeyring(parseKey(newKeyText(), 'new key'), [old.current]);
    const report = await resealAll(db(), next, { batchSize: 2 });
    expect(report.instances.failed).toEqual([]);
    expect(report.functionVersions.failed).toEqual([]);
    // Rows: A's container, VM and legacy VM, B's container and VM; A's 4 function versions, B's 1.
    expect(report.instances.resealed).toBe(5);
    expect(report.functionVersions.resealed).toBe(5);
    expect(await secretsByKey(db())).toEqual({ [next.current.kid]: total });
    const rows = await db().instance.findMany({ select: { spec: true } });
    for (const r of rows) {
      const s = r.spec as { userData?: string; env: { value: string; secret: boolean }[] };
      for (const v of [s.userData, ...s.env.filter((e) => e.secret).map((e) => e.value)]) if (v !== undefined) expect(sealedKid(v)).toBe(next.current.kid);
    }
    expect(await resealAll(db(), next)).toEqual({ instances: { resealed: 0, failed: [] }, functionVersions: { resealed: 0, failed: [] } });

    // The old key is gone: everything still opens with the new one alone.
    setSecretsKeyring(makeKeyring(next.current));
    expect((await containerDriverSpec(containerId)).env[0].value).toBe(S.container);
    expect((await getInstance(a.member, vmId)).spec.userData).toBe(S.userData);
    expect(await runnableEnv(b.tenantId, bFnId)).toEqual({ TOKEN: S.other });
    // New writes use the new key too.
    const { id } = await createContainer(a.member, containerInput({ name: 'after-rotation', env: [{ name: 'K', value: 'v', secret: true }], start: false }));
    const spec = (await db().instance.findUniqueOrThrow({ where: { id } })).spec as { env: { value: string }[] };
    expect(sealedKid(spec.env[0].value)).toBe(next.current.kid);
    // And the old key alone no longer opens them.
    setSecretsKeyring(old);
    const di = await containerDriverSpec(containerId);
    expect(thrown(() => di.env).message).toContain(`encrypted with key ${next.current.kid}, which this console does not have`);
  });
});

/** toDriverInstance on a row without its refs loaded: the env getter only needs the spec. */
function toDriverInstanceSync(row: { id: string; spec: unknown }) {
  const di = toDriverInstance({ ...row, image: { ref: 'x', readOnlyRoot: false }, flavor: { cpuMillis: 1, memoryMib: 1, diskGib: 0, pidsLimit: 1 } } as never, dockerDriver);
  return di.spec.env;
}
