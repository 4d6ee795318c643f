// Creating VMs (lib/instances/create-instance.ts: createVm, and createInstance with `kind: 'vm'` as the API calls it)
// against the real database, without booting anything: bad input gets a stable code on the field it is about and
// writes nothing; the quota (instances, vCPUs, memory, disk GiB) holds under concurrency, across kinds; a spent
// budget blocks; another tenant's VM is not found for reading, acting, logs, metrics and the serial console.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createInstance, createVm } from '@/lib/instances/create-instance';
import { getInstance, listInstances } from '@/lib/instances/queries';
import { INSTANCE_ACTIONS, requestInstanceAction } from '@/lib/instances/operate';
import { logStream } from '@/lib/instances/logs';
import { statsStream } from '@/lib/instances/stats';
import { terminalTarget } from '@/lib/terminal/access';
import { SECRET_MASK, USER_DATA_MAX_BYTES } from '@/lib/instances/spec';
import { createSnapshot, listSnapshots, MAX_SNAPSHOTS_PER_INSTANCE, restoreSnapshot } from '@/lib/instances/snapshots';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { qemuDriver } from '@/lib/providers/qemu/driver';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, contextFor, errorOf, instanceCounts, memberOfNewTenant, seedCatalog, tenantWith, uniqueSuffix } from '../fixtures';

/** The tiny VM's image and flavor rows, as the reconciler loads them with an instance. */
const refs = async () => ({
  image: await db().image.findUniqueOrThrow({ where: { id: 'qemu-tiny' } }),
  flavor: await db().flavor.findUniqueOrThrow({ where: { id: 'qemu-tiny' } }),
});

function vmInput(overrides: Record<string, unknown> = {}) {
  return { name: `vm-${uniqueSuffix()}`, imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], ...overrides };
}

let ctx: TenantContext;
let tenantId: string;

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  // The budget check prices the month under the billing catalog.
  await seedPriceCatalogs(db());
  const { tenant, people } = await tenantWith({ member: 'member' });
  tenantId = tenant.id;
  ctx = await contextFor(people.member.userId, tenant.id);
  await createVm(ctx, vmInput({ name: 'taken' }));
});

type Row = { reason: string; input: Record<string, unknown>; code: string; field: string; message?: RegExp };
const HOSTNAME_RULE = /1–63 lowercase letters, digits or hyphens/;

const ROWS: Row[] = [
  { reason: 'unknown image', input: { imageId: 'qemu-nope' }, code: 'validation_failed', field: 'imageId', message: /Choose one of the images offered/ },
  { reason: 'a container image for a VM', input: { imageId: 'docker-static-web' }, code: 'validation_failed', field: 'imageId' },
  { reason: 'unknown flavor', input: { flavorId: 'qemu-huge' }, code: 'validation_failed', field: 'flavorId', message: /Choose one of the flavors offered/ },
  { reason: 'a container flavor for a VM', input: { flavorId: 'docker-nano' }, code: 'validation_failed', field: 'flavorId' },
  { reason: 'missing image', input: { imageId: undefined }, code: 'validation_failed', field: 'imageId', message: /Choose an image/ },
  {
    reason: 'user-data one byte over 16 KiB',
    input: { userData: 'x'.repeat(USER_DATA_MAX_BYTES + 1) },
    code: 'validation_failed',
    field: 'userData',
    message: /at most 16 KiB \(this is 16.1 KiB\)/,
  },
  {
    reason: 'user-data under 16 Ki characters but over 16 KiB in UTF-8',
    input: { userData: 'é'.repeat(USER_DATA_MAX_BYTES / 2 + 1) },
    code: 'validation_failed',
    field: 'userData',
    message: /at most 16 KiB/,
  },
  { reason: 'user-data of a megabyte', input: { userData: 'x'.repeat(1024 * 1024) }, code: 'validation_failed', field: 'userData' },
  { reason: 'user-data not text', input: { userData: 42 }, code: 'validation_failed', field: 'userData' },
  { reason: 'hostname in upper case', input: { hostname: 'MyHost' }, code: 'validation_failed', field: 'hostname', message: HOSTNAME_RULE },
  { reason: 'hostname ending with a hyphen', input: { hostname: 'host-' }, code: 'validation_failed', field: 'hostname', message: HOSTNAME_RULE },
  { reason: 'hostname with a dot (a name, not a label)', input: { hostname: 'host.example' }, code: 'validation_failed', field: 'hostname', message: HOSTNAME_RULE },
  { reason: 'hostname with an underscore', input: { hostname: 'my_host' }, code: 'validation_failed', field: 'hostname', message: HOSTNAME_RULE },
  { reason: 'hostname of 64 characters', input: { hostname: 'h'.repeat(64) }, code: 'validation_failed', field: 'hostname', message: HOSTNAME_RULE },
  { reason: 'hostname that injects a command', input: { hostname: 'a;reboot' }, code: 'validation_failed', field: 'hostname' },
  { reason: 'invalid name', input: { name: 'My VM' }, code: 'validation_failed', field: 'name' },
  { reason: 'duplicate name (also across kinds)', input: { name: 'taken' }, code: 'conflict', field: 'name', message: /already used/ },
  { reason: 'port out of range', input: { ports: [22, 70000] }, code: 'validation_failed', field: 'ports.1' },
];

