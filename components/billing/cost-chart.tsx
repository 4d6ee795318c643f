// Cost by day as stacked bars, one colour per kind, drawn as SVG on the server. The picture has a text summary for
// screen readers, and the same figures are in a table right after it (visually hidden).
import type { DayAmount } from '@/lib/billing/bill';
import { formatMoney } from '@/lib/billing/units';
import { kindLabel } from '@/lib/instances/kinds';
import { StaticTable } from '@/components/ui/table';

const KIND_COLOURS: Record<string, string> = { container: 'fill-sky-500', vm: 'fill-violet-500', function: 'fill-amber-500', volume: 'fill-emerald-500', registry: 'fill-rose-500' };

export function CostChart({ days, month, currency, minorUnits }: { days: DayAmount[]; month: string; currency: string; minorUnits: number }) {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const kinds = [...new Set(days.map((d) => d.kind))].sort();
  const perDay = Array.from({ length: count }, (_, i) => {
    const day = `${month}-${String(i + 1).padStart(2, '0')}`;
    return { day, parts: kinds.map((k) => ({ kind: k, minor: days.find((d) => d.day === day && d.kind === k)?.amountMinor ?? 0 })) };
  });
  const max = Math.max(1, ...perDay.map((d) => d.parts.reduce((s, p) => s + p.minor, 0)));
  const money = (minor: number) => formatMoney(minor, currency, minorUnits);
  // Drawn wide: the SVG scales to the card (full width on the billing page), labels with it.
  const W = 1000;
  const H = 180;
  const bar = W / count;
  const top = perDay.reduce((best, d) => (d.parts.reduce((s, p) => s + p.minor, 0) > best.total ? { day: d.day, total: d.parts.reduce((s, p) => s + p.minor, 0) } : best), { day: '', total: 0 });
  const summary = days.length
    ? `Cost by day in ${month}; the highest day is ${top.day} at ${money(top.total)}.`
    : `No cost recorded in ${month} yet.`;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H + 20}`} className="h-auto w-full" role="img" aria-label={summary}>
        <line x1="0" x2={W} y1={H} y2={H} className="stroke-zinc-300 dark:stroke-zinc-700" />
        {perDay.map((d, i) => {
          let yTop = H;
          return (
            <g key={d.day}>
              {d.parts.map((p) => {
                const h = (p.minor / max) * (H - 10);
                yTop -= h;
                return h > 0 ? <rect key={p.kind} x={i * bar + 1} y={yTop} width={Math.max(1, bar - 2)} height={h} className={KIND_COLOURS[p.kind] ?? 'fill-zinc-500'} /> : null;
              })}
              {(i + 1) % 5 === 1 ? (
                <text x={i * bar + bar / 2} y={H + 14} textAnchor="middle" className="fill-zinc-600 text-[12px] dark:fill-zinc-400">
                  {i + 1}
                </text>
              ) : null}
            </g>
          );
        })}
        {top.total > 0 ? (
          <text x={W} y="10" textAnchor="end" className="fill-zinc-600 text-[12px] dark:fill-zinc-400">
            highest day {money(top.total)}
          </text>
        ) : null}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        {kinds.map((k) => (
          <span key={k} className="flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={KIND_COLOURS[k] ?? 'fill-zinc-500'} />
            </svg>
            {kindLabel(k, true)}
          </span>
        ))}
        <span>Each day is rounded on its own, before free allowances.</span>
      </figcaption>
      <StaticTable
        caption="Cost by day and kind"
        visuallyHidden
        columns={[{ key: 'day', header: 'Day' }, ...kinds.map((k) => ({ key: k, header: kindLabel(k, true), align: 'right' as const }))]}
        rows={perDay.filter((d) => d.parts.some((p) => p.minor)).map((d) => ({ id: d.day, cells: [d.day, ...d.parts.map((p) => money(p.minor))] }))}
      />
    </figure>
  );
}
