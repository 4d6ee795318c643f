// Refused creates (lib/instances/create-instance.ts) against the real database: every kind of bad input gets its
// stable AppError code and the field it is about, and writes nothing (no instance, no event, no audit entry).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, contextFor, errorOf, instanceCounts, memberOfNewTenant, seedCatalog, tenantWith } from '../fixtures';

let ctx: TenantContext;
let tenantId: string;

beforeAll(async () => {
  await seedCatalog();
  const { tenant, people } = await tenantWith({ member: 'member', viewer: 'viewer' });
  tenantId = tenant.id;
  ctx = await contextFor(people.member.userId, tenant.id);
  // An existing instance, for the duplicate-name rows.
  await createContainer(ctx, containerInput({ name: 'taken' }));
  // A retired image stays in the database but is no longer offered.
  await db().image.create({ data: { id: 'docker-retired', provider: 'docker', name: 'retired', ref: 'overcast/retired:0', active: false } });
});

const env = (n: number, valueLength = 1) => Array.from({ length: n }, (_, i) => ({ name: `VAR_${i}`, value: 'x'.repeat(valueLength) }));

type Row = { reason: string; input: Record<string, unknown>; code: string; field: string; message?: RegExp };
const NAME_RULE = /1–63 lowercase letters, digits or hyphens/;

