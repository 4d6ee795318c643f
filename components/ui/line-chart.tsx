// A small line chart in SVG, for live metrics and for costs by day: a title, axes with ticks and labels, one line
// per series (a marker on its last point), a legend, and a text summary as the image's accessible name. Colours
// come from theme classes, so it reads in light and dark. Pure: no state, usable from server and client components.

import { defaultSummary, niceStep, type ChartSeries, type ChartTone } from '@/lib/charts';

export type { ChartPoint, ChartSeries, ChartTone } from '@/lib/charts';

type Props = {
  title: string;
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  /** Defaults to the points' extent. */
  xDomain?: [number, number];
  /** Defaults to 0 … a rounded-up maximum of the points. */
  yDomain?: [number, number];
  /** The accessible text; defaults to each series' last value and range. */
  summary?: string;
  xTicks?: number;
  yTicks?: number;
  /** The values are counts: ticks at whole numbers only. */
  wholeY?: boolean;
  testId?: string;
  /**
   * The drawing's width in SVG units. The SVG scales to its box, text included: a chart shown full width needs a
   * wider drawing, or its 11-unit labels grow to twice a body font.
   */
  width?: number;
};

const W_DEFAULT = 560;
const H = 200;
const M = { top: 10, right: 14, bottom: 40, left: 62 };

const STROKE: Record<ChartTone, string> = {
  primary: 'stroke-sky-700 dark:stroke-sky-400',
  secondary: 'stroke-emerald-700 dark:stroke-emerald-400',
  danger: 'stroke-red-700 dark:stroke-red-400',
  limit: 'stroke-zinc-500 dark:stroke-zinc-400',
};
const FILL: Record<ChartTone, string> = {
  primary: 'fill-sky-700 dark:fill-sky-400',
  secondary: 'fill-emerald-700 dark:fill-emerald-400',
  danger: 'fill-red-700 dark:fill-red-400',
  limit: 'fill-zinc-500 dark:fill-zinc-400',
};
const DASH: Partial<Record<ChartTone, string>> = { limit: '6 4' };

export function LineChart({ title, series, xLabel, yLabel, formatX, formatY, xDomain, yDomain, summary, xTicks = 5, yTicks = 4, wholeY = false, testId, width: W = W_DEFAULT }: Props) {
  const all = series.flatMap((s) => s.points);
  const [x0, x1] = xDomain ?? [Math.min(...all.map((p) => p.x), 0), Math.max(...all.map((p) => p.x), 1)];
  const yMaxData = Math.max(0, ...all.map((p) => p.y));
  const step = niceStep(yDomain ? yDomain[1] - yDomain[0] : yMaxData || 1, yTicks, wholeY);
  const [y0, y1] = yDomain ?? [0, Math.max(step, Math.ceil(yMaxData / step) * step)];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + (x1 === x0 ? pw : ((x - x0) / (x1 - x0)) * pw);
  const sy = (y: number) => M.top + ph - (y1 === y0 ? 0 : ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0)) * ph);
  const yTickValues: number[] = [];
  for (let v = y0; v <= y1 + step / 1000; v += step) yTickValues.push(v);
  const xTickValues = Array.from({ length: xTicks }, (_, i) => x0 + ((x1 - x0) * i) / Math.max(1, xTicks - 1));
  return (
    <figure className="space-y-1" data-testid={testId}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary ?? defaultSummary(title, series, formatY)} className="h-auto w-full">
        <g className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth={1}>
          {yTickValues.map((v) => (
            <line key={v} x1={M.left} x2={W - M.right} y1={sy(v)} y2={sy(v)} />
          ))}
        </g>
        <g className="fill-zinc-600 text-[11px] dark:fill-zinc-400">
          {yTickValues.map((v) => (
            <text key={v} x={M.left - 6} y={sy(v)} textAnchor="end" dominantBaseline="middle">
              {formatY(v)}
            </text>
          ))}
          {xTickValues.map((v, i) => (
            <text key={i} x={sx(v)} y={H - M.bottom + 16} textAnchor={i === 0 ? 'start' : i === xTicks - 1 ? 'end' : 'middle'}>
              {formatX(v)}
            </text>
          ))}
          <text x={M.left + pw / 2} y={H - 4} textAnchor="middle">
            {xLabel}
          </text>
          <text transform={`translate(12 ${M.top + ph / 2}) rotate(-90)`} textAnchor="middle">
            {yLabel}
          </text>
        </g>
        <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + ph} className="stroke-zinc-400 dark:stroke-zinc-500" />
        <line x1={M.left} x2={W - M.right} y1={M.top + ph} y2={M.top + ph} className="stroke-zinc-400 dark:stroke-zinc-500" />
        {series.map((s) => {
          const tone = s.tone ?? 'primary';
          const pts = s.points.filter((p) => p.x >= x0 && p.x <= x1);
          const last = pts[pts.length - 1];
          return (
            <g key={s.name}>
              {pts.length > 1 ? (
                <polyline
                  points={pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}
                  fill="none"
                  strokeWidth={2}
                  strokeLinejoin="round"
                  strokeDasharray={DASH[tone]}
                  className={STROKE[tone]}
                />
              ) : null}
              {last && tone !== 'limit' ? <circle cx={sx(last.x)} cy={sy(last.y)} r={3} className={FILL[tone]} /> : null}
            </g>
          );
        })}
      </svg>
      {series.length > 1 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1.5">
              <svg width="18" height="6" aria-hidden="true" data-tone={s.tone ?? 'primary'}>
                <line x1="0" x2="18" y1="3" y2="3" strokeWidth={2} strokeDasharray={DASH[s.tone ?? 'primary']} className={STROKE[s.tone ?? 'primary']} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
