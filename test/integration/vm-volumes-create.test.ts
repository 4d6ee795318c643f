// A VM created with a data volume (the create wizard's volume choice, POST …/instances with `kind: 'vm'` and
// `volumes`): a new volume is made and attached in the create's transaction and counts in the disk quota with it; a
// free volume of the tenant's is attached; another organisation's volume, an attached one or a volume over the quota
// is refused with the field named, and nothing is written. The driver side (the extra virtio disk) is in the qemu tests.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { POST as createRoute } from '@/app/api/v1/tenants/[slug]/instances/route';
import { POST as volumesRoute } from '@/app/api/v1/tenants/[slug]/volumes/route';
import { callRoute, callerOf } from '../helpers/route-call';
import { instanceCounts, seedCatalog, tenantWith, uniqueSuffix } from '../fixtures';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

let a: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  a = await tenantWith({ owner: 'owner' });
  b = await tenantWith({ owner: 'owner' });
});

const vm = (volumes: unknown[]) => ({ kind: 'vm', name: `vm-${uniqueSuffix()}`, imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], volumes });
const create = (owner: string, slug: string, body: unknown) => callRoute(owner, createRoute, { slug }, { method: 'POST', body });
const state = async () => JSON.stringify([await instanceCounts(), await db().volume.count(), await db().volumeAttachment.count()]);

describe('a VM created with a data volume', () => {
  it('makes a new volume and attaches it as the VM’s extra disk, or attaches a free one read-only; refuses an attached one', async () => {
    const made = await create(a.people.owner.userId, a.tenant.slug, vm([{ create: { name: 'vm-data', sizeGib: 2 }, mountPath: '/data' }]));
    expect(made.status, JSON.stringify(made.body)).toBe(202);
    const id = made.body.id as string;
    const inst = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(inst).toMatchObject({ kind: 'vm', provider: 'qemu', tenantId: a.tenant.id });
    const att = await db().volumeAttachment.findMany({ where: { instanceId: id }, include: { volume: true } });
    expect(att.map((x) => [x.volume.name, x.volume.sizeGib, x.tenantId, x.readOnly])).toEqual([['vm-data', 2, a.tenant.id, false]]);

    // A free volume of the tenant's, read-only.
    const vol = await callRoute(a.people.owner.userId, volumesRoute, { slug: a.tenant.slug }, { method: 'POST', body: { name: `spare-${uniqueSuffix()}`, sizeGib: 1 } });
    expect(vol.status).toBe(201);
    const second = await create(a.people.owner.userId, a.tenant.slug, vm([{ volumeId: vol.body.id, mountPath: '/data', readOnly: true }]));
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(await db().volumeAttachment.findUnique({ where: { volumeId: vol.body.id as string } })).toMatchObject({ instanceId: second.body.id, readOnly: true });

    // Attached now: a third VM cannot take it.
    const before = await state();
    const taken = await create(a.people.owner.userId, a.tenant.slug, vm([{ volumeId: vol.body.id, mountPath: '/data' }]));
    expect(taken.status).toBe(409);
    expect((taken.body.errors as Record<string, string>)['volumes.0.volumeId']).toMatch(/attached elsewhere/);
    expect(await state()).toBe(before);
  });

  it('refuses another organisation’s volume (as unknown) and a volume over the disk quota, writing nothing', async () => {
    const theirs = await callRoute(a.people.owner.userId, volumesRoute, { slug: a.tenant.slug }, { method: 'POST', body: { name: `mine-${uniqueSuffix()}`, sizeGib: 1 } });
    const before = await state();
    const stolen = await create(b.people.owner.userId, b.tenant.slug, vm([{ volumeId: theirs.body.id, mountPath: '/data' }]));
    expect(stolen.status).toBe(404);
    expect((stolen.body.errors as Record<string, string>)['volumes.0.volumeId']).toBe('Choose one of your volumes.');
    await db().quota.update({ where: { tenantId: b.tenant.id }, data: { maxDiskGib: 10 } });
    const big = await create(b.people.owner.userId, b.tenant.slug, vm([{ create: { name: 'big', sizeGib: 500 }, mountPath: '/data' }]));
    expect(big.status, JSON.stringify(big.body)).toBe(409);
    expect(big.body.code).toBe('quota_exceeded');
    expect(Object.keys(big.body.errors as Record<string, string>)).toContain('volumes');
    const bad = await create(b.people.owner.userId, b.tenant.slug, vm([{ create: { name: 'x', sizeGib: 0 }, mountPath: '/data' }]));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors as Record<string, string>).some((k) => k.startsWith('volumes.0.create.sizeGib'))).toBe(true);
    expect(await state()).toBe(before);
  });
});