const ROWS: Row[] = [
  // names: DNS-label rules
  { reason: 'empty name', input: { name: '' }, code: 'validation_failed', field: 'name', message: /Enter a name/ },
  { reason: 'blank name (trimmed to empty)', input: { name: '   ' }, code: 'validation_failed', field: 'name', message: /Enter a name/ },
  { reason: 'missing name', input: { name: undefined }, code: 'validation_failed', field: 'name' },
  { reason: 'name not a string', input: { name: 42 }, code: 'validation_failed', field: 'name' },
  { reason: 'upper case', input: { name: 'Web' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'starts with a digit', input: { name: '1web' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'starts with a hyphen', input: { name: '-web' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'ends with a hyphen', input: { name: 'web-' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'underscore', input: { name: 'my_web' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'dot (a DNS name, not a label)', input: { name: 'web.example' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'space inside', input: { name: 'my web' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'non-ASCII letter', input: { name: 'café' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: '64 characters', input: { name: 'a'.repeat(64) }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'path traversal', input: { name: '../etc' }, code: 'validation_failed', field: 'name', message: NAME_RULE },
  { reason: 'duplicate name in the tenant', input: { name: 'taken' }, code: 'conflict', field: 'name', message: /already used in this organisation/ },
  { reason: 'duplicate after trimming', input: { name: '  taken ' }, code: 'conflict', field: 'name' },
  // catalogue
  { reason: 'unknown image', input: { imageId: 'docker-nope' }, code: 'validation_failed', field: 'imageId', message: /Choose one of the images offered/ },
  { reason: 'retired (inactive) image', input: { imageId: 'docker-retired' }, code: 'validation_failed', field: 'imageId' },
  { reason: 'missing image', input: { imageId: undefined }, code: 'validation_failed', field: 'imageId', message: /Choose an image/ },
  { reason: 'unknown flavor', input: { flavorId: 'docker-huge' }, code: 'validation_failed', field: 'flavorId', message: /Choose one of the flavors offered/ },
  { reason: 'image id given as flavor', input: { flavorId: 'docker-static-web' }, code: 'validation_failed', field: 'flavorId' },
  { reason: 'empty flavor', input: { flavorId: '' }, code: 'validation_failed', field: 'flavorId', message: /Choose a flavor/ },
  // ports
  { reason: 'port 0', input: { ports: [0] }, code: 'validation_failed', field: 'ports', message: /1 to 65535/ },
  { reason: 'port 65536', input: { ports: [65536] }, code: 'validation_failed', field: 'ports', message: /1 to 65535/ },
  { reason: 'negative port', input: { ports: [-80] }, code: 'validation_failed', field: 'ports' },
  { reason: 'fractional port', input: { ports: [80.5] }, code: 'validation_failed', field: 'ports', message: /whole numbers/ },
  { reason: 'port not a number', input: { ports: ['http'] }, code: 'validation_failed', field: 'ports' },
  // Issue 12 finding 7: the API takes JSON numbers; the create form turns its text into numbers itself.
  { reason: 'port as a numeric string', input: { ports: ['8080'] }, code: 'validation_failed', field: 'ports' },
  { reason: 'port as a boolean', input: { ports: [true] }, code: 'validation_failed', field: 'ports' },
  { reason: 'second port out of range', input: { ports: [8080, 70000] }, code: 'validation_failed', field: 'ports.1' },
  { reason: 'same port twice', input: { ports: [8080, 8080] }, code: 'validation_failed', field: 'ports', message: /Each port only once/ },
  { reason: '11 ports', input: { ports: Array.from({ length: 11 }, (_, i) => 8000 + i) }, code: 'validation_failed', field: 'ports', message: /At most 10 ports/ },
  // environment
  { reason: '51 variables', input: { env: env(51) }, code: 'validation_failed', field: 'env', message: /At most 50 variables/ },
  { reason: 'a value over 4096 characters', input: { env: [{ name: 'BIG', value: 'x'.repeat(4097) }] }, code: 'validation_failed', field: 'env.0.value', message: /at most 4096/ },
  { reason: 'over 32 KiB in total', input: { env: env(10, 4000) }, code: 'validation_failed', field: 'env', message: /total at most 32 KiB/ },
  { reason: 'a megabyte in one value', input: { env: [{ name: 'HUGE', value: 'x'.repeat(1024 * 1024) }] }, code: 'validation_failed', field: 'env' },
  { reason: 'variable name with a dash', input: { env: [{ name: 'MY-VAR', value: '1' }] }, code: 'validation_failed', field: 'env.0.name' },
  { reason: 'variable name starting with a digit', input: { env: [{ name: '1VAR', value: '1' }] }, code: 'validation_failed', field: 'env' },
  { reason: 'variable name that injects another', input: { env: [{ name: 'A=1\nB', value: '1' }] }, code: 'validation_failed', field: 'env' },
  { reason: 'same variable twice', input: { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, code: 'validation_failed', field: 'env', message: /only once/ },
  // command
  { reason: '51 command arguments', input: { command: Array.from({ length: 51 }, () => 'x') }, code: 'validation_failed', field: 'command' },
  { reason: 'a command argument over 1024 characters', input: { command: ['echo', 'x'.repeat(1025)] }, code: 'validation_failed', field: 'command' },
];

describe('bad input is refused and writes nothing', () => {
  it.each(ROWS)('$reason → $code on $field', async ({ input, code, field, message }) => {
    const before = await instanceCounts();
    const err = await errorOf(() => createContainer(ctx, containerInput(input)));
    expect(err.code).toBe(code);
    expect(Object.keys(err.fields)).toContain(field);
    if (message) expect(err.fields[field]).toMatch(message);
    expect(await instanceCounts()).toEqual(before);
  });

  it.each([
    { reason: 'no instance left', quota: { maxInstances: 1 }, message: /This would make 2 instances; the quota is 1/ },
    { reason: 'not enough vCPUs', quota: { maxVcpus: 0 }, message: /This would use 0.5 vCPUs; the quota is 0/ },
    { reason: 'not enough memory', quota: { maxMemoryMib: 200 }, message: /256 MiB of memory; the quota is 200 MiB/ },
  ])('over quota ($reason) → quota_exceeded on flavorId', async ({ quota, message }) => {
    const saved = await db().quota.findUniqueOrThrow({ where: { tenantId } });
    await db().quota.update({ where: { tenantId }, data: quota });
    try {
      const before = await instanceCounts();
      const err = await errorOf(() => createContainer(ctx, containerInput()));
      expect(err.code).toBe('quota_exceeded');
      expect(err.fields.flavorId).toMatch(message);
      expect(err.message).toMatch(message);
      expect(await instanceCounts()).toEqual(before);
    } finally {
      await db().quota.update({ where: { tenantId }, data: saved });
    }
  });

  it('a tenant without a quota row cannot create at all', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    await db().quota.delete({ where: { tenantId: tenant.id } });
    const before = await instanceCounts();
    const err = await errorOf(async () => createContainer(await contextFor(people.owner.userId, tenant.id), containerInput()));
    expect(err.code).toBe('quota_exceeded');
    expect(err.message).toMatch(/no quota set/);
    expect(await instanceCounts()).toEqual(before);
  });

  it('a viewer may not create, and a suspended tenant is read-only', async () => {
    const { tenant, people } = await tenantWith({ viewer: 'viewer', owner: 'owner' });
    const before = await instanceCounts();
    expect((await errorOf(async () => createContainer(await contextFor(people.viewer.userId, tenant.id), containerInput()))).code).toBe('forbidden');
    await db().tenant.update({ where: { id: tenant.id }, data: { status: 'suspended' } });
    expect((await errorOf(async () => createContainer(await contextFor(people.owner.userId, tenant.id), containerInput()))).code).toBe('tenant_suspended');
    expect(await instanceCounts()).toEqual(before);
  });
});

type Accepted = { reason: string; input: Record<string, unknown>; stored: { name?: string; ports?: number[]; envCount?: number } };

describe('the edges of valid input are accepted', () => {
  it.each<Accepted>([
    { reason: '63-character name', input: { name: 'a'.repeat(62) + '1' }, stored: { name: 'a'.repeat(62) + '1' } },
    { reason: 'one-letter name', input: { name: 'x' }, stored: { name: 'x' } },
    { reason: 'name with surrounding spaces is trimmed', input: { name: '  spaced-out  ' }, stored: { name: 'spaced-out' } },
    { reason: 'ports 1 and 65535', input: { ports: [1, 65535] }, stored: { ports: [1, 65535] } },
    { reason: '50 variables of 600 characters (just under 32 KiB)', input: { env: env(50, 600) }, stored: { envCount: 50 } },
    { reason: 'the same name in another tenant', input: { name: 'taken', other: true }, stored: { name: 'taken' } },
  ])('$reason', async ({ input, stored }) => {
    const { other, ...fields } = input;
    let asWho = ctx;
    if (other) asWho = (await memberOfNewTenant()).ctx;
    const before = await instanceCounts();
    const { id } = await createContainer(asWho, containerInput(fields));
    const row = await db().instance.findUniqueOrThrow({ where: { id } });
    const spec = row.spec as { ports: { port: number }[]; env: unknown[] };
    if (stored.name !== undefined) expect(row.name).toBe(stored.name);
    if (stored.ports !== undefined) expect(spec.ports.map((p) => p.port)).toEqual(stored.ports);
    if (stored.envCount !== undefined) expect(spec.env).toHaveLength(stored.envCount);
    expect(row).toMatchObject({ status: 'pending', desiredState: 'running', tenantId: asWho.tenant.id, liveName: row.name });
    expect(await instanceCounts()).toEqual({ instances: before.instances + 1, instanceEvents: before.instanceEvents + 1, auditEvents: before.auditEvents + 1 });
  });
});
