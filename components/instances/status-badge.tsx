// An instance's status as a coloured badge with a text label (colour is never the only signal).
const TONE: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  stopped: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  error: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100',
};
const BUSY = new Set(['pending', 'creating', 'stopping', 'deleting']);

export function StatusBadge({ status }: { status: string }) {
  const tone = TONE[status] ?? 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100';
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-status={status}>
      {BUSY.has(status) ? <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-current" /> : null}
      {status}
    </span>
  );
}
