// Platform admin: what this host has and what the engines hold on it (Admin → Capacity, GET /api/v1/admin/capacity).
// The host's own figures come from the OS; everything engine-specific comes from each driver's capacity(), and the
// objects it reports are joined with the instances (and tenants) they belong to.
import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/context';
import { allDrivers } from '@/lib/providers/registry';
import type { DriverCapacity } from '@/lib/providers/types';

/** MemAvailable from /proc/meminfo (what can be given out without swapping); os.freemem() where it is missing. */
export function availableMemoryBytes(meminfo?: string): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo ?? fs.readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

export function hostFigures() {
  return {
    hostname: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    memoryTotalBytes: os.totalmem(),
    memoryAvailableBytes: availableMemoryBytes(),
  };
}

async function driverCapacity(capacity: () => Promise<DriverCapacity>): Promise<DriverCapacity> {
  try {
    return await capacity();
  } catch (err) {
    return { reachable: false, error: (err as Error).message, facts: [], gauges: [], objects: [] };
  }
}

export async function platformCapacity(admin: SessionUser) {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const drivers = allDrivers().filter((d) => d.capacity);
  const caps = await Promise.all(drivers.map((d) => driverCapacity(() => d.capacity!())));
  const ids = [...new Set(caps.flatMap((c) => c.objects.map((o) => o.instanceId)).filter((x): x is string => !!x))];
  const rows = ids.length
    ? await db().instance.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, deletedAt: true, tenant: { select: { id: true, slug: true, name: true } } },
      })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    at: new Date().toISOString(),
    host: hostFigures(),
    drivers: drivers.map((d, i) => {
      const c = caps[i]!;
      return {
        id: d.id,
        label: d.label,
        kind: d.kind,
        ...c,
        objects: c.objects.map((o) => {
          const r = o.instanceId ? byId.get(o.instanceId) : undefined;
          return {
            ...o,
            // Unknown here: another console's object on the same engine, or an orphan the sweep will remove.
            instance: r ? { id: r.id, name: r.name, deleted: r.deletedAt !== null } : null,
            tenant: r ? r.tenant : null,
          };
        }),
      };
    }),
  };
}
export type PlatformCapacity = Awaited<ReturnType<typeof platformCapacity>>;
