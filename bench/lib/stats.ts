// Order statistics for the results table: quantiles by linear interpolation between order statistics.
export type Summary = { n: number; median: number; p10: number; p90: number; min: number; max: number; mean: number };

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p10: quantile(s, 0.1),
    p90: quantile(s, 0.9),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

/** Rounds to 0.1 ms for reports (performance.now() is finer, but nothing here is that precise). */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
