// Issue 12, finding 11 — secrets at rest, as an admin meets it: scripts/setup.ts (run by every ./overcast run)
// creates the key file once (0600, beside the database, not in it) and encrypts the plaintext secrets an older
// installation left; scripts/rotate-secrets.ts --new-key makes a new key, keeps the old one as secrets-key.<kid>
// and re-encrypts everything; once done the old key can go. Real child processes against the run's database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealedKid } from '@/lib/secrets/envelope';
import { openFunctionEnv, openInstanceEnv, openUserData } from '@/lib/secrets/fields';
import { loadKeyring } from '@/lib/secrets/keyring';
import { createTenant, seedCatalog } from '../fixtures';

const ROOT = path.join(import.meta.dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-rotate-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

type Run = { code: number; stdout: string; stderr: string };
function run(script: string, args: string[] = [], extra: Record<string, string> = {}): Promise<Run> {
  // Not the test worker's key: the scripts find theirs in the data directory, as on an installation.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OVERCAST_SECRETS_'))) as NodeJS.ProcessEnv;
  const env = { ...base, DATABASE_URL: inject('databaseUrl'), OVERCAST_DATA_DIR: dataDir, OVERCAST_SKIP_FIREWALL: '1', OVERCAST_ADMIN_PASSWORD: 'rotation-test-password', ...extra };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join('scripts', script), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const LEGACY = { env: 'legacy-env-4b1d7c', userData: 'echo legacy-user-data-93ac', fn: 'legacy-fn-27e0aa' };
let instanceId: string;
let functionId: string;
let versionId: string;

async function stored() {
  const spec = (await db().instance.findUniqueOrThrow({ where: { id: instanceId } })).spec as { env: { value: string }[]; userData: string };
  const env = (await db().functionVersion.findUniqueOrThrow({ where: { id: versionId } })).env as { value: string }[];
  return { spec, env, kids: [sealedKid(spec.env[0].value), sealedKid(spec.userData), sealedKid(env[0].value)] };
}

async function expectOpensWith(ring: ReturnType<typeof loadKeyring>) {
  const { spec, env } = await stored();
  expect(openInstanceEnv(instanceId, spec.env, ring)[0].value).toBe(LEGACY.env);
  expect(openUserData(instanceId, spec.userData, ring)).toBe(LEGACY.userData);
  expect(openFunctionEnv(functionId, env, ring)[0].value).toBe(LEGACY.fn);
}

beforeAll(async () => {
  // What an installation from before encryption holds: secrets in clear in the rows.
  await seedCatalog();
  const tenant = await createTenant();
  instanceId = (
    await db().instance.create({
      data: {
        tenantId: tenant.id, name: 'old', liveName: 'old', kind: 'container', provider: 'docker', flavorId: 'docker-nano', imageId: 'docker-static-web', desiredState: 'stopped',
        spec: { ports: [], env: [{ name: 'K', value: LEGACY.env, secret: true }], command: [], userData: LEGACY.userData },
      },
    })
  ).id;
  const fn = await db().serverlessFunction.create({ data: { tenantId: tenant.id, name: 'old', liveName: 'old' } });
  functionId = fn.id;
  versionId = (
    await db().functionVersion.create({
      data: { functionId, tenantId: tenant.id, number: 1, code: 'x', codeSha256: 'x', memoryMib: 128, timeoutMs: 1000, env: [{ name: 'K', value: LEGACY.fn, secret: true }] },
    })
  ).id;
});

describe('secrets at rest: setup and rotation', () => {
  let firstKid: string;

  it('setup creates the key file once (0600) and encrypts an older installation’s plaintext secrets', async () => {
    const r = await run('setup.ts');
    expect(r.code, r.stderr).toBe(0);
    const keyFile = path.join(dataDir, 'secrets-key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(r.stdout).toMatch(/created .*secrets-key \(secrets encryption key/);
    expect(r.stdout).toMatch(/secrets: encrypted 2 record\(s\) with key [0-9a-f]{12}/);
    const { spec, env, kids } = await stored();
    expect(JSON.stringify([spec, env])).not.toMatch(/legacy-/);
    const ring = loadKeyring({ dataDir });
    firstKid = ring.current.kid;
    expect(kids).toEqual([firstKid, firstKid, firstKid]);
    await expectOpensWith(ring);

    // Again (every ./overcast run): the same key, nothing left to encrypt.
    const key = fs.readFileSync(keyFile, 'utf8');
    const again = await run('setup.ts');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/secrets-key|secrets: encrypted/);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
  });

  it('rotate-secrets --new-key: a new key, the old one kept, everything re-encrypted; the old key then goes', async () => {
    const r = await run('rotate-secrets.ts', ['--new-key', '--batch-size', '1']);
    expect(r.code, r.stderr).toBe(0);
    const ring = loadKeyring({ dataDir });
    expect(ring.current.kid).not.toBe(firstKid);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('secrets-key')).sort()).toEqual(['secrets-key', `secrets-key.${firstKid}`]);
    expect(r.stdout).toContain(`re-encrypting secrets with key ${ring.current.kid}`);
    expect(r.stdout).toContain('instances: 1 re-encrypted, 0 could not be');
    expect(r.stdout).toContain('functionVersions: 1 re-encrypted, 0 could not be');
    expect(r.stdout).toContain(`secrets by key: ${ring.current.kid} 3`);
    expect(r.stdout).toContain(`no secret uses the old key ${firstKid} any more: it may be removed`);
    expect((await stored()).kids).toEqual([ring.current.kid, ring.current.kid, ring.current.kid]);

    fs.rmSync(path.join(dataDir, `secrets-key.${firstKid}`));
    await expectOpensWith(loadKeyring({ dataDir }));
    const again = await run('rotate-secrets.ts');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('instances: 0 re-encrypted');
  });

  it('a key the data needs but the console lacks: rotation reports each row it cannot open and fails, changing nothing', async () => {
    const before = await stored();
    const other = Buffer.alloc(32, 9).toString('base64');
    // The key moved out of the data directory (lost, or kept elsewhere): the environment's key alone.
    const away = path.join(os.tmpdir(), `overcast-rotate-key-${process.pid}`);
    fs.renameSync(path.join(dataDir, 'secrets-key'), away);
    const r = await run('rotate-secrets.ts', [], { OVERCAST_SECRETS_KEY: other });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${instanceId}: The secret for instance:${instanceId}:env:K is encrypted with key ${before.kids[0]}, which this console does not have`);
    expect(r.stderr).toContain(versionId);
    expect(await stored()).toEqual(before);
    // Back as an old key file beside the environment key: the rows move to the environment's key.
    fs.renameSync(away, path.join(dataDir, 'secrets-key.moved'));
    const ok = await run('rotate-secrets.ts', [], { OVERCAST_SECRETS_KEY: other });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('instances: 1 re-encrypted');
    await expectOpensWith(loadKeyring({ key: other, dataDir }));
  });
});
