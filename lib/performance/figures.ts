// The platform's measured performance, read back from the recorded samples: p50/p90 and counts per kind, image
// and flavor (names from the catalogue), function cold starts and warm overhead per memory size. Platform-wide:
// the samples carry no tenant, so any signed-in user may see them.
import 'server-only';
import { db } from '@/lib/db/client';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { PERFORMANCE_SAMPLES_KEPT, type Metric } from './samples';
import { summarize, type Summary } from './summary';
import type { FigureTables } from './compare';

type Row = { metric: string; kind: string; imageId: string; flavorId: string; value: number; nominal: number | null };

export type InstanceFigures = {
  kind: 'container' | 'vm';
  image: { id: string; name: string };
  flavor: { id: string; name: string };
  readyMs: Summary | null;
  memoryMib: (Summary & { nominalMib: number }) | null;
};
export type FunctionFigures = { memoryMib: number; coldStartMs: Summary | null; coldStartStemMs: Summary | null; coldStartCreateMs: Summary | null; warmOverheadMs: Summary | null };

export type Performance = {
  samplesKept: number;
  instances: InstanceFigures[];
  functions: FunctionFigures[];
  /** For the comparison: an instance kind's figures per flavor over all images; functions' per memory size. */
  tables: FigureTables;
};

const values = (rows: Row[]) => rows.map((r) => r.value);

function memorySummary(rows: Row[]): (Summary & { nominalMib: number }) | null {
  const s = summarize(values(rows));
  return s && { ...s, nominalMib: Math.max(...rows.map((r) => r.nominal ?? 0)) };
}

export async function readPerformance(client: PrismaClient = db()): Promise<Performance> {
  const [rows, images, flavors] = await Promise.all([
    client.performanceSample.findMany({ select: { metric: true, kind: true, imageId: true, flavorId: true, value: true, nominal: true } }),
    client.image.findMany({ select: { id: true, name: true } }),
    client.flavor.findMany({ select: { id: true, name: true, sortOrder: true, provider: true } }),
  ]);
  const imageName = new Map(images.map((i) => [i.id, i.name]));
  const flavorOf = new Map(flavors.map((f) => [f.id, f]));
  const pick = (metric: Metric, kind: string, match: (r: Row) => boolean = () => true) => rows.filter((r) => r.metric === metric && r.kind === kind && match(r));

  const instanceKeys = new Map<string, { kind: 'container' | 'vm'; imageId: string; flavorId: string }>();
  for (const r of rows) if (r.kind !== 'function') instanceKeys.set(`${r.kind}\0${r.imageId}\0${r.flavorId}`, { kind: r.kind as 'container' | 'vm', imageId: r.imageId, flavorId: r.flavorId });
  const instances = [...instanceKeys.values()]
    .map(({ kind, imageId, flavorId }): InstanceFigures => {
      const same = (r: Row) => r.imageId === imageId && r.flavorId === flavorId;
      return {
        kind,
        image: { id: imageId, name: imageName.get(imageId) ?? imageId },
        flavor: { id: flavorId, name: flavorOf.get(flavorId)?.name ?? flavorId },
        readyMs: summarize(values(pick('ready_ms', kind, same))),
        memoryMib: memorySummary(pick('memory_mib', kind, same)),
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.image.name.localeCompare(b.image.name) || (flavorOf.get(a.flavor.id)?.sortOrder ?? 0) - (flavorOf.get(b.flavor.id)?.sortOrder ?? 0));

  const memories = [...new Set(rows.filter((r) => r.kind === 'function').map((r) => Number(r.flavorId)))].filter(Number.isFinite).sort((a, b) => a - b);
  const fnFigures = (m: number): FunctionFigures => {
    const mem = (r: Row) => r.flavorId === String(m);
    return {
      memoryMib: m,
      coldStartMs: summarize(values(pick('cold_start_ms', 'function', mem))),
      coldStartStemMs: summarize(values(pick('cold_start_ms', 'function', (r) => mem(r) && r.imageId === 'stem'))),
      coldStartCreateMs: summarize(values(pick('cold_start_ms', 'function', (r) => mem(r) && r.imageId === 'create'))),
      warmOverheadMs: summarize(values(pick('warm_ms', 'function', mem))),
    };
  };
  const functions = memories.map(fnFigures);

  const tables: FigureTables = { ready: { container: {}, vm: {} }, memory: { container: {}, vm: {} }, coldStart: {}, warmOverhead: {} };
  for (const kind of ['container', 'vm'] as const) {
    for (const flavorId of new Set(rows.filter((r) => r.kind === kind).map((r) => r.flavorId))) {
      const ready = summarize(values(pick('ready_ms', kind, (r) => r.flavorId === flavorId)));
      const memory = memorySummary(pick('memory_mib', kind, (r) => r.flavorId === flavorId));
      if (ready) tables.ready[kind][flavorId] = ready;
      if (memory) tables.memory[kind][flavorId] = memory;
    }
  }
  for (const f of functions) {
    if (f.coldStartMs) tables.coldStart[String(f.memoryMib)] = f.coldStartMs;
    if (f.warmOverheadMs) tables.warmOverhead[String(f.memoryMib)] = f.warmOverheadMs;
  }
  return { samplesKept: PERFORMANCE_SAMPLES_KEPT, instances, functions, tables };
}

export type FiguresBy = { all: Summary | null; byFlavor: Record<string, Summary> };

/** One metric of one kind, over everything and per flavor (for functions: per memory size in MiB). */
async function figuresBy(metric: Metric, kind: 'container' | 'vm' | 'function', client: PrismaClient): Promise<FiguresBy> {
  const rows = await client.performanceSample.findMany({ where: { metric, kind }, select: { flavorId: true, value: true } });
  const byFlavor: Record<string, Summary> = {};
  for (const flavorId of new Set(rows.map((r) => r.flavorId))) byFlavor[flavorId] = summarize(rows.filter((r) => r.flavorId === flavorId).map((r) => r.value))!;
  return { all: summarize(rows.map((r) => r.value)), byFlavor };
}

/**
 * Create → ready of one kind (the create wizard's "ready in about …"): over every image and flavor, and per flavor
 * where that flavor has samples of its own.
 */
export function readyOfKind(kind: 'container' | 'vm', client: PrismaClient = db()): Promise<FiguresBy> {
  return figuresBy('ready_ms', kind, client);
}

/** Functions' cold starts and warm overhead (the create form's "starts in about …"), over all and per memory size. */
export async function functionStartFigures(client: PrismaClient = db()): Promise<{ cold: FiguresBy; warm: FiguresBy }> {
  const [cold, warm] = await Promise.all([figuresBy('cold_start_ms', 'function', client), figuresBy('warm_ms', 'function', client)]);
  return { cold, warm };
}
