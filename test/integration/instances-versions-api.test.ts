// The versions routes through their real handlers and database (no engine: the catalogue's images need none to be
// resolved, and no reconciler runs): a member deploys and rolls back (each a new version, audited); a viewer, another
// tenant's owner and nobody are refused with nothing written — another tenant's instance is not_found, like a missing
// one; an image of another tenant's namespace is refused before anything is written.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as deployRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/deploy/route';
import * as rollbackRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/rollback/route';
import * as versionsRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/versions/route';
import * as instanceRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import { createContainer } from '@/lib/instances/create-instance';
import { callerOf, callRoute } from '../helpers/route-call';
import { containerInput, contextFor, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

let a: Awaited<ReturnType<typeof tenantWith<'member' | 'viewer'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
let id: string;

beforeAll(async () => {
  await seedCatalog();
  a = await tenantWith({ member: 'member', viewer: 'viewer' });
  b = await tenantWith({ owner: 'owner' });
  ({ id } = await createContainer(await contextFor(a.people.member.userId, a.tenant.id), containerInput({ name: 'site', start: false })));
});

const path = (suffix: string) => `/api/v1/tenants/${a.tenant.slug}/instances/${id}/${suffix}`;
const versionRows = () => db().instanceVersion.count({ where: { instanceId: id } });

describe('deploy, rollback and versions over the API', () => {
  it('a member deploys a catalogue image and rolls back; the versions list says what, why and who', async () => {
    const member = a.people.member.userId;
    const deployed = await callRoute(member, deployRoute.POST, { slug: a.tenant.slug, id }, { method: 'POST', path: path('deploy'), body: { image: 'overcast/node:20', command: ['node', '/srv/hello.js'] } });
    expect(deployed).toMatchObject({ status: 202, body: { version: 2, image: 'overcast/node:20' } });
    const inst = await callRoute(a.people.viewer.userId, instanceRoute.GET, { slug: a.tenant.slug, id });
    expect(inst.body).toMatchObject({ image: { id: 'docker-node', name: 'node', ref: 'overcast/node:20' }, health: null, spec: { command: ['node', '/srv/hello.js'] } });
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).pendingAction).toBe('redeploy');

    const back = await callRoute(member, rollbackRoute.POST, { slug: a.tenant.slug, id }, { method: 'POST', path: path('rollback'), body: {} });
    expect(back).toMatchObject({ status: 202, body: { version: 3, image: 'overcast/static-web:1' } });
    const list = await callRoute(a.people.viewer.userId, versionsRoute.GET, { slug: a.tenant.slug, id }, { path: path('versions') });
    expect(list.status).toBe(200);
    const versions = list.body.versions as { number: number; image: string; cause: string; current: boolean; rolledBackTo: number | null; createdBy: string | null }[];
    expect(versions.map((v) => [v.number, v.image, v.cause, v.current, v.rolledBackTo])).toEqual([
      [3, 'overcast/static-web:1', 'rollback', true, 1],
      [2, 'overcast/node:20', 'deploy', false, null],
      [1, 'overcast/static-web:1', 'create', false, null],
    ]);
    expect(versions[0]!.createdBy).toBe((await db().user.findUniqueOrThrow({ where: { id: member } })).email);
    expect(await db().auditEvent.count({ where: { targetId: id, action: { in: ['instance.deployed', 'instance.rolled_back'] }, outcome: 'success' } })).toBe(2);
  });

  it('refuses a viewer, another tenant’s owner, nobody, another tenant’s image and unknown fields — nothing written', async () => {
    const before = await db().instance.findUniqueOrThrow({ where: { id } });
    const rows = await versionRows();
    const cases = [
      { as: a.people.viewer.userId, route: deployRoute.POST, body: { image: 'overcast/node:20' }, want: [403, 'forbidden'] },
      { as: a.people.viewer.userId, route: rollbackRoute.POST, body: {}, want: [403, 'forbidden'] },
      { as: b.people.owner.userId, route: deployRoute.POST, body: { image: 'overcast/node:20' }, want: [404, 'not_found'] },
      { as: b.people.owner.userId, route: rollbackRoute.POST, body: {}, want: [404, 'not_found'] },
      { as: null, route: deployRoute.POST, body: { image: 'overcast/node:20' }, want: [401, 'unauthenticated'] },
      { as: a.people.member.userId, route: deployRoute.POST, body: { image: `${b.tenant.slug}/app:1` }, want: [403, 'image_not_allowed'] },
      { as: a.people.member.userId, route: deployRoute.POST, body: { image: 'overcast/node:20', privileged: true }, want: [400, 'validation_failed'] },
      { as: a.people.member.userId, route: rollbackRoute.POST, body: { version: 99 }, want: [400, 'validation_failed'] },
    ];
    for (const c of cases) {
      const r = await callRoute(c.as, c.route, { slug: a.tenant.slug, id }, { method: 'POST', body: c.body });
      expect([r.status, r.body.code], JSON.stringify(c)).toEqual(c.want);
    }
    // Another tenant's owner, in their own organisation's URL, finds nothing either (like a missing id).
    const theirs = await callRoute(b.people.owner.userId, versionsRoute.GET, { slug: b.tenant.slug, id }, { path: path('versions') });
    const missing = await callRoute(b.people.owner.userId, versionsRoute.GET, { slug: b.tenant.slug, id: 'c00000000000000000000000' }, { path: path('versions') });
    expect([theirs.status, theirs.body.code]).toEqual([404, 'not_found']);
    expect(theirs.body).toEqual(missing.body);
    expect((await callRoute(b.people.owner.userId, deployRoute.POST, { slug: b.tenant.slug, id }, { method: 'POST', body: { image: 'overcast/node:20' } })).status).toBe(404);
    const after = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([after.generation, after.imageId, after.spec]).toEqual([before.generation, before.imageId, before.spec]);
    expect(await versionRows()).toBe(rows);
  });
});
