// Percentiles of recorded samples (nearest rank: every figure shown is one that was measured, never interpolated).

export type Summary = { n: number; p50: number; p90: number };

export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** p50 and p90 of the values (rounded to 0.1), or null when there are none. */
export function summarize(values: readonly number[]): Summary | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: sorted.length, p50: r(percentile(sorted, 0.5)), p90: r(percentile(sorted, 0.9)) };
}

/** "1.2 s", "350 ms": a duration as a person reads it. */
export function formatDuration(ms: number): string {
  if (ms >= 10_000) return `${Math.round(ms / 1000)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}
