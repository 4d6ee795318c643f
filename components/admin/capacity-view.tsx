'use client';
// Admin → Capacity, live: polls GET /api/v1/admin/capacity every few seconds, keeps the last five minutes of memory
// figures for a chart, and shows the host, each engine's facts and gauges, and every engine object with its owner.
// Provider-neutral: it renders whatever each driver's capacity() reports.
import { formatTime } from '@/lib/format/date';
import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { useState } from 'react';
import { useSampled } from './use-sampled';
import { Card, Notice } from '@/components/ui/card';
import { LineChart, type ChartSeries } from '@/components/ui/line-chart';
import type { PlatformCapacity } from '@/lib/admin/capacity';
import type { CapacityGauge } from '@/lib/providers/types';
import { kindLabel } from '@/lib/instances/kinds';

const POLL_MS = 3000;
const WINDOW_MS = 5 * 60_000;
const MIB = 1024 * 1024;

type Point = { at: number; hostUsedMib: number; byDriver: Record<string, number> };

function mib(v: number): string {
  return v >= 10240 ? `${(v / 1024).toFixed(1)} GiB` : `${Math.round(v)} MiB`;
}
function bytes(b: number | null): string {
  return b === null ? '—' : mib(b / MIB);
}
/** UTC, as every time in the console (lib/format/date.ts). */
function clock(ms: number): string {
  return formatTime(ms, 'en-GB');
}

function pointOf(c: PlatformCapacity): Point {
  const byDriver: Record<string, number> = {};
  for (const d of c.drivers) byDriver[d.id] = d.objects.reduce((s, o) => s + (o.memoryBytes ?? 0), 0) / MIB;
  return { at: Date.parse(c.at), hostUsedMib: (c.host.memoryTotalBytes - c.host.memoryAvailableBytes) / MIB, byDriver };
}

function Gauge({ g }: { g: CapacityGauge }) {
  const value = (v: number) => (g.unit === 'MiB' ? mib(v) : String(v));
  const share = g.limit ? Math.min(1, g.used / g.limit) : null;
  const tone = share === null ? '' : share >= 0.9 ? 'bg-red-600 dark:bg-red-500' : share >= 0.7 ? 'bg-amber-500' : 'bg-sky-700 dark:bg-sky-400';
  return (
    <div data-testid={`gauge-${g.id}`}>
      <div className="flex justify-between gap-4 text-sm">
        <span>{g.label}</span>
        <span className="tabular-nums" data-testid={`gauge-${g.id}-value`}>
          {value(g.used)}
          {g.limit !== null ? ` of ${value(g.limit)}` : ''}
        </span>
      </div>
      {share !== null ? (
        <div className="mt-1 h-2 rounded bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
          <div className={`h-2 rounded ${tone}`} style={{ width: `${Math.max(share * 100, g.used > 0 ? 2 : 0)}%` }} />
        </div>
      ) : null}
    </div>
  );
}

