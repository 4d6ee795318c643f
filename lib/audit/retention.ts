// How long the audit log is kept: a platform setting (days, Admin → Settings, PUT /api/v1/admin/settings/audit), applied
// by a periodic job of every console process that deletes older entries in small batches (the embedded database
// serves one statement at a time; one huge delete would stall every request behind it). Idempotent, so several
// processes running it at once only repeat each other's work.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { parseInput } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/context';
import { recordAudit } from './record';
import { pruneIdempotencyKeys } from '@/lib/api/idempotency';

const KEY = 'audit.retention_days';
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
export const MAX_AUDIT_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;
const BATCH = 5_000;
/** How often the job runs; a day's worth of entries is never more than one hour late to go. */
const EVERY_MS = 3_600_000;

export const ZAuditRetention = z.strictObject({
  retentionDays: z
    .number({ error: 'Give a number of days.' })
    .int({ error: 'Give a whole number of days.' })
    .min(1, { error: 'Keep the log at least 1 day.' })
    .max(MAX_AUDIT_RETENTION_DAYS, { error: `At most ${MAX_AUDIT_RETENTION_DAYS} days (ten years).` }),
});

export async function auditRetentionDays(): Promise<number> {
  const row = await db().setting.findUnique({ where: { key: KEY } });
  const v = row?.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_AUDIT_RETENTION_DAYS;
}

export async function setAuditRetentionDays(admin: SessionUser, input: unknown): Promise<{ retentionDays: number }> {
  const { retentionDays } = parseInput(ZAuditRetention, input);
  const before = await auditRetentionDays();
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: retentionDays }, update: { value: retentionDays } });
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: 'platform.audit_retention_changed',
      targetType: 'setting',
      targetId: KEY,
      metadata: { from: before, to: retentionDays },
    });
  });
  return { retentionDays };
}

/** Deletes entries older than the retention (as of `now`); returns how many. */
export async function pruneAuditLog(now = new Date(), days?: number): Promise<number> {
  const keep = days ?? (await auditRetentionDays());
  const cutoff = new Date(now.getTime() - keep * DAY_MS);
  let total = 0;
  for (;;) {
    const ids = (await db().auditEvent.findMany({ where: { createdAt: { lt: cutoff } }, select: { id: true }, take: BATCH })).map((r) => r.id);
    if (!ids.length) return total;
    total += (await db().auditEvent.deleteMany({ where: { id: { in: ids } } })).count;
    if (ids.length < BATCH) return total;
  }
}

export function startAuditRetention(): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const n = await pruneAuditLog();
      if (n) console.log(`[audit] retention removed ${n} entr${n === 1 ? 'y' : 'ies'}`);
      // Idempotency keys expire after 24 h (lib/api/idempotency.ts): the same hourly pass removes them.
      await pruneIdempotencyKeys();
    } catch (err) {
      console.error(`[audit] retention pass failed: ${(err as Error).message}`);
    }
    if (!stopped) {
      timer = setTimeout(run, EVERY_MS);
      timer.unref?.();
    }
  };
  timer = setTimeout(run, 45_000);
  timer.unref?.();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
