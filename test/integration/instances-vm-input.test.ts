// Creating a VM records intent only, like a container: bad input (an image or flavor of another provider or none, a
// malformed name or port, user-data over its limit) is refused with a field error and writes nothing; good input
// stores kind vm, provider qemu and the user-data in the spec. No QEMU here: the reconciler is not running.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createVm } from '@/lib/instances/create-instance';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { openUserData } from '@/lib/secrets/fields';
import type { TenantContext } from '@/lib/auth/context';
import { errorOf, instanceCounts, memberOfNewTenant, seedCatalog } from '../fixtures';

let ctx: TenantContext;

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  ({ ctx } = await memberOfNewTenant());
});

const vmInput = (over: Record<string, unknown> = {}) => ({ name: `vm-${Math.random().toString(36).slice(2, 8)}`, imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], ...over });

describe('createVm: bad input is refused and writes nothing', () => {
  it.each([
    { reason: 'an unknown image', input: { imageId: 'no-such-image' }, field: 'imageId', message: /images offered/ },
    { reason: 'a container image (another provider)', input: { imageId: 'docker-static-web' }, field: 'imageId', message: /images offered/ },
    { reason: 'a container flavor (another provider)', input: { flavorId: 'docker-nano' }, field: 'flavorId', message: /flavors offered/ },
    { reason: 'user-data over 16 KiB', input: { userData: 'x'.repeat(16 * 1024 + 1) }, field: 'userData', message: /at most 16 KiB/ },
    { reason: 'user-data over 16 KiB in bytes (multi-byte characters)', input: { userData: 'é'.repeat(8 * 1024 + 1) }, field: 'userData', message: /at most 16 KiB/ },
    { reason: 'a malformed name', input: { name: 'Not A Hostname' }, field: 'name', message: /lowercase/ },
    { reason: 'a port out of range', input: { ports: [70000] }, field: 'ports', message: /1 to 65535/ },
  ])('$reason → validation_failed on $field', async ({ input, field, message }) => {
    const before = await instanceCounts();
    const err = await errorOf(() => createVm(ctx, vmInput(input)));
    expect(err.code).toBe('validation_failed');
    expect(Object.keys(err.fields)).toContain(field);
    expect(err.fields[field]).toMatch(message);
    expect(await instanceCounts()).toEqual(before);
  });
});

describe('createVm: good input', () => {
  it('records a vm of provider qemu with its ports and user-data, desired running, pending', async () => {
    const { id } = await createVm(ctx, vmInput({ name: 'vm-good', userData: 'echo hi > /www/hi.txt' }));
    const row = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ kind: 'vm', provider: 'qemu', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', desiredState: 'running', status: 'pending', tenantId: ctx.tenant.id });
    // User-data is stored encrypted (secrets at rest), bound to this instance.
    expect(row.spec).toEqual({ ports: [{ port: 80, protocol: 'tcp' }], env: [], command: [], userData: expect.stringMatching(/^enc:v1:/) });
    expect(openUserData(id, (row.spec as { userData: string }).userData)).toBe('echo hi > /www/hi.txt');
  });

  it('exactly 16 KiB of user-data is accepted', async () => {
    await expect(createVm(ctx, vmInput({ userData: 'x'.repeat(16 * 1024) }))).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('createVm: the boot disk size', () => {
  it.each([
    { reason: 'below the flavor’s own size', input: { flavorId: 'qemu-small', diskGib: 4 }, message: /v1\.small takes a disk of 5 to 20 GiB/ },
    { reason: 'above the flavor’s largest', input: { flavorId: 'qemu-tiny', diskGib: 11 }, message: /v1\.tiny takes a disk of 1 to 10 GiB/ },
    { reason: 'not a whole number', input: { diskGib: 2.5 }, message: /whole number of GiB/ },
    { reason: 'text', input: { diskGib: '3' }, message: /whole number of GiB/ },
    { reason: 'zero', input: { diskGib: 0 }, message: /whole number of GiB/ },
  ])('$reason → validation_failed on diskGib, nothing written', async ({ input, message }) => {
    const before = await instanceCounts();
    const err = await errorOf(() => createVm(ctx, vmInput(input)));
    expect(err.code).toBe('validation_failed');
    expect(err.fields.diskGib).toMatch(message);
    expect(await instanceCounts()).toEqual(before);
  });

  it('a chosen size counts against the disk quota, reported on the disk field', async () => {
    const { ctx: small } = await memberOfNewTenant();
    await db().quota.update({ where: { tenantId: small.tenant.id }, data: { maxDiskGib: 6 } });
    const err = await errorOf(() => createVm(small, vmInput({ diskGib: 7, start: false })));
    expect(err.code).toBe('quota_exceeded');
    expect(err.fields.diskGib).toMatch(/7 GiB of disk; the quota is 6 GiB/);
    const { id } = await createVm(small, vmInput({ diskGib: 6, start: false }));
    expect((await db().instance.findUniqueOrThrow({ where: { id } })).diskGib).toBe(6);
  });
});

it('a disk out of bounds is reported even when the name is bad too', async () => {
  const err = await errorOf(() => createVm(ctx, vmInput({ name: 'Bad VM', diskGib: 99 })));
  expect(err.fields).toMatchObject({ name: expect.stringMatching(/lowercase/), diskGib: expect.stringMatching(/1 to 10 GiB/) });
});
