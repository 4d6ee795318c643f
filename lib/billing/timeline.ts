// From an instance's status history to metered hours. Pure: the meter (lib/billing/meter.ts) feeds it events and
// writes what it returns, keyed by hour, so computing it again from the same events gives the same records.
import type { InstanceStatus } from '@/lib/generated/prisma/enums';

export type StatusPoint = { at: Date; status: InstanceStatus };
export type HourUsage = { hourStart: Date; runningMs: number; diskMs: number };

export const HOUR_MS = 3_600_000;

const DAY_MS = 86_400_000;

export const floorHour = (d: Date): Date => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
export const floorDay = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
export const ceilDay = (d: Date): Date => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);

/** The engine object (and so its disk) exists from the first step towards it until it is deleted. */
const DISK_ENDS: ReadonlySet<InstanceStatus> = new Set(['deleted']);
const DISK_STARTS: ReadonlySet<InstanceStatus> = new Set(['creating', 'running', 'stopping', 'stopped']);

/**
 * Running and disk-existing milliseconds per hour in [from, to), from status points sorted by time. `initial` is
 * the status in force at `from` and whether the disk existed then (from the last point before `from`).
 */
export function hourlyUsage(points: StatusPoint[], from: Date, to: Date, initial: { status: InstanceStatus | null; diskExists: boolean }): HourUsage[] {
  type Span = { start: number; end: number; running: boolean; disk: boolean };
  const spans: Span[] = [];
  let status = initial.status;
  let disk = initial.diskExists;
  let t = from.getTime();
  const end = to.getTime();
  for (const p of points) {
    const at = Math.min(Math.max(p.at.getTime(), t), end);
    if (at > t) spans.push({ start: t, end: at, running: status === 'running', disk });
    t = at;
    status = p.status;
    if (DISK_ENDS.has(p.status)) disk = false;
    else if (DISK_STARTS.has(p.status)) disk = true;
  }
  if (end > t) spans.push({ start: t, end, running: status === 'running', disk });

  const hours = new Map<number, HourUsage>();
  for (const s of spans) {
    if (!s.running && !s.disk) continue;
    for (let h = Math.floor(s.start / HOUR_MS) * HOUR_MS; h < s.end; h += HOUR_MS) {
      const ms = Math.min(s.end, h + HOUR_MS) - Math.max(s.start, h);
      if (ms <= 0) continue;
      const u = hours.get(h) ?? { hourStart: new Date(h), runningMs: 0, diskMs: 0 };
      if (s.running) u.runningMs += ms;
      if (s.disk) u.diskMs += ms;
      hours.set(h, u);
    }
  }
  return [...hours.values()].sort((a, b) => a.hourStart.getTime() - b.hourStart.getTime());
}

/** 'YYYY-MM' of a moment, in UTC (bills run on UTC months). */
export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);

export function monthRange(month: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`not a month: ${month}`);
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
  return { start, end };
}
