'use client';
// Live CPU and memory of a running instance: follows its stats stream (Server-Sent Events, one sample a second),
// keeps the last five minutes, and shows them as two charts and as text.
import { formatTime } from '@/lib/format/date';
import { useState } from 'react';
import { Card } from '@/components/ui/card';
import { LineChart } from '@/components/ui/line-chart';
import { useEventStream, type StreamState } from '@/components/ui/use-event-stream';
import { isRunning, useInstance } from './instance-context';

type Sample = { at: number; cpuPercent: number; memoryBytes: number; memoryLimitBytes: number };
const WINDOW_MS = 5 * 60_000;
const MIB = 1024 * 1024;

/** Whole numbers as they are, small ones with one decimal, large ones rounded. */
function num(v: number): string {
  return Number.isInteger(v) || v >= 100 ? v.toFixed(0) : v.toFixed(1);
}
function mib(bytes: number): string {
  return `${num(bytes / MIB)} MiB`;
}
function percent(v: number): string {
  return `${num(v)} %`;
}
/** UTC, as every time in the console (lib/format/date.ts). */
function clock(ms: number): string {
  return formatTime(ms, 'en-GB');
}

function useSamples(url: string): { samples: Sample[]; state: StreamState } {
  const [samples, setSamples] = useState<Sample[]>([]);
  const state = useEventStream(url, (data) => {
    const s = JSON.parse(data) as Sample;
    setSamples((prev) => [...prev.filter((p) => p.at > s.at - WINDOW_MS && p.at < s.at), s]);
  });
  return { samples, state };
}

function Metrics({ url, cpuMillis, memoryMib }: { url: string; cpuMillis: number; memoryMib: number }) {
  const { samples, state } = useSamples(url);
  const last = samples[samples.length - 1];
  const end = last?.at ?? 0;
  const xDomain: [number, number] = [end - WINDOW_MS, end];
  const cpuLimit = cpuMillis / 10; // percent of one CPU
  const memLimit = last?.memoryLimitBytes ?? 0;
  // A VM's limit is its guest memory plus what QEMU itself takes on the host (its code, device emulation, the
  // translation cache): say so, or a 128 MiB VM's "240 MiB" limit reads as a mistake.
  const overheadMib = Math.round(memLimit / MIB - memoryMib);
  const cpuTop = Math.max(cpuLimit, ...samples.map((s) => s.cpuPercent));
  const span = (y: number) => [{ x: xDomain[0], y }, { x: xDomain[1], y }];
  return (
    <Card title="Metrics">
      <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400" role="status">
        {state === 'live' ? (last ? 'Live, last 5 minutes' : 'Waiting for the first sample…') : state === 'connecting' ? 'Connecting…' : 'Connection lost; reconnecting…'}
      </p>
      <dl className="mb-4 grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">CPU</dt>
        <dd data-testid="metrics-cpu">{last ? `${percent(last.cpuPercent)} of ${percent(cpuLimit)} (${cpuMillis / 1000} vCPU)` : '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Memory</dt>
        <dd data-testid="metrics-memory">
          {last ? `${mib(last.memoryBytes)} of ${mib(memLimit)}${memLimit ? ` (${percent((last.memoryBytes / memLimit) * 100)})` : ''}` : '—'}
        </dd>
      </dl>
      {last ? (
        <div className="space-y-4">
          <LineChart
            title="CPU"
            testId="chart-cpu"
            series={[
              { name: 'Used', points: samples.map((s) => ({ x: s.at, y: s.cpuPercent })) },
              { name: `Limit (${percent(cpuLimit)})`, tone: 'limit', points: span(cpuLimit) },
            ]}
            xDomain={xDomain}
            yDomain={[0, cpuTop]}
            xLabel="Time (UTC)"
            yLabel="% of one CPU"
            formatX={clock}
            formatY={percent}
          />
          <LineChart
            title="Memory"
            testId="chart-memory"
            series={[
              { name: 'Used', tone: 'secondary', points: samples.map((s) => ({ x: s.at, y: s.memoryBytes / MIB })) },
              { name: `Limit (${mib(memLimit)})`, tone: 'limit', points: span(memLimit / MIB) },
            ]}
            xDomain={xDomain}
            yDomain={[0, Math.max(memLimit, ...samples.map((s) => s.memoryBytes)) / MIB || 1]}
            xLabel="Time (UTC)"
            yLabel="MiB"
            formatX={clock}
            formatY={(v) => mib(v * MIB)}
          />
          {overheadMib > 0 ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="memory-limit-note">
              The limit is the {memoryMib} MiB of guest memory plus {overheadMib} MiB that QEMU itself uses on the host to run the VM (its own code, device
              emulation and translation cache); the used line is the whole QEMU process.
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

/** Shown while the instance runs; streams only then. */
export function InstanceMetrics({ url }: { url: string }) {
  const { data } = useInstance();
  return isRunning(data) ? <Metrics url={url} cpuMillis={data.flavor.cpuMillis} memoryMib={data.flavor.memoryMib} /> : null;
}
