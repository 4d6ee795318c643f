'use client';
// A function's figures over the last hour, re-read when new invocations of it are recorded: invocations and errors over time, p50/p95
// durations, error rate, and a histogram of cold-start times.
import { formatTime } from '@/lib/format/date';
import { Card } from '@/components/ui/card';
import { StaticTable } from '@/components/ui/table';
import { LineChart } from '@/components/ui/line-chart';
import { useLive } from '@/components/live/use-live';
import type { FunctionStats } from '@/lib/functions/types';

const ms = (v: number | null) => (v === null ? '—' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`);
/** UTC, as every time in the console (lib/format/date.ts). */
const clock = (x: number) => formatTime(x, 'en-GB', { seconds: false });

export function StatsPanel({ api, initial }: { api: string; initial: FunctionStats | null }) {
  const { data, error } = useLive<FunctionStats | null>(`${api}/stats?minutes=60`, initial, (c) => c.kind === 'function' && api.endsWith(`/functions/${c.id}`));
  if (!data) return <Card title="Invocations">{error ? <p className="text-sm">{error}</p> : <p className="text-sm">Loading…</p>}</Card>;
  const pts = (f: (s: FunctionStats['series'][number]) => number | null) =>
    data.series.flatMap((s) => {
      const y = f(s);
      return y === null ? [] : [{ x: Date.parse(s.at), y }];
    });
  const xDomain: [number, number] = [Date.parse(data.from), Date.parse(data.to)];
  const maxCold = Math.max(1, ...data.coldHistogram.map((b) => b.count));
  return (
    <Card title="Invocations (last hour)">
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5" data-testid="fn-stats">
        {(
          [
            ['Invocations', String(data.invocations)],
            ['Errors', `${data.errors} (${(data.errorRate * 100).toFixed(1)} %)`],
            ['p50', ms(data.p50Ms)],
            ['p95', ms(data.p95Ms)],
            ['Cold starts', String(data.cold)],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`fn-stat-${k.toLowerCase().replace(' ', '-')}`}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <LineChart
          title="Invocations and errors per minute"
          series={[
            { name: 'Invocations', points: pts((s) => s.invocations) },
            { name: 'Errors', points: pts((s) => s.errors), tone: 'danger' },
          ]}
          xLabel="Time (UTC)"
          yLabel="Per minute"
          formatX={clock}
          formatY={(y) => String(Math.round(y))}
          wholeY
          xDomain={xDomain}
          testId="chart-invocations"
        />
        <LineChart title="p95 duration per minute" series={[{ name: 'p95', points: pts((s) => s.p95Ms) }]} xLabel="Time (UTC)" yLabel="ms" formatX={clock} formatY={(y) => ms(y)} xDomain={xDomain} testId="chart-p95" />
      </div>
      <h3 className="mt-4 mb-2 text-sm font-medium">Cold starts by start-up time</h3>
      {data.cold === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No cold starts in this hour.</p>
      ) : (
        <StaticTable
          caption="Cold starts by start-up time"
          testId="cold-histogram"
          density="compact"
          quietHeader
          columns={[
            { key: 'le', header: 'Up to', shrink: true },
            { key: 'count', header: 'Count' },
          ]}
          rows={data.coldHistogram.map((b) => ({
            id: String(b.leMs),
            cells: [
              `≤ ${Number.isFinite(b.leMs) ? `${b.leMs} ms` : 'more'}`,
              <div key="bar" className="flex items-center gap-2">
                <div className="h-3 rounded-sm bg-sky-700 dark:bg-sky-400" style={{ width: `${(b.count / maxCold) * 100}%`, minWidth: b.count ? '2px' : 0 }} aria-hidden="true" />
                <span className="tabular-nums">{b.count}</span>
              </div>,
            ],
          }))}
        />
      )}
    </Card>
  );
}
