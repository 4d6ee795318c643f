'use client';
// "What would this cost": several instances and functions together, priced in the browser by the same pure
// estimator the bill uses, under the billing price list or side by side under every list the admins loaded, and
// with every instance priced as a container or as a VM to compare kinds.
import { useId, useState } from 'react';
import { estimate, type Catalog, type Estimate, type WorkloadItem } from '@/lib/billing/estimate';
import { ZWorkload } from '@/lib/billing/workload';
import { formatMoney } from '@/lib/billing/units';
import { PriceSummary } from './price-summary';
import { inputClass } from '@/components/ui/field';

export type FlavorOption = { provider: string; name: string; vcpus: number; memoryGib: number; diskGib: number };
type Row =
  | { key: number; type: 'instance'; kindProvider: string; flavor: string; vcpus: string; memoryGib: string; diskGib: string; count: string; hours: string }
  | { key: number; type: 'function'; requests: string; durationMs: string; memoryMb: string };

export type KindOption = { provider: string; label: string };

function toItem(r: Row, functionsProvider: string): WorkloadItem {
  if (r.type === 'function') return { type: 'function', provider: functionsProvider, requests: Number(r.requests), durationMs: Number(r.durationMs), memoryMb: Number(r.memoryMb) };
  return {
    type: 'instance',
    provider: r.kindProvider,
    flavor: { name: r.flavor || 'custom', vcpus: Number(r.vcpus), memoryGib: Number(r.memoryGib) },
    diskGib: Number(r.diskGib) || undefined,
    count: Number(r.count),
    hours: Number(r.hours),
  };
}

type Props = { catalogs: Catalog[]; flavors: FlavorOption[]; kinds: KindOption[]; functionsProvider: string | null };

