// Bench history: every run appends its figures, with the commit, to bench/results/history.jsonl (one JSON object a
// line; bench/results/ is git-ignored: the history belongs to the machine it was measured on), and
// `./overcast bench --compare` shows each figure of the latest run against the previous run that has it, flagging
// a change for the worse of more than 10 %.
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from './report';

/** A figure worse than the previous run's by more than this share is a regression. */
export const REGRESSION_SHARE = 0.1;

export type Figure = { value: number; unit: string; better: 'lower' | 'higher' };
export type HistoryEntry = {
  at: string;
  commit: string | null;
  dirty: boolean;
  /** The machine had other work when the run began (its figures are less reliable). */
  busy: boolean;
  loadavg: number[];
  figures: Record<string, Figure>;
};

export function historyFile(resultsDir: string): string {
  return path.join(resultsDir, 'history.jsonl');
}

/** The figures of a run's results: each benchmark's p50 and p90 (and its baseline's and their ratios), and the
 * extra figures a benchmark declares. */
export function figuresOf(results: Result[]): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const ms = (value: number): Figure => ({ value, unit: 'ms', better: 'lower' });
  const ratio = (value: number): Figure => ({ value, unit: '×', better: 'lower' });
  for (const r of results) {
    if (r.outcome === 'error' || !r.summary) continue;
    out[`${r.name} p50`] = ms(r.summary.median);
    out[`${r.name} p90`] = ms(r.summary.p90);
    if (r.baseline) {
      out[`${r.name} baseline p50`] = ms(r.baseline.median);
      out[`${r.name} baseline p90`] = ms(r.baseline.p90);
      out[`${r.name} ratio p50`] = ratio(r.summary.median / r.baseline.median);
      out[`${r.name} ratio p90`] = ratio(r.summary.p90 / r.baseline.p90);
    }
    for (const [k, f] of Object.entries(r.figures ?? {})) out[`${r.name} ${k}`] = f;
  }
  return out;
}

export function appendHistory(resultsDir: string, entry: HistoryEntry): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.appendFileSync(historyFile(resultsDir), JSON.stringify(entry) + '\n');
}

export function readHistory(resultsDir: string): HistoryEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(historyFile(resultsDir), 'utf8');
  } catch {
    return [];
  }
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as HistoryEntry);
    } catch {
      // a line cut short by a killed run: skip it
    }
  }
  return out;
}

export type Comparison = { name: string; previous: Figure & { commit: string | null; at: string }; current: Figure; change: number; regression: boolean };

/**
 * Each figure of `current` against the latest earlier entry that has it: the relative change (positive = worse)
 * and whether it is a regression (worse by more than REGRESSION_SHARE).
 */
export function compare(history: HistoryEntry[], current: HistoryEntry): Comparison[] {
  const idx = history.lastIndexOf(current);
  const earlier = (idx >= 0 ? history.slice(0, idx) : history).reverse();
  const out: Comparison[] = [];
  for (const [name, cur] of Object.entries(current.figures)) {
    const prevEntry = earlier.find((e) => e.figures[name]);
    if (!prevEntry) continue;
    const prev = prevEntry.figures[name]!;
    const raw = prev.value === 0 ? 0 : (cur.value - prev.value) / Math.abs(prev.value);
    const change = cur.better === 'lower' ? raw : -raw;
    out.push({ name, previous: { ...prev, commit: prevEntry.commit, at: prevEntry.at }, current: cur, change, regression: change > REGRESSION_SHARE });
  }
  return out;
}

function fmt(f: Figure): string {
  if (f.unit === '×') return `${f.value.toFixed(3)} ×`;
  if (f.unit === 'ms') return f.value < 10 ? `${f.value.toFixed(2)} ms` : `${f.value.toFixed(1)} ms`;
  return `${Math.round(f.value * 100) / 100} ${f.unit}`;
}

/** The comparison as a table: figure, previous, current, change (+ = worse) and a flag. */
export function comparisonTable(rows: Comparison[], current: HistoryEntry): string {
  if (!rows.length) return 'bench --compare: no earlier run has any of these figures yet.';
  const prevCommits = [...new Set(rows.map((r) => `${r.previous.commit?.slice(0, 10) ?? '?'} (${r.previous.at})`))];
  const head = ['figure', 'previous', 'now', 'change', ''];
  const body = rows.map((r) => [
    r.name,
    fmt(r.previous),
    fmt(r.current),
    `${r.change >= 0 ? '+' : '−'}${Math.abs(r.change * 100).toFixed(1)} %${r.change > 0 ? ' worse' : r.change < 0 ? ' better' : ''}`,
    r.regression ? 'REGRESSION' : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const regressions = rows.filter((r) => r.regression).length;
  return [
    `now: ${current.commit?.slice(0, 10) ?? '?'}${current.dirty ? ' (uncommitted changes)' : ''} at ${current.at}${current.busy ? ' — the machine was busy' : ''}`,
    `previous: ${prevCommits.join(', ')}`,
    '',
    line(head),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...body.map(line),
    '',
    regressions
      ? `${regressions} figure(s) worse by more than ${REGRESSION_SHARE * 100} % (REGRESSION). Other work on the machine moves these numbers: run again before believing one.`
      : `no figure is worse by more than ${REGRESSION_SHARE * 100} %.`,
  ].join('\n');
}
