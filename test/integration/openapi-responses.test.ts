// Issue 13, OpenAPI: the response schemas the document states are true. Every operation whose success response the
// document describes with a JSON schema (not the ones marked x-overcast-loose) is called through its real handler,
// signed in as an owner (admin routes as a platform admin), with its seed body (test/helpers/api-seeds.ts), and must
// answer the documented status with a body the schema (compiled by ajv, JSON Schema 2020-12) accepts. Calls that
// change what the others need (start the VM, deletes, sign out everywhere) run last.
import { generateKeyPairSync } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { createVm } from '@/lib/instances/create-instance';
import { createSnapshot } from '@/lib/instances/snapshots';
import { createFunction } from '@/lib/functions/create-function';
import { inviteMember } from '@/lib/tenants/members';
import { addMySshKey } from '@/lib/ssh-keys/service';
import { openApiDocument, openApiPath, type JsonSchema } from '@/lib/api/openapi/document';
import { API_ROUTES } from '@/lib/api/openapi/registry';
import { loadApiRoutes, routePath, type ApiRoute, type Method, type RouteHandler } from '../helpers/api-routes';
import { REGISTRY_ROUTES, SEED_CODE, SEEDS, type SeedFixture } from '../helpers/api-seeds';
import { addMember, contextFor, createTenant, createUser, seedCatalog, tenantWith } from '../fixtures';
import { createVolume, createVolumeSnapshot } from '@/lib/volumes/service';
import { removeVolume } from '@/lib/providers/volumes/store';
import { afterAll } from 'vitest';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const ORIGIN = 'http://localhost:3000';

