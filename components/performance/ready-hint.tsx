// "Ready in about … on this platform": the measured create → ready of the kind (of the chosen flavor when it has
// samples of its own), or a plain statement that nothing has been measured yet.
import { formatDuration, type Summary } from '@/lib/performance/summary';

export type ReadyFigures = { all: Summary | null; byFlavor: Record<string, Summary> };

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