export function Calculator({ catalogs, flavors, kinds, functionsProvider }: Props) {
  const PROVIDERS = Object.fromEntries(kinds.map((k) => [k.provider, k.label]));
  const flavorsOf = (provider: string) => flavors.filter((f) => f.provider === provider);
  /** A kind's first flavor and its size (a custom size when the kind has none). */
  const sizeOf = (f: FlavorOption | undefined) =>
    f ? { flavor: f.name, vcpus: String(f.vcpus), memoryGib: String(f.memoryGib), diskGib: String(f.diskGib) } : { flavor: 'custom' };
  const [rows, setRows] = useState<Row[]>([
    { key: 1, type: 'instance', kindProvider: kinds[0].provider, vcpus: '1', memoryGib: '1', diskGib: '0', ...sizeOf(flavorsOf(kinds[0].provider)[0]), count: '1', hours: String(catalogs[0]?.hoursPerMonth ?? 730) },
  ]);
  const [compare, setCompare] = useState(false);
  const [nextKey, setNextKey] = useState(2);
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? ({ ...r, ...patch } as Row) : r)));
  const add = (type: Row['type']) => {
    setRows((rs) => [
      ...rs,
      type === 'function'
        ? { key: nextKey, type, requests: '1000000', durationMs: '100', memoryMb: '128' }
        : { key: nextKey, type, kindProvider: kinds[0].provider, flavor: 'custom', vcpus: '1', memoryGib: '1', diskGib: '0', count: '1', hours: String(catalogs[0]?.hoursPerMonth ?? 730) },
    ]);
    setNextKey((k) => k + 1);
  };

  const parsed = ZWorkload.safeParse({ items: rows.map((r) => toItem(r, functionsProvider ?? '')) });
  const errors = new Map<string, string>();
  if (!parsed.success) for (const i of parsed.error.issues) errors.set(i.path.slice(1).join('.'), i.message);
  const shown = compare ? catalogs : catalogs.slice(0, 1);
  const results: Estimate[] = parsed.success ? shown.map((c) => estimate(parsed.data, c)) : [];
  const asKind = (provider: string) =>
    parsed.success ? estimate({ items: parsed.data.items.map((it) => (it.type === 'instance' ? { ...it, provider } : it)) }, catalogs[0]) : null;

  return (
    <div className="space-y-6">
      <ol className="space-y-4">
        {rows.map((r, i) => (
          <li key={r.key} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <fieldset className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
              <legend className="mb-2 text-sm font-medium">
                Item {i + 1}: {r.type === 'function' ? 'function' : PROVIDERS[r.kindProvider]}
              </legend>
              {r.type === 'instance' ? (
                <>
                  <Num label="Kind" err={undefined}>
                    {(id) => (
                      <select
                        id={id}
                        className={inputClass}
                        value={r.kindProvider}
                        onChange={(e) => {
                          // A flavor belongs to its kind: another kind keeps a custom size, else takes its first flavor.
                          const provider = e.target.value;
                          update(r.key, r.flavor === 'custom' ? { kindProvider: provider } : { kindProvider: provider, ...sizeOf(flavorsOf(provider)[0]) });
                        }}
                      >
                        {Object.entries(PROVIDERS).map(([p, label]) => (
                          <option key={p} value={p}>
                            {label}
                          </option>
                        ))}
                      </select>
                    )}
                  </Num>
                  <Num label="Flavor" err={undefined} className="sm:col-span-2">
                    {(id) => (
                      <select
                        id={id}
                        className={inputClass}
                        value={r.flavor}
                        onChange={(e) => {
                          update(r.key, sizeOf(flavorsOf(r.kindProvider).find((x) => x.name === e.target.value)));
                        }}
                      >
                        <option value="custom">Custom size</option>
                        {flavorsOf(r.kindProvider).map((f) => (
                          <option key={`${f.provider}/${f.name}`} value={f.name}>
                            {f.name} ({f.vcpus} vCPU, {f.memoryGib} GiB)
                          </option>
                        ))}
                      </select>
                    )}
                  </Num>
                  <Field label="vCPUs" value={r.vcpus} err={errors.get(`${i}.flavor.vcpus`)} onChange={(v) => update(r.key, { vcpus: v, flavor: 'custom' })} />
                  <Field label="Memory (GiB)" value={r.memoryGib} err={errors.get(`${i}.flavor.memoryGib`)} onChange={(v) => update(r.key, { memoryGib: v, flavor: 'custom' })} />
                  <Field label="Disk (GiB)" value={r.diskGib} err={errors.get(`${i}.diskGib`)} onChange={(v) => update(r.key, { diskGib: v })} />
                  <Field label="How many" value={r.count} err={errors.get(`${i}.count`)} onChange={(v) => update(r.key, { count: v })} />
                  <Field label="Hours a month" value={r.hours} err={errors.get(`${i}.hours`)} onChange={(v) => update(r.key, { hours: v })} />
                </>
              ) : (
                <>
                  <Field label="Requests a month" value={r.requests} err={errors.get(`${i}.requests`)} onChange={(v) => update(r.key, { requests: v })} />
                  <Field label="Duration (ms)" value={r.durationMs} err={errors.get(`${i}.durationMs`)} onChange={(v) => update(r.key, { durationMs: v })} />
                  <Field label="Memory (MB)" value={r.memoryMb} err={errors.get(`${i}.memoryMb`)} onChange={(v) => update(r.key, { memoryMb: v })} />
                </>
              )}
              <div className="flex items-end">
                <button type="button" className="text-sm text-red-700 underline dark:text-red-400" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  Remove item {i + 1}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => add('instance')} className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
          Add an instance
        </button>
        {functionsProvider ? (
          <button type="button" onClick={() => add('function')} className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
            Add a function
          </button>
        ) : null}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} className="h-4 w-4" />
          Compare every price list ({catalogs.length})
        </label>
      </div>
      {!parsed.success ? <p className="text-sm text-red-700 dark:text-red-400">Some items need attention before they can be priced.</p> : null}
      <div className={`grid gap-4 ${compare ? 'lg:grid-cols-2' : ''}`}>
        {results.map((e) => (
          <div key={e.catalog} className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
            <PriceSummary estimate={e} title={`Under “${e.catalog}”`} />
          </div>
        ))}
      </div>
      {parsed.success && parsed.data.items.some((it) => it.type === 'instance') ? (
        <section aria-label="Across kinds" className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
          <h3 className="font-medium">The same instances as another kind</h3>
          <ul className="mt-2 space-y-1">
            {Object.entries(PROVIDERS).map(([p, label]) => {
              const e = asKind(p);
              return e ? (
                <li key={p}>
                  Every instance as a {label.toLowerCase()}: <strong>{formatMoney(e.monthlyMinor, e.currency, e.minorUnits)}</strong> a month
                </li>
              ) : null;
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function Num({ label, err, children, className = '' }: { label: string; err: string | undefined; children: (id: string) => React.ReactNode; className?: string }) {
  const id = useId();
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-xs font-medium">
        {label}
      </label>
      {children(id)}
      {err ? (
        <p className="text-xs text-red-700 dark:text-red-400" id={`${id}-err`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

function Field({ label, value, err, onChange }: { label: string; value: string; err: string | undefined; onChange: (v: string) => void }) {
  return (
    <Num label={label} err={err}>
      {(id) => (
        <input
          id={id}
          inputMode="decimal"
          className={inputClass}
          value={value}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-err` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Num>
  );
}
