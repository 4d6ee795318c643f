// The contract between the harness (bench/run.ts) and one benchmark (bench/benchmarks/<name>.ts).
import type { BenchConsole } from './console';
import type { Figure } from './history';

/** What "good enough" means for a benchmark. */
export type Goal =
  /** median(samples) / median(baseline) must not exceed `max` (the baseline is the raw engine, measured in the same run). */
  | { kind: 'ratio'; max: number }
  /** median(samples) must not exceed `maxMs`. */
  | { kind: 'time'; maxMs: number };

export type BenchContext = {
  /** Measured iterations asked for (after warm-up). */
  iterations: number;
  /** Warm-up iterations to run first and leave out of the results. */
  warmup: number;
  /** Aborted when the run is interrupted: stop at the next safe point. */
  signal: AbortSignal;
  log(message: string): void;
  /**
   * A throw-away console (own data directory, port and console id) with a signed-in user and their organisation,
   * started on first use and shared by the benchmarks of this run; stopped and cleaned up when the run ends.
   */
  console(): Promise<BenchConsole>;
  /** A fresh temporary directory, removed when the run ends. */
  tempDir(prefix: string): Promise<string>;
  /** Registers clean-up work; it runs when the run ends, also on Ctrl-C or SIGTERM (last registered first). */
  defer(name: string, fn: () => Promise<void> | void): void;
};

export type Measurement = {
  /** Durations in milliseconds of the measured path, one per iteration. */
  samples: number[];
  /** The raw-engine baseline of the same work, measured in the same run (required for a ratio goal). */
  baseline?: number[];
  /** What the numbers mean, how precise they are, anything a reader of the table should know. */
  notes?: string[];
  /** Extra figures worth keeping in the JSON (e.g. the latency of the API calls involved). */
  extra?: Record<string, unknown>;
  /** Figures to keep in the bench history and compare run to run, besides p50/p90 (bench/lib/history.ts). */
  figures?: Record<string, Figure>;
};

export type Benchmark = {
  /** Short dotted name; `overcast bench <filter>` matches it by substring. */
  name: string;
  description: string;
  goal: Goal;
  /** Default measured iterations (the --iterations option overrides it). */
  iterations?: number;
  /** Default warm-up iterations (the --warmup option overrides it). */
  warmup?: number;
  run(ctx: BenchContext): Promise<Measurement>;
};