export function CapacityView({ initial }: { initial: PlatformCapacity }) {
  const { data, error } = useSampled<PlatformCapacity>('/api/v1/admin/capacity', initial, POLL_MS);
  const [history, setHistory] = useState<Point[]>(() => [pointOf(initial)]);
  // Each new answer adds a point (React's "adjust state when a value changes" pattern: no effect needed).
  const [charted, setCharted] = useState(data);
  if (charted !== data) {
    setCharted(data);
    const p = pointOf(data);
    setHistory((h) => [...h.filter((x) => x.at > p.at - WINDOW_MS && x.at < p.at), p]);
  }

  const h = data.host;
  const totalMib = h.memoryTotalBytes / MIB;
  const end = history[history.length - 1]!.at;
  // In GiB: a host's memory is gigabytes, and short tick labels leave the axis readable.
  const gib = (m: number) => m / 1024;
  const totalGib = gib(totalMib);
  const series: ChartSeries[] = [
    { name: 'Host memory in use', points: history.map((p) => ({ x: p.at, y: gib(p.hostUsedMib) })) },
    {
      // All engines together (each one's share is in its card below): the chart has one line per tone.
      name: `Used by ${data.drivers.map((d) => d.label).join(' and ')} objects`,
      tone: 'secondary',
      points: history.map((p) => ({ x: p.at, y: gib(Object.values(p.byDriver).reduce((a, b) => a + b, 0)) })),
    },
    { name: `Host total (${mib(totalMib)})`, tone: 'limit', points: [{ x: end - WINDOW_MS, y: totalGib }, { x: end, y: totalGib }] },
  ];
  return (
    <div className="space-y-6">
      <p className="text-xs text-zinc-600 dark:text-zinc-400" role="status" data-testid="capacity-updated">
        {error ?? `Live: updated ${clock(Date.parse(data.at))}, every ${POLL_MS / 1000} s`}
      </p>
      <Card title="Host">
        <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Host</dt>
          <dd>{h.hostname}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">CPUs</dt>
          <dd data-testid="host-cpus">
            {h.cpus}
            {h.cpuModel ? ` × ${h.cpuModel}` : ''}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Load (1, 5, 15 min)</dt>
          <dd className="tabular-nums">{h.loadAverage.join(', ')}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Memory</dt>
          <dd className="tabular-nums" data-testid="host-memory">
            {mib(h.memoryAvailableBytes / MIB)} available of {mib(totalMib)}
          </dd>
        </dl>
        <div className="mt-4">
          <LineChart
            title="Memory over time"
            testId="chart-capacity-memory"
            width={1000}
            series={series}
            xDomain={[end - WINDOW_MS, end]}
            yDomain={[0, totalGib]}
            xLabel="Time (UTC)"
            yLabel="GiB"
            formatX={clock}
            formatY={(v) => `${Number(v.toFixed(v < 10 ? 1 : 0))} GiB`}
          />
        </div>
      </Card>
      {data.drivers.map((d) => (
        <Card key={d.id} title={`${d.label} · ${kindLabel(d.kind, true).toLowerCase()}`}>
          <div data-testid={`driver-${d.id}`} className="space-y-4">
            {!d.reachable ? <Notice tone="warning">Not reachable: {d.error}</Notice> : null}
            {d.facts.length ? (
              <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
                {d.facts.map((f) => (
                  <div key={f.label} className="contents">
                    <dt className="text-zinc-600 dark:text-zinc-400">{f.label}</dt>
                    <dd data-testid={`fact-${d.id}-${f.label.toLowerCase().replace(/\s+/g, '-')}`}>
                      {f.value}
                      {f.detail ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</span> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {d.gauges.length ? (
              <div className="space-y-3">
                {d.gauges.map((g) => (
                  <Gauge key={g.id} g={g} />
                ))}
              </div>
            ) : null}
            {d.reachable ? (
              <DataTable
                caption={`${d.label}: what each object uses`}
                columns={[
                  { key: 'instance', header: 'Instance' },
                  { key: 'tenant', header: 'Tenant' },
                  { key: 'state', header: 'State' },
                  { key: 'memory', header: 'Host memory now', align: 'right' },
                  { key: 'limit', header: 'Memory limit', align: 'right' },
                  { key: 'cpus', header: 'CPUs', align: 'right' },
                ]}
                rows={d.objects.map((o) => ({
                  id: o.engineRef,
                  label: o.instance?.name ?? o.engineRef,
                  testId: `object-${o.instanceId ?? o.engineRef}`,
                  cells: [
                    o.instance && o.tenant && !o.instance.deleted ? (
                      <Link key="i" className="underline" href={`/t/${o.tenant.slug}/instances/${o.instance.id}`}>
                        {o.instance.name}
                      </Link>
                    ) : (
                      <span key="i" className="font-mono text-xs" title="Not an instance of this console (another console’s, or an orphan)">
                        {o.engineRef}
                      </span>
                    ),
                    o.tenant?.name ?? '—',
                    o.state,
                    <span key="m" data-testid="object-memory">
                      {bytes(o.memoryBytes)}
                    </span>,
                    bytes(o.memoryLimitBytes),
                    o.cpus ?? '—',
                  ],
                }))}
                empty={<p className="py-2 text-sm text-zinc-600 dark:text-zinc-400">None on this host.</p>}
              />
            ) : null}
          </div>
        </Card>
      ))}
    </div>
  );
}
