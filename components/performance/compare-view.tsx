'use client';
// The calculator's Compare view: one workload priced and timed as an always-on VM, an always-on container and a
// function, side by side, with the break-even in words. Computed in the browser with the same pure code as
// POST /api/v1/performance/compare, from the billing price list and this platform's recorded measurements.
import { useState } from 'react';
import type { Catalog } from '@/lib/billing/estimate';
import { formatMoney } from '@/lib/billing/units';
import { compareWorkload, figuresFrom, ZCompareWorkload, type CompareFlavor, type FigureTables, type FunctionColumn, type InstanceColumn } from '@/lib/performance/compare';
import { formatDuration, type Summary } from '@/lib/performance/summary';
import { Field, controlProps } from '@/components/ui/field';

type Props = { catalog: Catalog; flavors: CompareFlavor[]; providers: { vm: string; container: string; function: string | null }; tables: FigureTables };

const FIELDS = [
  { name: 'vcpus', label: 'Processor cores (vCPU)', hint: 'In steps of 0.25.' },
  { name: 'memoryMib', label: 'Memory in MiB' },
  { name: 'requestsPerMonth', label: 'Monthly requests' },
  { name: 'meanDurationMs', label: 'Mean time per request (ms)' },
] as const;
type Name = (typeof FIELDS)[number]['name'];

export function CompareView({ catalog, flavors, providers, tables }: Props) {
  const [values, setValues] = useState<Record<Name, string>>({ vcpus: '1', memoryMib: '512', requestsPerMonth: '1000000', meanDurationMs: '100' });
  const parsed = ZCompareWorkload.safeParse(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? undefined : Number(v.replaceAll(',', ''))])));
  const errors: Partial<Record<Name, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[i.path[0] as Name] ??= i.message;
  const c = parsed.success ? compareWorkload({ workload: parsed.data, catalog, flavors, providers, figures: figuresFrom(tables) }) : null;
  const money = (m: number | null) => (m === null ? '—' : formatMoney(m, catalog.currency, catalog.minorUnits));

  return (
    <section aria-labelledby="compare-heading" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div>
        <h2 id="compare-heading" className="text-base font-semibold">
          Compare: VM, container or function
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          One workload — say an HTTP service — priced a month under “{catalog.name}” and timed with what this platform has measured: a VM boots
          its own kernel (seconds, more memory), a container shares the host’s (sub-second), a function costs nothing idle but pays a cold start.
        </p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {FIELDS.map((f) => (
          <Field key={f.name} label={f.label} name={`compare-${f.name}`} error={errors[f.name]} hint={'hint' in f ? f.hint : undefined}>
            <input
              {...controlProps(`compare-${f.name}`, 'hint' in f ? f.hint : undefined, errors[f.name])}
              inputMode="decimal"
              value={values[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          </Field>
        ))}
      </div>
      {c ? (
        <>
          <div className="grid gap-4 md:grid-cols-3" role="list" aria-label="The workload three ways">
            <InstanceCard title="As a VM" col={c.vm} money={money} />
            <InstanceCard title="As a container" col={c.container} money={money} />
            <FunctionCard col={c.function} money={money} />
          </div>
          <p className="text-sm" data-testid="break-even">
            <strong>Break-even: </strong>
            {c.breakEvenText}
          </p>
        </>
      ) : (
        <p className="text-sm text-red-700 dark:text-red-400">Some fields need attention before the workload can be compared.</p>
      )}
    </section>
  );
}

function Timing({ label, s, none }: { label: string; s: Summary | null; none: string }) {
  return (
    <div>
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd>
        {s ? (
          <>
            about {formatDuration(s.p50)} <span className="text-zinc-600 dark:text-zinc-400">(p90 {formatDuration(s.p90)}, {s.n} {s.n === 1 ? 'sample' : 'samples'})</span>
          </>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">{none}</span>
        )}
      </dd>
    </div>
  );
}

function Column({ title, available, reason, price, children }: { title: string; available: boolean; reason: string | null; price: string; children: React.ReactNode }) {
  return (
    <article role="listitem" aria-label={title} className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
      <h3 className="font-medium">{title}</h3>
      {available ? (
        <>
          <p className="mt-2 text-2xl font-semibold" data-testid="monthly">
            {price}
            <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400"> a month</span>
          </p>
          <dl className="mt-3 space-y-2">{children}</dl>
        </>
      ) : (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{reason}</p>
      )}
    </article>
  );
}

const NO_SAMPLES = 'not measured on this platform yet';

function InstanceCard({ title, col, money }: { title: string; col: InstanceColumn; money: (m: number | null) => string }) {
  const f = col.flavor;
  return (
    <Column title={title} available={col.available} reason={col.reason} price={money(col.monthlyMinor)}>
      <div>
        <dt className="text-zinc-600 dark:text-zinc-400">Size</dt>
        <dd>{f ? `${f.name}: ${f.vcpus} vCPU, ${f.memoryMib} MiB${f.diskGib ? `, ${f.diskGib} GiB disk` : ''}, always on` : '—'}</dd>
      </div>
      <Timing label={col.kind === 'vm' ? 'Create → ready (guest booted)' : 'Create → running'} s={col.readyMs} none={NO_SAMPLES} />
      <div>
        <dt className="text-zinc-600 dark:text-zinc-400">{col.kind === 'vm' ? 'Host memory (QEMU)' : 'Memory in use'}</dt>
        <dd>
          {col.memoryMib
            ? `about ${Math.round(col.memoryMib.p50)} MiB for ${col.memoryMib.nominalMib} MiB ${col.kind === 'vm' ? 'of guest memory' : 'allowed'}`
            : <span className="text-zinc-600 dark:text-zinc-400">{NO_SAMPLES}</span>}
        </dd>
      </div>
    </Column>
  );
}

function FunctionCard({ col, money }: { col: FunctionColumn; money: (m: number | null) => string }) {
  return (
    <Column title="As a function" available={col.available} reason={col.reason} price={money(col.monthlyMinor)}>
      <div>
        <dt className="text-zinc-600 dark:text-zinc-400">Size</dt>
        <dd>{col.memoryMib} MiB, billed per request and GB-second; nothing when idle</dd>
      </div>
      <Timing label="Cold start" s={col.coldStartMs} none={NO_SAMPLES} />
      <Timing label="Platform time on a warm call" s={col.warmOverheadMs} none={NO_SAMPLES} />
    </Column>
  );
}
