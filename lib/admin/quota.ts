// Platform admin: a tenant's quota, and the platform's default quota that new organisations start with (sign-up and
// admin-create). Every field of an update is optional (only those sent change); the functions' limits may be null to
// follow the console's default (lib/env.ts). A limit may be set below what is in use: nothing is stopped, new creates
// are refused (quota_exceeded) until usage is back under it. The gateway sees a change within its cache refresh (≤ 5 s).
import 'server-only';
import { z } from 'zod';
import { db, type Prisma } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';

const count = (max: number) => z.number({ error: 'Must be a whole number.' }).int('Must be a whole number.').min(0, 'Must not be negative.').max(max, `At most ${max}.`);
const fnLimit = (max: number) => z.number({ error: 'Must be a whole number or null.' }).int('Must be a whole number.').min(1, 'At least 1.').max(max, `At most ${max}.`).nullable();

/** Every limit a quota has, for every kind of resource the console runs. */
export const ZQuotaLimits = z.strictObject({
  maxInstances: count(10_000),
  maxVcpus: count(10_000),
  maxMemoryMib: count(100_000_000),
  maxDiskGib: count(1_000_000),
  maxFunctions: count(10_000),
  maxFnRequestsPerSecond: fnLimit(1_000_000),
  maxFnContainers: fnLimit(10_000),
  maxFnLogMib: fnLimit(1_000_000),
  maxRegistryGib: count(1_000_000),
});
export type TQuotaLimits = z.infer<typeof ZQuotaLimits>;

export const ZQuotaUpdate = ZQuotaLimits.partial().strict();

export const QUOTA_FIELDS = Object.keys(ZQuotaLimits.shape) as (keyof TQuotaLimits)[];

/** What a quota row gets when nothing else is said (the schema's column defaults). */
export const BUILT_IN_DEFAULT_QUOTA: TQuotaLimits = {
  maxInstances: 10,
  maxVcpus: 8,
  maxMemoryMib: 16_384,
  maxDiskGib: 100,
  maxFunctions: 20,
  maxFnRequestsPerSecond: null,
  maxFnContainers: null,
  maxFnLogMib: null,
  maxRegistryGib: 10,
};

const DEFAULTS_KEY = 'quota.defaults';

type SettingReader = Pick<Prisma.TransactionClient, 'setting'>;

/** The quota a new organisation starts with: the admin's setting over the built-in defaults. */
export async function defaultQuota(client: SettingReader = db()): Promise<TQuotaLimits> {
  const row = await client.setting.findUnique({ where: { key: DEFAULTS_KEY } });
  // A stored value that no longer parses (a field removed since) is read field by field, never trusted whole.
  const stored = ZQuotaLimits.partial().safeParse(row?.value ?? {});
  return { ...BUILT_IN_DEFAULT_QUOTA, ...(stored.success ? stripUnknown(stored.data) : {}) };
}

function stripUnknown(v: Partial<TQuotaLimits>): Partial<TQuotaLimits> {
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => (QUOTA_FIELDS as string[]).includes(k) && x !== undefined));
}

/** Changes the platform's default quota (only the fields sent); existing organisations keep theirs. */
export async function setDefaultQuota(admin: SessionUser, input: unknown): Promise<TQuotaLimits> {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const data = parseInput(ZQuotaUpdate, input);
  return db().$transaction(async (tx) => {
    const next = { ...(await defaultQuota(tx)), ...data };
    await tx.setting.upsert({ where: { key: DEFAULTS_KEY }, create: { key: DEFAULTS_KEY, value: next }, update: { value: next } });
    await recordAudit(tx, { tenantId: null, actorId: admin.id, action: 'platform.default_quota_changed', targetType: 'setting', targetId: DEFAULTS_KEY, metadata: data });
    return next;
  });
}

export async function setTenantQuota(admin: SessionUser, tenantId: string, input: unknown) {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const data = parseInput(ZQuotaUpdate, input);
  return db().$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, deletingAt: true } });
    if (!t || t.deletingAt) throw notFoundError('tenant');
    const quota = await tx.quota.upsert({ where: { tenantId }, create: { tenantId, ...(await defaultQuota(tx)), ...data }, update: data });
    await recordAudit(tx, { tenantId, actorId: admin.id, action: 'tenant.quota_changed', targetType: 'tenant', targetId: tenantId, metadata: data });
    return quota;
  });
}
