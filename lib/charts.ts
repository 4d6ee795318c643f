// Pure helpers of components/ui/line-chart.tsx: tick steps people read easily and the text that describes a chart.

export type ChartPoint = { x: number; y: number };
/** danger: errors and failures (red), never the colour of a healthy series. */
export type ChartTone = 'primary' | 'secondary' | 'danger' | 'limit';
export type ChartSeries = { name: string; points: ChartPoint[]; tone?: ChartTone };

/**
 * 1, 2 or 5 times a power of ten: the step of ticks people read easily. Whole numbers only for counts (a tick at
 * 0.5 requests would be labelled with a rounded, repeated number).
 */
export function niceStep(span: number, ticks: number, whole = false): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, ticks);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
  return whole ? Math.max(1, step) : step;
}

export function defaultSummary(title: string, series: ChartSeries[], formatY: (y: number) => string): string {
  const parts = series.map((s) => {
    if (s.points.length === 0) return `${s.name}: no data yet`;
    const ys = s.points.map((p) => p.y);
    const last = ys[ys.length - 1]!;
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    return lo === hi ? `${s.name}: ${formatY(last)}` : `${s.name}: now ${formatY(last)}, between ${formatY(lo)} and ${formatY(hi)}`;
  });
  return `${title}. ${parts.join('; ')}.`;
}
