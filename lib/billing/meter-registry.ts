// Metering of registry storage: GiB-seconds per hour of an organisation's images in the console's registry (shared
// layers counted once), written as the disk meter under the provider `registry` (priced per GiB-month by the catalog's
// `registry` disk_gib_month rate). Unlike a volume's size, the stored bytes change with every push and deletion, and
// only a measurement (lib/registry/usage.ts) knows them: the level measured holds until the next measurement. So a
// measurement first meters the stretch since RegistryStorage.meteredUntil at the level measured before, and a metering
// pass (the bill's) meters up to now at the last level. Each stretch is added to its hours' records in the transaction
// that moves meteredUntil past it, under the row's lock: metered once, whichever process gets there.
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import { METERS, rollUpDays } from './meter';
import { floorHour, HOUR_MS } from './timeline';

/** The provider registry storage is priced under in the catalogs (unit disk_gib_month). */
export const REGISTRY_PROVIDER = 'registry';
/** The records' flavor (records have no other column for it; the tenant keys them). */
export const REGISTRY_FLAVOR = 'storage';

const GIB = 1024 ** 3;

export function registryUsageRecordId(tenantId: string, hourStart: Date): string {
  return `reg:${tenantId}:${METERS.disk}:${hourStart.toISOString()}`;
}

/** GiB-seconds per hour of [from, until) at `bytes`, as exact decimal strings (6 places, the column's). Pure. */
export function registryHours(bytes: bigint | number, from: Date, until: Date): { hourStart: Date; gibSeconds: string }[] {
  const out: { hourStart: Date; gibSeconds: string }[] = [];
  const b = BigInt(bytes);
  if (b <= 0n) return out;
  for (let h = floorHour(from).getTime(); h < until.getTime(); h += HOUR_MS) {
    const start = Math.max(h, from.getTime());
    const end = Math.min(h + HOUR_MS, until.getTime());
    if (end <= start) continue;
    // bytes × ms / (GiB × 1000), rounded half-up to 6 places, in integers (a float would lose the cents of a TiB).
    const micro = (b * BigInt(end - start) * 1000n + BigInt(GIB) / 2n) / BigInt(GIB);
    out.push({ hourStart: new Date(h), gibSeconds: `${micro / 1_000_000n}.${String(micro % 1_000_000n).padStart(6, '0')}` });
  }
  return out;
}

type Tx = Prisma.TransactionClient;

/** Meters [row.meteredUntil, until) at the row's level and moves meteredUntil to `until`; the row is locked by the caller. */
async function meterLocked(tx: Tx, row: { tenantId: string; bytes: bigint; meteredUntil: Date }, until: Date): Promise<void> {
  if (row.meteredUntil >= until) return;
  const hours = registryHours(row.bytes, row.meteredUntil, until);
  if (hours.length) {
    await tx.$executeRaw`
      INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", provider, meter, flavor, "cpuMillis", "memoryMib", quantity, "hourStart", "updatedAt")
      VALUES ${Prisma.join(hours.map((h) => Prisma.sql`(${registryUsageRecordId(row.tenantId, h.hourStart)}, ${row.tenantId}, NULL, ${REGISTRY_PROVIDER}, ${METERS.disk}, ${REGISTRY_FLAVOR}, 0, 0, ${h.gibSeconds}::numeric, ${h.hourStart}, now())`))}
      ON CONFLICT (id) DO UPDATE SET quantity = "UsageRecord".quantity + EXCLUDED.quantity, "updatedAt" = EXCLUDED."updatedAt"`;
    await rollUpDays(tx, { tenantId: row.tenantId, from: row.meteredUntil, to: until });
  }
  await tx.registryStorage.update({ where: { tenantId: row.tenantId }, data: { meteredUntil: until } });
}

async function lockRow(tx: Tx, tenantId: string) {
  const rows = await tx.$queryRaw<{ tenantId: string; bytes: bigint; measuredAt: Date; meteredUntil: Date }[]>`
    SELECT "tenantId", bytes, "measuredAt", "meteredUntil" FROM "RegistryStorage" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
  return rows[0];
}

/**
 * Records that the tenant's images took `bytes` at `at`: the time since the last metering is metered at the level
 * measured before, then the new level holds. A first measurement starts the metering (nothing before it is known).
 * A measurement older than the last one recorded changes nothing.
 */
export async function recordRegistryMeasurement(client: PrismaClient, tenantId: string, bytesIn: number | bigint, at: Date = new Date()): Promise<void> {
  const bytes = typeof bytesIn === 'bigint' ? bytesIn : BigInt(Math.max(0, Math.round(bytesIn)));
  await client.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "RegistryStorage" ("tenantId", bytes, "measuredAt", "meteredUntil") VALUES (${tenantId}, ${bytes}, ${at}, ${at})
      ON CONFLICT ("tenantId") DO NOTHING`;
    const row = await lockRow(tx, tenantId);
    if (!row || row.measuredAt > at) return;
    await meterLocked(tx, row, at);
    await tx.registryStorage.update({ where: { tenantId }, data: { bytes, measuredAt: at } });
  });
}

/** Meters every tenant's registry storage (or one tenant's) up to `now` at its last measured level; returns how many. */
export async function meterRegistry(client: PrismaClient, opts: { now?: Date; tenantId?: string } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const due = await client.registryStorage.findMany({
    where: { ...(opts.tenantId ? { tenantId: opts.tenantId } : {}), meteredUntil: { lt: now } },
    select: { tenantId: true },
    take: 1000,
  });
  for (const { tenantId } of due) {
    await client.$transaction(async (tx) => {
      const row = await lockRow(tx, tenantId);
      if (row) await meterLocked(tx, row, now);
    });
  }
  return due.length;
}