function ed25519PublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} openapi@test`;
}

type Fx = SeedFixture & { ownerId: string; adminId: string; slug: string; ids: Record<string, string> };
let fx: Fx;
/** Both kinds of snapshot route take `[snapshotId]`: each call gets its own. */
let snapshotIds: { instance: string; volume: string };

afterAll(async () => {
  if (fx?.ids.volumes) await removeVolume(fx.ids.volumes).catch(() => undefined);
});
let routes: ApiRoute[];

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  await seedPriceCatalogs(db());
  const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const other = await createTenant();
  const admin = await createUser({ isPlatformAdmin: true });
  const bystander = await createUser({});
  const ctx = await contextFor(people.owner.userId, tenant.id);
  const vm = await createVm(ctx, { name: 'oa-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], start: false });
  await db().instance.update({ where: { id: vm.id }, data: { status: 'stopped' } });
  const snap = await createSnapshot(ctx, vm.id, { name: 'snap-1' });
  await db().instanceSnapshot.update({ where: { id: snap.id }, data: { status: 'ready' } });
  // A private function, so that its token can be rotated.
  const fn = await createFunction(ctx, { name: 'oa-fn', code: SEED_CODE, access: 'token' });
  // An invitation for the owner to another organisation (accepted by "POST me/invitations/[id]/accept").
  const owner = await db().user.findUniqueOrThrow({ where: { id: people.owner.userId }, select: { id: true, email: true, name: true, isPlatformAdmin: true } });
  const otherOwner = await createUser({});
  await addMember(other.id, otherOwner.id, 'owner');
  await inviteMember(await contextFor(otherOwner.id, other.id), { email: owner.email, role: 'member' });
  const invitation = await db().invitation.findFirstOrThrow({ where: { tenantId: other.id } });
  const key = await addMySshKey(owner, { publicKey: ed25519PublicKey() });
  const catalog = await db().priceCatalog.findFirstOrThrow({ orderBy: { name: 'asc' } });
  // A volume with a snapshot (real files: the snapshot and grow routes work on them).
  const volume = await createVolume(ctx, { name: 'oa-vol', sizeGib: 1 });
  const volumeSnapshot = await createVolumeSnapshot(ctx, volume.id, { name: 'vsnap-0' });
  snapshotIds = { instance: snap.id, volume: volumeSnapshot.id };
  fx = {
    ownerId: people.owner.userId,
    adminId: admin.id,
    slug: tenant.slug,
    v1: fn.versionId,
    sshPublicKey: ed25519PublicKey(),
    ids: {
      instances: vm.id,
      snapshots: snap.id,
      volumes: volume.id,
      functions: fn.id,
      builds: (await db().build.create({ data: { tenantId: tenant.id, number: 1, source: 'git', gitUrl: 'https://203.0.113.7/x.git', gitRef: 'main', repository: 'x', tag: 'v1' } })).id,
      versions: fn.versionId,
      members: people.viewer.membershipId,
      invitations: invitation.id,
      'ssh-keys': key.id,
      tenants: other.id,
      prices: catalog.id,
      users: bystander.id,
    },
  };
  routes = await loadApiRoutes();
});

/** State the calls before left that would (rightly) refuse an operation: the reconciler would have finished it. */
const PREPARE: Record<string, () => Promise<unknown>> = {
  // A token of the user in the path (the owner's own; the bystander's for the admin route).
  'DELETE me/tokens/[id]': async () => (fx.ids.tokens = (await db().apiToken.create({ data: { userId: fx.ownerId, name: 'oa', secretHash: 'a'.repeat(64), prefix: 'ovc_x' } })).id),
  'DELETE admin/users/[id]/tokens/[tokenId]': async () =>
    (fx.ids.tokens = (await db().apiToken.create({ data: { userId: fx.ids.users!, name: 'oa', platformAdmin: true, secretHash: 'b'.repeat(64), prefix: 'ovc_y' } })).id),
  // The restore before it asked for is done.
  'DELETE tenants/[slug]/instances/[id]/snapshots/[snapshotId]': () =>
    db().instanceSnapshot.update({ where: { id: (fx.ids.snapshots = snapshotIds.instance) }, data: { restoreRequested: false } }),
  'POST tenants/[slug]/instances/[id]/snapshots/[snapshotId]/restore': async () => (fx.ids.snapshots = snapshotIds.instance),
  'POST tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]/restore': async () => (fx.ids.snapshots = snapshotIds.volume),
  // Attached (to the stopped VM) so that it can be detached.
  'POST tenants/[slug]/volumes/[volumeId]/detach': async () => {
    const vm = await db().instance.findUniqueOrThrow({ where: { id: fx.ids.instances } });
    await db().volumeAttachment.upsert({ where: { volumeId: fx.ids.volumes! }, create: { volumeId: fx.ids.volumes!, instanceId: vm.id, tenantId: vm.tenantId, mountPath: '/data' }, update: {} });
  },
};

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

async function call(key: string) {
  const [method, pattern] = key.split(' ') as [Method, string];
  const route = routes.find((r) => r.pattern === pattern)!;
  session.userId = pattern === 'health' ? null : pattern.startsWith('admin/') ? fx.adminId : fx.ownerId;
  const params = Object.fromEntries(route.params.map((p) => [p.name, p.name === 'slug' ? fx.slug : fx.ids[p.after] ?? fx.ids[p.name.replace(/Id$/, 's')]!]));
  const body = SEEDS[key]?.bodies(fx)[0];
  const headers: Record<string, string> = { origin: ORIGIN };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`${ORIGIN}${routePath(route, params)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await (route.handlers[method] as RouteHandler)(req, { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
}

describe('the response schemas the OpenAPI document states', () => {
  it('describe what each of those operations really answers', async () => {
    const doc = openApiDocument();
    const described = Object.entries(API_ROUTES).filter(([key, entry]) => {
      const [method, pattern] = key.split(' ') as [string, string];
      const res = doc.paths[openApiPath(pattern)]![method.toLowerCase()]!.responses[String(entry.response.status)]!;
      return res.content?.['application/json'] && !res['x-overcast-loose'] && !SEEDS[key]?.live && !REGISTRY_ROUTES.has(key);
    });
    // The ones that change what others need run last: starting the VM (a restore needs it stopped), then deletes,
    // "sign out everywhere" at the very end.
    const rank = (k: string) => (k === 'DELETE me/sessions' ? 3 : k.startsWith('DELETE ') ? 2 : k.endsWith('/actions') ? 1 : 0);
    described.sort(([a], [b]) => rank(a) - rank(b));
    expect(described.length).toBeGreaterThanOrEqual(20);

    const failures: string[] = [];
    for (const [key, entry] of described) {
      const [method, pattern] = key.split(' ') as [string, string];
      const schema = doc.paths[openApiPath(pattern)]![method.toLowerCase()]!.responses[String(entry.response.status)]!.content!['application/json']!.schema as JsonSchema;
      await PREPARE[key]?.();
      const r = await call(key);
      if (r.status !== entry.response.status) {
        failures.push(`${key}: answered ${r.status}, the document says ${entry.response.status}: ${r.text.slice(0, 300)}`);
        continue;
      }
      const validate = ajv.compile(schema);
      if (!validate(JSON.parse(r.text))) failures.push(`${key}: the answer does not match its schema: ${JSON.stringify(validate.errors).slice(0, 400)} — ${r.text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });
});
