// "Ready in about … on this platform": the measured create → ready of the kind (of the chosen flavor when it has
// samples of its own), or a plain statement that nothing has been measured yet.
import { formatDuration, type Summary } from '@/lib/performance/summary';

export type ReadyFigures = { all: Summary | null; byFlavor: Record<string, Summary> };
export type FunctionStartFigures = { cold: ReadyFigures; warm: ReadyFigures };

export function ReadyHint({ figures, flavorId, flavorName, vm }: { figures: ReadyFigures; flavorId: string; flavorName?: string; vm: boolean }) {
  const own = figures.byFlavor[flavorId];
  const s = own ?? figures.all;
  const what = vm ? 'a VM (until its guest reports ready)' : 'a container';
  return (
    <p className="text-sm" data-testid="ready-in">
      {s ? (
        <>
          Ready in about <strong>{formatDuration(s.p50)}</strong> on this platform{' '}
          <span className="text-zinc-600 dark:text-zinc-400">
            (p90 {formatDuration(s.p90)}; {s.n} {s.n === 1 ? 'create' : 'creates'} of {own && flavorName ? `${flavorName}` : what} measured)
          </span>
        </>
      ) : (
        <span className="text-zinc-600 dark:text-zinc-400">No time to ready measured yet for {what} on this platform.</span>
      )}
    </p>
  );
}

/**
 * A function's side of the same question: the measured cold start (the first request after idle pays it) and what
 * a warm request adds, for the chosen memory size when it has samples of its own.
 */
export function ColdStartHint({ figures, memoryMib }: { figures: FunctionStartFigures; memoryMib: number }) {
  const own = figures.cold.byFlavor[String(memoryMib)];
  const cold = own ?? figures.cold.all;
  const warm = figures.warm.byFlavor[String(memoryMib)] ?? figures.warm.all;
  return (
    <p className="text-sm" data-testid="cold-start-in">
      {cold ? (
        <>
          Cold start in about <strong>{formatDuration(cold.p50)}</strong> on this platform{' '}
          <span className="text-zinc-600 dark:text-zinc-400">
            (p90 {formatDuration(cold.p90)}; {cold.n} {cold.n === 1 ? 'cold start' : 'cold starts'} {own ? `at ${memoryMib} MiB` : 'of functions'} measured)
            {warm ? <>; a warm request adds about {formatDuration(warm.p50)}</> : null}. Costs nothing while idle.
          </span>
        </>
      ) : (
        <span className="text-zinc-600 dark:text-zinc-400">No cold start measured yet for functions on this platform. Costs nothing while idle.</span>
      )}
    </p>
  );
}