describe('bad VM input is refused and writes nothing', () => {
  it.each(ROWS)('$reason → $code on $field', async ({ input, code, field, message }) => {
    const before = await instanceCounts();
    const err = await errorOf(() => createVm(ctx, vmInput(input)));
    expect(err.code).toBe(code);
    expect(Object.keys(err.fields)).toContain(field);
    if (message) expect(err.fields[field]).toMatch(message);
    expect(await instanceCounts()).toEqual(before);
  });

  it('through the API’s entry point: an unknown kind is refused on `kind`, and `kind: "vm"` validates as a VM', async () => {
    const before = await instanceCounts();
    const bad = await errorOf(() => createInstance(ctx, { ...vmInput(), kind: 'function' }));
    expect(bad).toMatchObject({ code: 'validation_failed', fields: { kind: 'The kind must be container or vm.' } });
    const tooLong = await errorOf(() => createInstance(ctx, vmInput({ kind: 'vm', userData: 'x'.repeat(USER_DATA_MAX_BYTES + 1) })));
    expect(tooLong.fields).toHaveProperty('userData');
    // Without a kind the body is a container's: a VM image is no container image.
    expect((await errorOf(() => createInstance(ctx, vmInput()))).fields).toMatchObject({ imageId: expect.any(String), flavorId: expect.any(String) });
    expect(await instanceCounts()).toEqual(before);
  });
});

