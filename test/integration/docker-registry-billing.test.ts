// Registry storage as billed, against a real registry: Debian's docker 20.10 client pushes one image into two
// repositories of an organisation (its blobs stored once) and a second image sharing its base layer; the measurement
// equals the bytes of the distinct blobs the registry itself keeps under the organisation's repositories (read from its
// filesystem storage), the Images page's total, and the metered GiB-seconds follow; deleting the images measures zero.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { createApiToken } from '@/lib/auth/api-tokens';
import { listImages } from '@/lib/registry/images';
import { measureRegistryStorage } from '@/lib/registry/measure';
import { registryFiles } from '@/lib/registry/settings';
import { meterPass } from '@/lib/billing/meter';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { GET as tokenRoute } from '@/app/api/v1/registry/token/route';
import { GET as imagesRoute } from '@/app/api/v1/tenants/[slug]/images/route';
import { DELETE as deleteImageRoute } from '@/app/api/v1/tenants/[slug]/images/[name]/tags/[tag]/route';
import { contextFor, seedCatalog, tenantWith } from '../fixtures';
import { ownConsoleId } from '../docker';
import { callRoute, callerOf } from '../helpers/route-call';
import { dockerClient, serveTokenRoute, startTestRegistry, type TestRegistry } from '../registry';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

const CONSOLE = ownConsoleId();
const GIB = 1024 ** 3;
let registry: TestRegistry;
let closeTokens: () => Promise<void>;
let a: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
let cli: ReturnType<typeof dockerClient>;
const localTags: string[] = [];
let buildDir: string;

/** The distinct blobs the registry links into the organisation's repositories, with their sizes on disk. */
function blobsOnDisk(slug: string): Map<string, number> {
  const v2 = path.join(registryFiles(registry.dir).storage, 'docker', 'registry', 'v2');
  const out = new Map<string, number>();
  const repos = path.join(v2, 'repositories', slug);
  if (!fs.existsSync(repos)) return out;
  for (const repo of fs.readdirSync(repos)) {
    const layers = path.join(repos, repo, '_layers', 'sha256');
    if (!fs.existsSync(layers)) continue;
    for (const hex of fs.readdirSync(layers)) {
      const data = path.join(v2, 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
      out.set(hex, fs.statSync(data).size);
    }
  }
  return out;
}

beforeAll(async () => {
  await seedCatalog();
  await seedPriceCatalogs(db());
  const tokens = await serveTokenRoute(tokenRoute as never);
  closeTokens = tokens.close;
  registry = await startTestRegistry(tokens.url);
  a = await tenantWith({ owner: 'owner' });
  b = await tenantWith({ owner: 'owner' });
  cli = dockerClient();
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-build-'));
  fs.writeFileSync(path.join(buildDir, 'Dockerfile'), 'FROM overcast/static-web:1\nCOPY extra.bin /www/extra.bin\n');
  fs.writeFileSync(path.join(buildDir, 'extra.bin'), Buffer.alloc(256 * 1024, CONSOLE));
}, 120_000);

afterAll(async () => {
  for (const t of localTags) await docker().getImage(t).remove().catch(() => {});
  cli?.dispose();
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  await registry?.stop();
  await closeTokens?.();
});

describe('registry storage measured for billing', () => {
  it('equals the distinct blobs the registry stores for the organisation, and is metered in GiB-seconds', async () => {
    const u = await db().user.findUniqueOrThrow({ where: { id: a.people.owner.userId } });
    const { secret } = await createApiToken({ id: u.id, email: u.email, name: u.name, isPlatformAdmin: false }, { name: 'registry', tenant: a.tenant.slug, role: 'owner' });
    expect((await cli.login(registry.settings.address, u.email, secret)).out).toContain('Login Succeeded');
    const base = `${registry.settings.address}/${a.tenant.slug}`;
    const refs = [`${base}/web:1`, `${base}/copy:1`, `${base}/web:2`];
    localTags.push(...refs);
    expect((await cli.cli(['tag', 'overcast/static-web:1', refs[0]])).ok).toBe(true);
    expect((await cli.cli(['tag', 'overcast/static-web:1', refs[1]])).ok).toBe(true);
    const built = await cli.cli(['build', '-q', '-t', refs[2], buildDir]);
    expect(built.ok, built.out).toBe(true);
    for (const r of refs) {
      const pushed = await cli.cli(['push', r]);
      expect(pushed.ok, pushed.out).toBe(true);
    }

    const disk = blobsOnDisk(a.tenant.slug);
    const diskBytes = [...disk.values()].reduce((s, n) => s + n, 0);
    // Base layer + config of the first image, its added layer + config of the second: four blobs, each once.
    expect(disk.size).toBe(4);
    // Each push token asked for measured the organisation (the quota check): metering began with the first push.
    expect(await db().registryStorage.findUnique({ where: { tenantId: a.tenant.id } })).not.toBeNull();
    const t0 = new Date();
    expect(await measureRegistryStorage(t0)).toBeGreaterThanOrEqual(1);
    const registrySum = async () => Number((await db().usageRecord.aggregate({ where: { tenantId: a.tenant.id, provider: 'registry' }, _sum: { quantity: true } }))._sum.quantity ?? 0);
    const beforeT0 = await registrySum();
    const row = await db().registryStorage.findUniqueOrThrow({ where: { tenantId: a.tenant.id } });
    expect(Number(row.bytes)).toBe(diskBytes);
    // The Images page (and its API) shows the same total, and what it costs a month at 0.10 per GiB-month.
    const view = await listImages(await contextFor(a.people.owner.userId, a.tenant.id));
    expect(view.totals.storedBytes).toBe(diskBytes);
    expect(view.storageCost).toMatchObject({ currency: 'USD', pricePerGibMonth: '0.1', monthlyMinor: Math.round((diskBytes / GIB) * 10) });
    const api = await callRoute(a.people.owner.userId, imagesRoute, { slug: a.tenant.slug });
    expect((api.body.totals as { storedBytes: number }).storedBytes).toBe(diskBytes);
    expect(api.body.storageCost).toMatchObject({ pricePerGibMonth: '0.1' });
    // An organisation without images is not measured at all.
    expect(await db().registryStorage.findUnique({ where: { tenantId: b.tenant.id } })).toBeNull();

    // An hour later (the page's own measurements above are of the same level) it is metered at that level since t0:
    // bytes / 2^30 GiB for each second.
    const t1 = new Date(t0.getTime() + 3_600_000);
    await meterPass(db(), { now: t1, tenantId: a.tenant.id });
    expect((await registrySum()) - beforeT0).toBeCloseTo((diskBytes / GIB) * 3600, 4);

    // Every image deleted: the next measurement records zero (the blobs wait for garbage collection, unbilled).
    for (const [name, tag] of [['web', '1'], ['copy', '1'], ['web', '2']]) {
      expect((await callRoute(a.people.owner.userId, deleteImageRoute, { slug: a.tenant.slug, name, tag }, { method: 'DELETE' })).status).toBe(200);
    }
    await measureRegistryStorage(new Date(t1.getTime() + 1000));
    expect((await db().registryStorage.findUniqueOrThrow({ where: { tenantId: a.tenant.id } })).bytes).toBe(0n);
  });
});
