// Metering of volumes: GiB-seconds of each volume's existence per hour (attached or not, as a disk is billed), written
// as the disk meter under the provider `volumes` (priced per GiB-month by the catalog's `volumes` disk_gib_month rate).
// Like instances' metering: each pass continues from Volume.meteredUntil, recomputes whole hours from their start (so
// writing an hour again replaces it) and moves meteredUntil in the same transaction. The volume's id is the record's
// `flavor` (records have no volume column); the bill names the line after the volume.
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import { METERS, rollUpDays } from './meter';
import { floorHour, HOUR_MS } from './timeline';

/** The provider volumes are priced under in the catalogs (unit disk_gib_month). */
export const VOLUMES_PROVIDER = 'volumes';

export function volumeUsageRecordId(volumeId: string, hourStart: Date): string {
  return `vol:${volumeId}:${METERS.disk}:${hourStart.toISOString()}`;
}

/** GiB-seconds per hour of [from, until) for a volume of `sizeGib` that exists from `since`. Pure. */
export function volumeHours(sizeGib: number, since: Date, from: Date, until: Date): { hourStart: Date; gibSeconds: number }[] {
  const out: { hourStart: Date; gibSeconds: number }[] = [];
  for (let h = floorHour(from).getTime(); h < until.getTime(); h += HOUR_MS) {
    const start = Math.max(h, since.getTime());
    const end = Math.min(h + HOUR_MS, until.getTime());
    if (end > start) out.push({ hourStart: new Date(h), gibSeconds: ((end - start) / 1000) * sizeGib });
  }
  return out;
}

/** Meters every volume with unmetered time (optionally one tenant's); returns how many. */
export async function meterVolumes(client: PrismaClient, opts: { now?: Date; tenantId?: string } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const due = await client.volume.findMany({
    where: {
      ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
      OR: [{ meteredUntil: null }, { deletedAt: null, meteredUntil: { lt: now } }, { deletedAt: { not: null }, meteredUntil: { lt: client.volume.fields.deletedAt } }],
    },
    select: { id: true },
    take: 1000,
  });
  for (const { id } of due) {
    await client.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ tenantId: string; sizeGib: number; createdAt: Date; deletedAt: Date | null; meteredUntil: Date | null }[]>`
        SELECT "tenantId", "sizeGib", "createdAt", "deletedAt", "meteredUntil" FROM "Volume" WHERE id = ${id} FOR UPDATE`;
      const v = rows[0];
      if (!v) return;
      const until = v.deletedAt && v.deletedAt < now ? v.deletedAt : now;
      if (v.meteredUntil && v.meteredUntil >= until) return;
      const from = floorHour(v.meteredUntil ?? v.createdAt);
      const hours = volumeHours(v.sizeGib, v.createdAt, from, until);
      if (hours.length) {
        await tx.$executeRaw`
          INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", provider, meter, flavor, "cpuMillis", "memoryMib", quantity, "hourStart", "updatedAt")
          VALUES ${Prisma.join(hours.map((h) => Prisma.sql`(${volumeUsageRecordId(id, h.hourStart)}, ${v.tenantId}, NULL, ${VOLUMES_PROVIDER}, ${METERS.disk}, ${id}, 0, 0, ${h.gibSeconds.toFixed(3)}::numeric, ${h.hourStart}, now())`))}
          ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, "updatedAt" = EXCLUDED."updatedAt"`;
        await rollUpDays(tx, { tenantId: v.tenantId, from, to: until });
      }
      await tx.volume.update({ where: { id }, data: { meteredUntil: until } });
    });
  }
  return due.length;
}