describe('accepted VMs', () => {
  it('records kind vm on the qemu provider, the hostname (only when chosen), user-data and ports, with one event and one audit entry', async () => {
    const before = await instanceCounts();
    const script = '#!/bin/sh\necho hi\n';
    const a = await createInstance(ctx, vmInput({ kind: 'vm', name: 'web-vm', userData: script }));
    const b = await createVm(ctx, vmInput({ name: 'other-vm', hostname: '1st-host', ports: [] }));
    const rowA = await db().instance.findUniqueOrThrow({ where: { id: a.id } });
    const rowB = await db().instance.findUniqueOrThrow({ where: { id: b.id } });
    expect(rowA).toMatchObject({ kind: 'vm', provider: 'qemu', flavorId: 'qemu-tiny', imageId: 'qemu-tiny', status: 'pending', desiredState: 'running' });
    // User-data is stored encrypted, bound to its instance (secrets at rest).
    expect(rowA.spec).toEqual({ ports: [{ port: 80, protocol: 'tcp' }], env: [], command: [], userData: expect.stringMatching(/^enc:v1:/) });
    expect(toDriverInstance({ ...rowA, ...(await refs()) }, qemuDriver).spec.userData).toBe(script);
    expect(rowB.spec).toEqual({ ports: [], env: [], command: [], hostname: '1st-host' });
    expect(await instanceCounts()).toEqual({ instances: before.instances + 2, instanceEvents: before.instanceEvents + 2, auditEvents: before.auditEvents + 2 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: a.id, action: 'instance.created' } });
    expect(audit.metadata).toMatchObject({ kind: 'vm', image: 'tiny', flavor: 'v1.tiny' });
    // The detail view shows what the VM page needs.
    const detail = await getInstance(ctx, a.id);
    expect(detail).toMatchObject({ kind: 'vm', provider: 'qemu', flavor: { diskGib: 1 }, spec: { userData: script } });
    expect(detail.spec.hostname).toBeUndefined(); // the guest is named after the instance
    expect(detail.capabilities).toEqual(expect.arrayContaining(['logs', 'metrics', 'terminal', 'serialConsole']));
  });

  it('user-data may hold secrets: viewers see only its size, members and the API they use see it, as stored', async () => {
    const script = '#!/bin/sh\necho "token=s3cr3t" > /root/token\n';
    // A tenant of its own (this file's shared one is kept within its quota for the other tests).
    const { tenant, people } = await tenantWith({ member: 'member', viewer: 'viewer' });
    const member = await contextFor(people.member.userId, tenant.id);
    const viewer = await contextFor(people.viewer.userId, tenant.id);
    const { id } = await createVm(member, vmInput({ userData: script }));
    const seen = await getInstance(viewer, id);
    expect(seen.spec.userData).toBe(SECRET_MASK);
    expect(seen.spec.userDataBytes).toBe(Buffer.byteLength(script));
    expect(JSON.stringify(seen)).not.toContain('s3cr3t');
    const mine = await getInstance(member, id);
    expect(mine.spec.userData).toBe(script);
    expect(mine.spec.userDataBytes).toBeUndefined();
    // Masking is for showing only: the stored spec (encrypted) still gives the VM its script.
    expect(toDriverInstance({ ...(await db().instance.findUniqueOrThrow({ where: { id } })), ...(await refs()) }, qemuDriver).spec.userData).toBe(script);
    // A VM without user-data shows none to anyone.
    const { id: plain } = await createVm(member, vmInput());
    expect((await getInstance(viewer, plain)).spec).not.toHaveProperty('userData');
  });

  it('snapshots: at most 10 per VM (the 11th is refused on its field, writing nothing); containers have none', async () => {
    const { ctx } = await memberOfNewTenant();
    const { id } = await createVm(ctx, vmInput());
    for (let i = 0; i < MAX_SNAPSHOTS_PER_INSTANCE; i++) await createSnapshot(ctx, id, { name: `s${i}` });
    const before = await db().instanceSnapshot.count({ where: { instanceId: id } });
    const over = await errorOf(() => createSnapshot(ctx, id, { name: 'one-more' }));
    expect(over).toMatchObject({ code: 'quota_exceeded', fields: { name: expect.stringMatching(/At most 10 snapshots/) } });
    expect(await db().instanceSnapshot.count({ where: { instanceId: id } })).toBe(before);
    // Pending (no reconciler here), so not restorable yet, and the VM is not stopped either.
    const [first] = (await listSnapshots(ctx, id)).snapshots;
    expect(first).toMatchObject({ status: 'pending' });
    expect((await errorOf(() => restoreSnapshot(ctx, id, first!.id))).code).toBe('invalid_state');
    const container = await createInstance(ctx, containerInput());
    expect((await errorOf(() => createSnapshot(ctx, container.id, { name: 'nope' }))).code).toBe('invalid_state');
    expect((await errorOf(() => listSnapshots(ctx, container.id))).code).toBe('invalid_state');
  });

  it('user-data of exactly 16 KiB is accepted', async () => {
    const { id } = await createVm(ctx, vmInput({ userData: 'x'.repeat(USER_DATA_MAX_BYTES) }));
    expect(toDriverInstance({ ...(await db().instance.findUniqueOrThrow({ where: { id } })), ...(await refs()) }, qemuDriver).spec.userData).toHaveLength(USER_DATA_MAX_BYTES);
  });
});

function outcomes(results: PromiseSettledResult<unknown>[]) {
  const codes = results.map((r) => (r.status === 'fulfilled' ? 'created' : ((r.reason as { code?: string }).code ?? String(r.reason))));
  return codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
}

