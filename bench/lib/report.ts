// The results of a run: one row per benchmark, printed as a table and saved as JSON.
import type { Benchmark, Goal, Measurement } from './types';
import { summarize, round, type Summary } from './stats';
import type { Figure } from './history';

export type Result = {
  name: string;
  description: string;
  goal: Goal;
  /** pass / fail against the goal; error when the benchmark could not finish. */
  outcome: 'pass' | 'fail' | 'error';
  error?: string;
  unit: 'ms';
  summary?: Summary;
  baseline?: Summary;
  /** median / baseline median. */
  ratio?: number;
  /** p90 / baseline p90. */
  ratioP90?: number;
  /** Figures kept in the bench history besides the p50/p90 (e.g. a throughput), from the measurement. */
  figures?: Record<string, Figure>;
  samples?: number[];
  baselineSamples?: number[];
  notes?: string[];
  extra?: Record<string, unknown>;
  durationS: number;
};

export function goalText(g: Goal): string {
  return g.kind === 'ratio' ? `ratio ≤ ${g.max.toFixed(2)}` : `≤ ${fmtMs(g.maxMs)}`;
}

export function evaluate(b: Benchmark, m: Measurement, durationS: number): Result {
  const base: Result = { name: b.name, description: b.description, goal: b.goal, outcome: 'error', unit: 'ms', durationS };
  if (!m.samples.length) return { ...base, error: 'no samples' };
  const summary = summarize(m.samples);
  const baseline = m.baseline?.length ? summarize(m.baseline) : undefined;
  const ratio = baseline ? summary.median / baseline.median : undefined;
  let outcome: Result['outcome'];
  if (b.goal.kind === 'ratio') {
    if (ratio === undefined) return { ...base, summary, error: 'a ratio goal needs a baseline' };
    outcome = ratio <= b.goal.max ? 'pass' : 'fail';
  } else {
    outcome = summary.median <= b.goal.maxMs ? 'pass' : 'fail';
  }
  return {
    ...base,
    outcome,
    summary,
    baseline,
    ratio,
    ratioP90: baseline ? summary.p90 / baseline.p90 : undefined,
    figures: m.figures,
    samples: m.samples.map(round),
    baselineSamples: m.baseline?.map(round),
    notes: m.notes,
    extra: m.extra,
  };
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function spread(s: Summary): string {
  return `${fmtMs(s.p10).replace(' ms', '')}–${fmtMs(s.p90)}`;
}

export function table(results: Result[]): string {
  const head = ['benchmark', 'n', 'median', 'p10–p90', 'baseline median', 'baseline p10–p90', 'ratio', 'ratio p90', 'goal', 'result'];
  const rows = results.map((r) => [
    r.name,
    r.summary ? String(r.summary.n) : '—',
    r.summary ? fmtMs(r.summary.median) : '—',
    r.summary ? spread(r.summary) : '—',
    r.baseline ? fmtMs(r.baseline.median) : '—',
    r.baseline ? spread(r.baseline) : '—',
    r.ratio !== undefined ? r.ratio.toFixed(3) : '—',
    r.ratioP90 !== undefined ? r.ratioP90.toFixed(3) : '—',
    goalText(r.goal),
    r.outcome === 'error' ? 'ERROR' : r.outcome === 'pass' ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  for (const r of results) {
    if (r.error) out.push('', `${r.name}: ERROR: ${r.error}`);
    for (const n of r.notes ?? []) out.push('', `${r.name}: ${n}`);
  }
  return out.join('\n');
}
