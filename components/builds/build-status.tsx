// A build's status as a badge with its word (colour is never the only signal).
const TONE: Record<string, string> = {
  succeeded: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100',
  cancelled: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
};

export function BuildStatus({ status }: { status: string }) {
  const busy = status === 'queued' || status === 'running';
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status] ?? 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100'}`} data-status={status} data-testid="build-status">
      {busy ? <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-current" /> : null}
      {status}
    </span>
  );
}