describe('the quota counts VMs, their disks, and containers together', () => {
  it.each([
    { reason: 'disk', quota: { maxDiskGib: 4 }, flavorId: 'qemu-small', message: /This would use 5 GiB of disk; the quota is 4 GiB/ },
    { reason: 'vCPUs', quota: { maxVcpus: 1 }, flavorId: 'qemu-medium', message: /This would use 2 vCPUs; the quota is 1/ },
    { reason: 'memory', quota: { maxMemoryMib: 200 }, flavorId: 'qemu-small', message: /256 MiB of memory; the quota is 200 MiB/ },
  ])('over quota ($reason) → quota_exceeded on flavorId, nothing written', async ({ quota, flavorId, message }) => {
    const other = await memberOfNewTenant();
    await db().quota.update({ where: { tenantId: other.tenant.id }, data: quota });
    const before = await instanceCounts();
    const err = await errorOf(() => createVm(other.ctx, vmInput({ flavorId })));
    expect(err.code).toBe('quota_exceeded');
    expect(err.fields.flavorId).toMatch(message);
    expect(await instanceCounts()).toEqual(before);
  });

  it('20 parallel VM creates against 3 GiB of disk make exactly 3 one-GiB VMs; a container (no disk) still fits', async () => {
    const { tenant, ctx: c } = await memberOfNewTenant({ maxInstances: 50, maxVcpus: 100, maxMemoryMib: 100_000 });
    await db().quota.update({ where: { tenantId: tenant.id }, data: { maxDiskGib: 3 } });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => createVm(c, vmInput({ name: `disk-${i}` }))));
    expect(outcomes(results)).toEqual({ created: 3, quota_exceeded: 17 });
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason.message).toMatch(/4 GiB of disk; the quota is 3 GiB/);
    expect(await db().instance.count({ where: { tenantId: tenant.id, kind: 'vm' } })).toBe(3);
    await createInstance(c, containerInput());
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(4);
  });

  it('containers and VMs share the instance count', async () => {
    const { tenant, ctx: c } = await memberOfNewTenant({ maxInstances: 2 });
    await createInstance(c, containerInput());
    await createInstance(c, vmInput({ kind: 'vm' }));
    const err = await errorOf(() => createVm(c, vmInput()));
    expect(err).toMatchObject({ code: 'quota_exceeded', fields: { flavorId: expect.stringMatching(/3 instances; the quota is 2/) } });
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(2);
  });

  it('a spent budget that blocks creates refuses a VM too', async () => {
    const { tenant, ctx: c } = await memberOfNewTenant();
    await db().budget.create({ data: { tenantId: tenant.id, amountMinor: 0, blockCreates: true } });
    const before = await instanceCounts();
    expect((await errorOf(() => createVm(c, vmInput()))).code).toBe('budget_exceeded');
    expect(await instanceCounts()).toEqual(before);
  });
});

describe('another tenant’s VM does not exist for you', () => {
  it('not found for reading, every action, logs, metrics and the serial console; never listed', async () => {
    const vm = await createVm(ctx, vmInput({ name: 'private-vm' }));
    // Running, as far as the database knows: the refusals below are about the tenant, not the state.
    await db().instance.update({ where: { id: vm.id }, data: { status: 'running' } });
    const stranger = await memberOfNewTenant();
    const signal = new AbortController().signal;
    const calls: [string, () => Promise<unknown>][] = [
      ['read', () => getInstance(stranger.ctx, vm.id)],
      ...INSTANCE_ACTIONS.map((action): [string, () => Promise<unknown>] => [action, () => requestInstanceAction(stranger.ctx, vm.id, { action })]),
      ['logs', () => logStream(stranger.ctx, vm.id, { follow: false, tail: 10, signal })],
      ['stats', () => statsStream(stranger.ctx, vm.id, signal)],
      ['serial console', () => terminalTarget(stranger.ctx, vm.id)],
    ];
    const row = await db().instance.findUniqueOrThrow({ where: { id: vm.id } });
    for (const [what, call] of calls) {
      expect(await errorOf(call), what).toMatchObject({ code: 'not_found', message: 'No such instance.' });
    }
    expect(await db().instance.findUniqueOrThrow({ where: { id: vm.id } })).toEqual(row);
    expect((await listInstances(stranger.ctx, { kind: 'vm' })).total).toBe(0);
    // The owner's member is let through to the console (the control).
    expect((await terminalTarget(ctx, vm.id)).inst.id).toBe(vm.id);
    expect((await listInstances(ctx, { kind: 'vm' })).instances.map((i) => i.id)).toContain(vm.id);
    expect(tenantId).toBe(ctx.tenant.id);
  });
});
