// `./overcast bench [filter…] [--iterations N] [--warmup N] [--list]`: runs the benchmarks of bench/benchmarks/
// (those whose name contains a filter, or all), prints a table and writes it as JSON to bench/results/. Whatever
// the run makes (a throw-away console, containers, networks, temporary directories) is removed when it ends,
// also on Ctrl-C, SIGTERM or SIGHUP; a run killed outright is cleaned up by the next one.
// Exit status: 0 every goal met, 1 a goal missed, 2 a benchmark failed to run, 130 interrupted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadBenchmarks, selectBenchmarks } from './lib/registry';
import { evaluate, goalText, table, type Result } from './lib/report';
import { startConsole, writeState, type BenchConsole, type RunState } from './lib/console';
import { benchDocker, cleanUpRun, RUN_DIR_PREFIX, sweepStaleRuns } from './lib/cleanup';
import type { BenchContext } from './lib/types';
import { appendHistory, compare, comparisonTable, figuresOf, readHistory } from './lib/history';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

const HELP = `usage: ./overcast bench [filter…] [options]

Runs every benchmark (or those whose name contains one of the filters) against the real engines and a throw-away
console, prints a table and writes it to bench/results/latest.json (and a timestamped copy).

options:
  -n, --iterations N   measured iterations per benchmark (default: each benchmark's own)
      --warmup N       warm-up iterations left out of the results (default: each benchmark's own)
      --list           list the benchmarks and their goals, run nothing
      --compare        compare the latest run with the one before (every figure; a figure worse by more than
                       10 % is flagged REGRESSION and the exit status is 1), run nothing. Each run appends its
                       figures with the commit to bench/results/history.jsonl and prints this comparison too.
  -h, --help           this text`;

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function positiveInt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    log(`--${name} must be a whole number ≥ ${min}`);
    process.exit(2);
  }
  return n;
}

const { values: opts, positionals: filters } = parseArgs({
  allowPositionals: true,
  options: {
    iterations: { type: 'string', short: 'n' },
    warmup: { type: 'string' },
    list: { type: 'boolean' },
    compare: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
const iterations = positiveInt('iterations', opts.iterations, 1);
const warmup = positiveInt('warmup', opts.warmup, 0);

if (opts.compare) {
  const history = readHistory(RESULTS_DIR);
  const last = history.at(-1);
  if (!last) {
    log(`no runs recorded yet (${path.relative(process.cwd(), path.join(RESULTS_DIR, 'history.jsonl'))})`);
    process.exit(2);
  }
  const rows = compare(history, last);
  console.log(comparisonTable(rows, last));
  process.exit(rows.some((r) => r.regression) ? 1 : 0);
}

const all = await loadBenchmarks();
const selected = selectBenchmarks(all, filters);
if (opts.list) {
  for (const b of all) console.log(`${b.name.padEnd(32)} ${goalText(b.goal).padEnd(14)} ${b.description}`);
  process.exit(0);
}
if (!selected.length) {
  log(`no benchmark matches ${filters.join(', ')}; there are: ${all.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------- clean-up

const abort = new AbortController();
const deferred: { name: string; fn: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | null = null;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const d of deferred.reverse()) {
      try {
        await d.fn();
      } catch (err) {
        log(`clean-up "${d.name}" failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (interrupted) {
      log('still cleaning up; please wait');
      return;
    }
    interrupted = true;
    log(`${sig}: stopping and cleaning up`);
    abort.abort();
    // A benchmark normally stops at its next check of the signal; if it does not, clean up anyway.
    setTimeout(() => void cleanUp().then(() => process.exit(130)), 15_000).unref();
  });
}

// ---------------------------------------------------------------------------------------------- the run

await sweepStaleRuns(log);
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-`));
const state: RunState = {
  pid: process.pid,
  consoleId: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
  tenantIds: [],
};
writeState(runDir, state);
deferred.push({ name: 'run', fn: () => cleanUpRun(runDir, state, log) });
// The console's log outlives the run directory: it is where to look when a benchmark fails.
deferred.push({
  name: 'keep the console log',
  fn: () => {
    const file = path.join(runDir, 'console.log');
    if (!fs.existsSync(file)) return;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(RESULTS_DIR, 'latest-console.log'));
  },
});

let consolePromise: Promise<BenchConsole> | null = null;
const baseContext: Omit<BenchContext, 'iterations' | 'warmup'> = {
  signal: abort.signal,
  log,
  console: () => (consolePromise ??= startConsole(runDir, state, log)),
  tempDir: async (prefix) => fs.mkdtempSync(path.join(runDir, `${prefix}-`)),
  defer: (name, fn) => deferred.push({ name, fn }),
};

function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const startedAt = new Date();
const loadBefore = os.loadavg();
const results: Result[] = [];
try {
  for (const b of selected) {
    if (abort.signal.aborted) break;
    const ctx: BenchContext = { ...baseContext, iterations: iterations ?? b.iterations ?? 10, warmup: warmup ?? b.warmup ?? 1 };
    log(`${b.name}: ${ctx.warmup} warm-up + ${ctx.iterations} measured iteration(s)`);
    const t0 = performance.now();
    try {
      const m = await b.run(ctx);
      results.push(evaluate(b, m, (performance.now() - t0) / 1000));
    } catch (err) {
      if (abort.signal.aborted) break;
      log(`${b.name} failed: ${(err as Error).stack ?? err}`);
      results.push({ name: b.name, description: b.description, goal: b.goal, outcome: 'error', error: (err as Error).message, unit: 'ms', durationS: (performance.now() - t0) / 1000 });
    }
  }
} finally {
  await cleanUp();
}
if (interrupted) {
  log('interrupted: no results written');
  process.exit(130);
}

console.log(`\n${table(results)}\n`);
// Benchmarks share the CPUs with everything else on the machine: say so when other work was running when this
// run began (the load during the run includes the run's own console and engine).
const cpus = os.cpus().length;
const busy = loadBefore[0]! > cpus / 2;
console.log(
  `${busy ? 'warning: the machine was busy: ' : ''}1-minute load average ${loadBefore[0]!.toFixed(1)} before the run, ` +
    `${os.loadavg()[0]!.toFixed(1)} after, on ${cpus} CPUs${busy ? '; these numbers are unreliable, run again on a quiet machine' : ''}.\n`,
);

let dockerVersion: string | null = null;
try {
  dockerVersion = (await benchDocker().version()).Version;
} catch {
  // reported as null
}
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  commit: git('rev-parse', 'HEAD'),
  dirty: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '',
  filters,
  options: { iterations: iterations ?? null, warmup: warmup ?? null },
  host: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? null,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    docker: dockerVersion,
    loadavgBefore: loadBefore,
    loadavgAfter: os.loadavg(),
    busy,
  },
  results,
};
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
fs.writeFileSync(path.join(RESULTS_DIR, `${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
log(`results: ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))} (and ${stamp}.json)`);

// The history: this run's figures with the commit, and how they compare with the previous run's.
const entry = { at: report.startedAt, commit: report.commit, dirty: report.dirty, busy, loadavg: [loadBefore[0]!, os.loadavg()[0]!], figures: figuresOf(results) };
appendHistory(RESULTS_DIR, entry);
const history = readHistory(RESULTS_DIR);
console.log(`\n${comparisonTable(compare(history, history.at(-1) ?? entry), entry)}\n`);

process.exit(results.some((r) => r.outcome === 'error') ? 2 : results.some((r) => r.outcome === 'fail') ? 1 : 0);
