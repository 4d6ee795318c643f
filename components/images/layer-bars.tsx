// An image's layers as bars (width by size, against its largest layer), shared ones marked with the images they are
// shared with: what copy-on-write storage keeps once.
import { formatBytes } from '@/lib/format/bytes';
import type { LayerView } from '@/lib/registry/images';

export function LayerBars({ layers, label }: { layers: LayerView[]; label: string }) {
  const max = Math.max(1, ...layers.map((l) => l.size));
  return (
    <ol aria-label={`Layers of ${label}`} className="space-y-1.5" data-testid="image-layers">
      {layers.map((l, i) => (
        <li key={`${l.digest}-${i}`} className="grid grid-cols-[3rem_1fr_6rem] items-center gap-3 text-xs" data-testid="image-layer" data-shared={l.sharedWith.length ? 'true' : 'false'}>
          <span className="text-zinc-600 dark:text-zinc-400">#{i + 1}</span>
          <span className="min-w-0">
            <span className="block h-2.5 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
              <span
                className={`block h-2.5 rounded ${l.sharedWith.length ? 'bg-emerald-500 dark:bg-emerald-400' : 'bg-sky-600 dark:bg-sky-400'}`}
                style={{ width: `${Math.max(1, Math.round((l.size / max) * 100))}%` }}
              />
            </span>
            <span className="mt-0.5 block truncate font-mono text-zinc-600 dark:text-zinc-400" title={l.digest}>
              {l.digest.slice(0, 19)}
              {l.sharedWith.length ? <span className="ml-2 font-sans text-emerald-800 dark:text-emerald-300">shared with {l.sharedWith.join(', ')}</span> : null}
            </span>
          </span>
          <span className="text-right tabular-nums">{formatBytes(l.size)}</span>
        </li>
      ))}
    </ol>
  );
}
